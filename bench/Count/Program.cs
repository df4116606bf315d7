// Component-count test benchmark.
//   speed        48×48×200 phantom, K_true = 4, 100 counts/pixel, α = 0.05, B = 39, max_components = 7 (target ≤ 60 s)
//   calibration  size and power table over K_true × counts × shapes (+ over-dispersed phantoms); writes CSV and PNG
// Usage: dotnet run -c Release --project bench/Count -- speed
//        dotnet run -c Release --project bench/Count -- calibration [phantoms=100] [out=calibration] [first cell=0]
//        dotnet run -c Release --project bench/Count -- plot calibration.csv calibration.png   (plot of a finished or partial table)
//        dotnet run -c Release --project bench/Count -- chain                      (sweeps per rank of one data chain)
//        dotnet run -c Release --project bench/Count -- probe K counts gain side channels   (dispersion estimators)
//        dotnet run -c Release --project bench/Count -- probesize K counts gain side channels phantoms QuasiPoisson|Poisson seed
//        dotnet run -c Release --project bench/Count -- probereplicate K           (replicate fits on the speed phantom)
//        dotnet run -c Release --project bench/Count -- probeoverturn K counts side channels first phantoms calibration   (tests that reach the deeper levels; calibration_replicates)
//        dotnet run -c Release --project bench/Count -- probepair K counts side channels phantoms reps seed  (paired against independent deeper levels)
//        dotnet run -c Release --project bench/Count -- probepower K counts side channels phantoms        (a cell's power phantoms, test by test)
//        dotnet run -c Release --project bench/Count -- probestart K counts side channels first phantoms      (data T against a truth-started null fit)
using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Bench.Count;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

var threads = Environment.ProcessorCount;
var tasks = args.Length == 0 ? ["speed"] : args;
for (var i = 0; i < tasks.Length; i++)
{
    switch (tasks[i])
    {
        case "speed":
            Speed();
            break;
        case "plot":
            CalibrationTable.PlotCsv(tasks[++i], tasks[++i]);
            break;
        case "probe":
            Probe.Dispersion(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), 20);
            break;
        case "probesize":
            ProbeSize.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), Enum.Parse<CountNoise>(tasks[++i]), ulong.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probereplicate":
            ProbeReplicate.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probenull":
            ProbeNull.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probeoracle":
            ProbeOracle.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), ulong.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probeshift":
            ProbeShift.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), ulong.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probepair":
            ProbePair.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), ulong.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probestart":
            ProbeStart.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), ulong.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probeoverturn":
            ProbeOverturn.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), ulong.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probepower":
            ProbePower.Run(int.Parse(tasks[++i], CultureInfo.InvariantCulture), double.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture), int.Parse(tasks[++i], CultureInfo.InvariantCulture));
            break;
        case "probesearch":
            ProbeSearch.Run();
            break;
        case "chain":
            ChainProfile.Run();
            break;
        case "calibration":
            var phantoms = i + 1 < tasks.Length && int.TryParse(tasks[i + 1], CultureInfo.InvariantCulture, out var p) ? p : 100;
            i += i + 1 < tasks.Length && int.TryParse(tasks[i + 1], CultureInfo.InvariantCulture, out _) ? 1 : 0;
            var output = i + 1 < tasks.Length ? tasks[++i] : "calibration";
            var skip = i + 1 < tasks.Length && int.TryParse(tasks[i + 1], CultureInfo.InvariantCulture, out var s) ? s : 0;
            i += skip > 0 ? 1 : 0;
            CalibrationTable.Run(phantoms, output, threads, skip);
            break;
        default:
            Console.Error.WriteLine($"unknown task '{tasks[i]}': use speed or calibration [phantoms] [output prefix]");
            return 2;
    }
}

return 0;

void Speed()
{
    // The 2026-12-04 measurement of count.bootstrap-lrt@1 on this phantom and machine (answer 5, p = 0.025 at K = 5).
    const double previousSeconds = 392;
    var options = new PhantomOptions { Rows = 48, Cols = 48, Channels = 200, Components = 4, Counts = 100 };
    var phantom = PhantomGenerator.Generate(options, new Xoshiro256StarStar(1));
    var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 39, MaxComponents = 7 };
    var clock = Stopwatch.StartNew();
    var result = BootstrapLrtSolver.Run(phantom.Data, 48 * 48, 200, parameters, new Xoshiro256StarStar(2), threads, null, default);
    var seconds = clock.Elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    foreach (var s in result.Steps)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  K={s.K}: T={s.Statistic:G6}, p={s.PValue:G4}, replicates {s.Replicates}, exceedances {s.Exceedances}, dispersion {s.Dispersion:G4}, shift {s.Shift:G4} from {s.SecondLevel} second-level replicates"));
    }

    var answer = result.Stopped ? $"{result.ComponentsFound}" : $">= {result.ComponentsFound}";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"speed: 48x48x200, K_true=4, 100 counts/pixel, alpha=0.05, B=39, max_components=7, quasi-poisson, {threads} threads: {seconds:F1} s wall, {cpu:F0} s CPU (target 60 s wall; @1 measured {previousSeconds:F0} s on 2026-12-04, answer 5), answer {answer}"));
}
