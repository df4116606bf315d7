using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

// usage: Kiseki.Bench.Nmf kernels [--size ROWS COLS CHANNELS] [--float32] [--components K] [--repeats R] [--threads T]
//        (X·S and XᵀC against the previous kernels, same bits checked, and a plain read pass; see KernelBench.cs)
//        Kiseki.Bench.Nmf peak [--seconds S]   (the cores' 512-bit FMA throughput, float64 and float32, 1 and all threads)
//        Kiseki.Bench.Nmf f32pass --file F.npy [--components 8] [--chunk ROWS] [--repeats R] [--threads T]
//        (one X·S and one XᵀC pass over a uint16 file: the library's float64 and float32 kernels, and read passes; --chunk sizes the read passes)
//        Kiseki.Bench.Nmf outofcore [--file F.npy|.rpl|.hspy] [--make ROWS COLS CHANNELS] [--components K] [--iterations N]
//        [--threads T] [--precision float64|float32] [--engine [--budget BYTES] [--keep]]
//        (NMF-SO streamed from the file in process, or through kiseki run)
//        Kiseki.Bench.Nmf pca-outofcore [--file F.npy] [--make ROWS COLS CHANNELS] [--components K] [--methods pca,svd]
//        [--poisson] [--budget BYTES] [--threads T] [--keep] [--peer [--peer-file F.npy] [--peer-batch B]]
//        (spectral.pca / spectral.svd through kiseki run out of core; scikit-learn IncrementalPCA peer, see DecompositionOutOfCore.cs)
//        Kiseki.Bench.Nmf engine [--npy FILE | --size ROWS COLS CHANNELS] [--float32] [--components K]
//        [--iterations A,B] [--methods nmf,nmf-so] [--kernel] [--method] [--keep] [--work DIR]   (kiseki run, see EngineBench.cs)
//        Kiseki.Bench.Nmf [--npy FILE | --size ROWS COLS CHANNELS] [--float32] [--components K] [--iterations N]
//        [--threads T] [--methods nmf,nmf-two-pass,nmf-so,nmf-so-lagged,nmf-ard-so,beta-kl,beta-kl-one-pass,nmf-compat] [--hash] [--tolerance TOL]
// beta-kl is β-NMF KL with two passes over X per sweep (spectral.beta-nmf@2), beta-kl-one-pass with one (@3).
// --tolerance (default 0: every run does all its iterations) lets a run stop early, after at least 10 iterations.
// --hash prints a SHA-256 of each β-NMF result (factors, objective curve, per-pixel divergence) to check that a
// kernel change keeps the outputs bit-identical.
var args2 = args.ToList();
var modes = new Dictionary<string, Action<List<string>>>
{
    ["engine"] = Kiseki.Bench.Nmf.EngineBench.Run,
    ["f32pass"] = Kiseki.Bench.Nmf.Float32Pass.Run,
    ["peak"] = Kiseki.Bench.Nmf.PeakBench.Run,
    ["kernels"] = Kiseki.Bench.Nmf.KernelBench.Run,
    ["pca-outofcore"] = Kiseki.Bench.Nmf.DecompositionOutOfCore.Run,
    ["outofcore"] = Kiseki.Bench.Nmf.OutOfCoreBench.Run,
};
if (modes.TryGetValue(args2.FirstOrDefault() ?? string.Empty, out var mode))
{
    mode(args2);
    return;
}

string? Arg(string name) { var i = args2.IndexOf(name); return i >= 0 && i + 1 < args2.Count ? args2[i + 1] : null; }
int rows = 128, cols = 128, channels = 1024;
var sizeAt = args2.IndexOf("--size");
if (sizeAt >= 0)
{
    rows = int.Parse(args2[sizeAt + 1], CultureInfo.InvariantCulture);
    cols = int.Parse(args2[sizeAt + 2], CultureInfo.InvariantCulture);
    channels = int.Parse(args2[sizeAt + 3], CultureInfo.InvariantCulture);
}

var single = args2.Contains("--float32");
var k = int.Parse(Arg("--components") ?? "4", CultureInfo.InvariantCulture);
var iterations = int.Parse(Arg("--iterations") ?? "20", CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var tolerance = double.Parse(Arg("--tolerance") ?? "0", CultureInfo.InvariantCulture);
var methods = (Arg("--methods") ?? "nmf,nmf-so,nmf-ard-so,beta-kl,nmf-compat").Split(',');
Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}, threads {threads}");

var watch = Stopwatch.StartNew();
NmfMatrix x;
if (Arg("--npy") is { } path)
{
    using var file = File.OpenRead(path);
    var array = NpyFormat.Read(file);
    x = NmfMatrix.FromArray(array);
    Console.WriteLine($"read {path}: {array} in {watch.Elapsed.TotalSeconds:F1} s");
}
else
{
    x = Phantom.Make(rows, cols, channels, k, single);
    Console.WriteLine($"phantom {rows}x{cols}x{channels} {(single ? "float32" : "float64")} in {watch.Elapsed.TotalSeconds:F1} s");
}

