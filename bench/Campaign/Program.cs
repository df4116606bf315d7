using System.Diagnostics;
using System.Globalization;
using Kiseki.Bench.Campaign;

// Campaigns of recorded evaluations:
//   overhead [N]      engine cost per evaluation with a trivial evaluator (built-in and command), next to the same
//                     search calling a function directly and to starting the evaluator's process N times directly;
//   reach [SEEDS] [BUDGET] [GRID]
//                     evaluations until the exact barrier of the perovskite-like proton template is found, dominant
//                     search (batch 1 and 4) against uniformly random sampling, over SEEDS seeds;
//   region [SEEDS] [BUDGET] [GRID] [OBSERVATIONS.csv]
//                     evaluations until the precipitate low-error region reaches F1 >= 0.95, LSE (batch 1 and 4) and
//                     straddle against random sampling, over SEEDS seeds (run from the repository root).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var mode = args.Length > 0 ? args[0] : "overhead";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
var clock = Stopwatch.StartNew();
switch (mode)
{
    case "overhead":
        await Overhead.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
        break;
    case "reach":
        await Reach.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16);
        break;
    case "region":
        await Region.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50,
            args.Length > 4 ? args[4] : Path.Combine("workflows", "data", "precipitate-observations.csv"));
        break;
    default:
        Console.Error.WriteLine("usage: Kiseki.Bench.Campaign overhead [N] | reach [SEEDS] [BUDGET] [GRID] | region [SEEDS] [BUDGET] [GRID] [OBSERVATIONS.csv]");
        return 2;
}

Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
return 0;
