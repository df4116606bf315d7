// Component-count test benchmark: speed (B = 99 on 64×64×256, K_max = 6), calibration of the K_true vs K_true+1
// test on phantoms with exactly K_true components, and power (chosen K = K_true) at 50 counts per pixel.
// Usage: dotnet run -c Release --project bench/Count -- [speed] [calibration N] [power N]
using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

var threads = Environment.ProcessorCount;
var tasks = args.Length == 0 ? ["speed", "calibration", "20", "power", "10"] : args;
for (var i = 0; i < tasks.Length; i++)
{
    switch (tasks[i])
    {
        case "speed":
            Speed();
            break;
        case "calibration":
            Calibration(int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "power":
            Power(int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
    }
}

void Speed()
{
    var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = 64, Cols = 64, Channels = 256, Components = 3, Counts = 50 }, new Xoshiro256StarStar(1));
    var parameters = new BootstrapLrtParameters { Replicates = 99, MaxComponents = 6, Restarts = 3 };
    var clock = Stopwatch.StartNew();
    var result = BootstrapLrtSolver.Run(phantom.Data, 64 * 64, 256, parameters, new Xoshiro256StarStar(2), threads, null, default);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"speed: 64x64x256, K_true=3, 50 counts/pixel, B=99, K_max=6, {threads} threads: {clock.Elapsed.TotalSeconds:F1} s, chose K={result.ComponentsFound}, tests run: {result.Steps.Count}"));
}

void Calibration(int replicates)
{
    // Phantoms with exactly K_true = 2 components; the test of 2 vs 3 should reject at rate ≈ α.
    const double alpha = 0.1;
    var rejected = 0;
    var reached = 0;
    var clock = Stopwatch.StartNew();
    for (var r = 0; r < replicates; r++)
    {
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = 16, Cols = 16, Channels = 64, Components = 2, Counts = 200 }, new Xoshiro256StarStar(1000 + (ulong)r));
        var parameters = new BootstrapLrtParameters { Alpha = alpha, Replicates = 39, MaxComponents = 3, Restarts = 1 };
        var result = BootstrapLrtSolver.Run(phantom.Data, 256, 64, parameters, new Xoshiro256StarStar(5000 + (ulong)r), threads, null, default);
        var test = result.Steps.FirstOrDefault(s => s.K == 3);
        if (test is null)
        {
            continue;
        }

        reached++;
        if (test.PValue < alpha)
        {
            rejected++;
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"calibration: K_true=2, test 2 vs 3 at alpha={alpha}: rejected {rejected}/{reached} = {(reached == 0 ? 0 : (double)rejected / reached):F3} (target [{alpha / 2}, {2 * alpha}]); {replicates} phantoms in {clock.Elapsed.TotalSeconds:F1} s"));
}

void Power(int seeds)
{
    var correct = 0;
    var clock = Stopwatch.StartNew();
    var chosen = new List<int>();
    for (var s = 0; s < seeds; s++)
    {
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = 32, Cols = 32, Channels = 128, Components = 3, Counts = 50 }, new Xoshiro256StarStar(200 + (ulong)s));
        var parameters = new BootstrapLrtParameters { Replicates = 39, MaxComponents = 5, Restarts = 2 };
        var result = BootstrapLrtSolver.Run(phantom.Data, 32 * 32, 128, parameters, new Xoshiro256StarStar(300 + (ulong)s), threads, null, default);
        chosen.Add(result.ComponentsFound);
        if (result.ComponentsFound == 3)
        {
            correct++;
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"power: K_true=3, 50 counts/pixel, 32x32x128, B=39: chose K_true in {correct}/{seeds} = {(double)correct / seeds:F2} (chosen: {string.Join(",", chosen)}) in {clock.Elapsed.TotalSeconds:F1} s"));
}