foreach (var method in methods)
{
    var options = new NmfSolverOptions
    {
        Components = method == "nmf-ard-so" ? Math.Max(k, 8) : k,
        Orthogonality = method is "nmf-so" or "nmf-so-lagged" or "nmf-ard-so" ? 0.1 : 0,
        Restarts = 1, MaxIterations = iterations, MinIterations = tolerance > 0 ? Math.Min(10, iterations) : iterations, Tolerance = tolerance,
        MalspyCompatible = method == "nmf-compat", Threads = threads, SinglePass = method is "nmf" or "nmf-so-lagged" or "beta-kl-one-pass",
        LaggedOrthogonality = method == "nmf-so-lagged",
    };
    var random = new Xoshiro256StarStar(1);
    var process = System.Diagnostics.Process.GetCurrentProcess();
    process.Refresh();
    var cpu0 = process.TotalProcessorTime;
    watch.Restart();
    int done;
    switch (method)
    {
        case "nmf" or "nmf-two-pass" or "nmf-so" or "nmf-so-lagged" or "nmf-compat":
            var hals = HalsSolver.Fit(x, options, random, default);
            done = hals.Objective.Length + (method == "nmf-compat" ? 1 : 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{method} quality: objective={hals.FinalObjective:G8} mean_map_cosine={MeanMapCosine(hals.C, x.Rows, options.Components):G6}"));
            break;
        case "nmf-ard-so":
            done = ArdSoSolver.Fit(x, options, random, default).Objective.Length;
            break;
        case "beta-kl" or "beta-kl-one-pass":
            var fit = BetaNmfSolver.Fit(x, 0.0, options, random, default);
            done = fit.UpdatesPerRestart[fit.BestRestart];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method} quality: objective={fit.FinalObjective:R}"));
            if (args2.Contains("--hash"))
            {
                Console.WriteLine($"{method} sha256 {Hash(fit, true)} factors {Hash(fit, false)} objective[^1]={fit.Objective[^1]:R} deviance={fit.Deviance:R}");
            }

            break;
        default:
            throw new ArgumentException($"unknown method {method}");
    }

    var seconds = watch.Elapsed.TotalSeconds;
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"kiseki {method} K={options.Components} iterations={done} wall_s={seconds:F2} seconds_per_iteration={seconds / done:F4} cpu_s={cpu:F2} cpu_seconds_per_iteration={cpu / done:F4}"));
}

// The orthogonality of a fit: the mean cosine between two different maps (0 = disjoint supports).
static double MeanMapCosine(double[] c, int n, int k)
{
    var g = new double[k * k];
    for (var i = 0; i < n; i++)
    {
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                g[(a * k) + b] += c[(i * k) + a] * c[(i * k) + b];
            }
        }
    }

    double sum = 0;
    var pairs = 0;
    for (var a = 0; a < k; a++)
    {
        for (var b = a + 1; b < k; b++)
        {
            var d = Math.Sqrt(g[(a * k) + a] * g[(b * k) + b]);
            sum += d > 0 ? g[(a * k) + b] / d : 0;
            pairs++;
        }
    }

    return pairs == 0 ? 0 : sum / pairs;
}

// withCurve false: the factors, per-pixel divergence, deviance and final objective only (not the objective curve).
static string Hash(BetaNmfSolution fit, bool withCurve)
{
    using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    foreach (var part in new[] { fit.C, fit.S, withCurve ? fit.Objective : [], fit.PixelDivergence, [fit.Deviance, fit.FinalObjective] })
    {
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(part.AsSpan()));
    }

    return Convert.ToHexString(sha.GetHashAndReset())[..16];
}

/// <summary>The make_phantom.py model (edge-like spectra, Gaussian maps, Poisson counts ≈ 50) generated in place.</summary>
internal static class Phantom
{
    public static NmfMatrix Make(int rows, int cols, int channels, int k, bool single)
    {
        var spectra = new double[k * channels];
        for (var q = 0; q < k; q++)
        {
            var c = 0.15 + (0.7 * q / Math.Max(1, k - 1));
            for (var j = 0; j < channels; j++)
            {
                var e = j / (channels - 1.0);
                spectra[(q * channels) + j] = Math.Exp(-Math.Pow((e - c) / 0.04, 2)) + (e > c ? 0.3 * Math.Exp(-(e - c) / 0.5) : 0);
            }
        }

        var random = new Xoshiro256StarStar(0);
        var centres = Enumerable.Range(0, k).Select(_ => (random.NextDouble() * rows, random.NextDouble() * cols)).ToArray();
        var w = Math.Max(rows, cols) / 4.0;
        var n = rows * cols;
        var d = single ? null : new double[(long)n * channels];
        var f = single ? new float[(long)n * channels] : null;
        Parallel.For(0, rows, r =>
        {
            var rng = random.Derive($"row-{r}");
            var mean = new double[channels];
            for (var c = 0; c < cols; c++)
            {
                Array.Clear(mean);
                for (var q = 0; q < k; q++)
                {
                    var a = Math.Exp(-(Math.Pow(r - centres[q].Item1, 2) + Math.Pow(c - centres[q].Item2, 2)) / (2 * w * w));
                    for (var j = 0; j < channels; j++)
                    {
                        mean[j] += a * spectra[(q * channels) + j];
                    }
                }

                var offset = ((long)r * cols + c) * channels;
                for (var j = 0; j < channels; j++)
                {
                    var v = rng.NextPoisson(50 * mean[j]);
                    if (single) { f![offset + j] = v; } else { d![offset + j] = v; }
                }
            }
        });
        return single ? NmfMatrix.FromSingles(f!, n, channels) : NmfMatrix.FromDoubles(d!, n, channels);
    }
}
