using System.Diagnostics;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition.Pca;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Bench.Decomposition;

/// <summary>One noisy data set with its true factors (spectra channels × K, maps pixels × K).</summary>
internal sealed record Problem(string Case, double Counts, int Seed, double[] Data, int Rows, int Cols, int Channels, double[] S, double[] C, int K);

/// <summary>One method's scores on one problem.</summary>
internal sealed record ResultRow(string Case, double Counts, string Method, int K, double Spectra, double Maps, double Seconds);

/// <summary>The compared methods, each run with its default settings plus the true K (ARD: K₀ = 6).</summary>
internal static class Candidates
{
    private const int Iterations = 300;

    public static async Task<List<ResultRow>> RunAll(Problem p, PeerRunner peers)
    {
        var image = SpectrumImage.FromArray(NdArray.Create(p.Data, p.Rows, p.Cols, p.Channels), SignalKind.Eels);
        var context = MethodContext.CreateStandalone((ulong)p.Seed, Environment.ProcessorCount);
        var inputs = new NmfInputs { Image = image };
        var rows = new List<ResultRow>();

        async Task Add(string name, Func<Task<(NdArray S, NdArray C)>> run)
        {
            var clock = Stopwatch.StartNew();
            var (s, c) = await run();
            var k = s.Shape[1];
            var (sScore, cScore) = Scoring.Score(p.S, p.C, p.K, s.ToDoubleArray(), c.ToDoubleArray(), k, p.Channels, p.Rows * p.Cols);
            rows.Add(new ResultRow(p.Case, p.Counts, name, k, sScore, cScore, clock.Elapsed.TotalSeconds));
            Console.WriteLine($"# {p.Case} counts={p.Counts} seed={p.Seed} {name}: K={k} spectra={sScore:F3} maps={cScore:F3} {clock.Elapsed.TotalSeconds:F2}s");
        }

        await Add("PCA", async () => Pair((await new PcaMethod().RunAsync(new PcaInputs { Image = image }, new PcaParameters { Components = p.K }, context, default)).Outputs));
        await Add("PCA (Poisson-scaled)", async () => Pair((await new PcaMethod().RunAsync(new PcaInputs { Image = image }, new PcaParameters { Components = p.K, PoissonScaling = true }, context, default)).Outputs));
        await Add("NMF (HALS)", async () => Pair((await new NmfMethod().RunAsync(inputs, new NmfParameters { Components = p.K, MaxIterations = Iterations }, context, default)).Outputs));
        await Add("NMF-SO (w_o = 0.1)", async () => Pair((await new NmfSoMethod().RunAsync(inputs, new NmfSoParameters { Components = p.K, MaxIterations = Iterations }, context, default)).Outputs));
        await Add("NMF-ARD-SO (K₀ = 6)", async () => Pair((await new NmfArdSoMethod().RunAsync(inputs, new NmfArdSoParameters { Components = 6, MaxIterations = Iterations }, context, default)).Outputs));
        await Add("β-NMF (KL)", async () => Pair((await new BetaNmfMethod().RunAsync(inputs, new BetaNmfParameters { Components = p.K, Beta = 0, MaxIterations = Iterations }, context, default)).Outputs));
        foreach (var loss in new[] { "frobenius", "kullback-leibler" })
        {
            await Add($"scikit-learn NMF ({loss})", () => Task.FromResult(peers.Factorise(p.Data, p.Rows, p.Cols, p.Channels, p.K, loss)));
        }

        return rows;
    }

    /// <summary>Reference factors of noise-free data: NMF with 10 restarts and a tight tolerance.</summary>
    public static async Task<(double[] S, double[] C)> Reference(double[] clean, int rows, int cols, int channels, int k)
    {
        var image = SpectrumImage.FromArray(NdArray.Create(clean, rows, cols, channels));
        var r = await new NmfMethod().RunAsync(
            new NmfInputs { Image = image }, new NmfParameters { Components = k, Restarts = 10, MaxIterations = 5000, Tolerance = 1e-12 },
            MethodContext.CreateStandalone(1), default);
        return (r.Outputs.Spectra.ToDoubleArray(), r.Outputs.Maps.ToDoubleArray());
    }

    private static (NdArray, NdArray) Pair(NmfOutputs o) => (o.Spectra, o.Maps);

    private static (NdArray, NdArray) Pair(NmfArdSoOutputs o) => (o.Spectra, o.Maps);

    private static (NdArray, NdArray) Pair(PcaOutputs o) => (o.Spectra, o.Maps);
}
