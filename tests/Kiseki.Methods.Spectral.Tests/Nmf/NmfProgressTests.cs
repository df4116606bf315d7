using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>Iterative fits report their progress (restarts done, objective) while they run, and it never changes results.</summary>
public sealed class NmfProgressTests
{
    private static readonly Lazy<NmfPhantom> Phantom = new(() => NmfPhantom.Create());

    [Fact]
    public async Task NmfSo_ReportsEveryRestartWithItsObjective()
    {
        var reports = new List<StepProgress>();
        var context = Recording(MethodContext.CreateStandalone(3, 2), reports);

        var result = await new NmfSoMethod().RunAsync(new NmfInputs { Image = Phantom.Value.Image },
            new NmfSoParameters { Components = 3, Orthogonality = 0.1, MaxIterations = 50, Restarts = 3 }, context, CancellationToken.None);
        var quiet = await new NmfSoMethod().RunAsync(new NmfInputs { Image = Phantom.Value.Image },
            new NmfSoParameters { Components = 3, Orthogonality = 0.1, MaxIterations = 50, Restarts = 3 }, MethodContext.CreateStandalone(3, 2), CancellationToken.None);

        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], reports.Select(r => r.Fraction), new Tolerance());
        Assert.All(reports, r => Assert.Matches(@"^restart [123]/3, objective [0-9.eE+-]+$", r.Message));
        Assert.Equal(quiet.Outputs.Spectra.GetData<double>(), result.Outputs.Spectra.GetData<double>());
    }

    [Fact]
    public async Task NmfArdSo_ReportsEveryRestart()
    {
        var reports = new List<StepProgress>();
        var context = Recording(MethodContext.CreateStandalone(5, 2), reports);

        await new NmfArdSoMethod().RunAsync(new NmfInputs { Image = Phantom.Value.Image },
            new NmfArdSoParameters { Components = 5, Restarts = 2, MaxIterations = 30 }, context, CancellationToken.None);

        Assert.Equal(2, reports.Count);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    private static MethodContext Recording(MethodContext c, List<StepProgress> reports)
        => new()
        {
            StepId = c.StepId, Seed = c.Seed, Random = c.Random, Log = c.Log, Progress = new Recorder(reports),
            MaxDegreeOfParallelism = c.MaxDegreeOfParallelism, ScratchDirectory = c.ScratchDirectory,
        };

    private sealed class Recorder(List<StepProgress> reports) : IProgress<StepProgress>
    {
        public void Report(StepProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
