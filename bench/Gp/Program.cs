using Kiseki.Bench.Gp;
using Kiseki.Methods.Gaussian.BayesOpt;

// usage: dotnet run -c Release --project bench/Gp -- [bayes-opt|lse|lse-debug|all] [seeds] [acquisition] [strategies|first seed]
var mode = args.Length > 0 ? args[0] : "all";
var seeds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var acquisition = args.Length > 2 ? Enum.Parse<BayesOptAcquisition>(args[2], ignoreCase: true) : BayesOptAcquisition.Ts;
var data = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data/physbo/s5-210.csv"));
if (mode is "bayes-opt" or "all")
{
    if (File.Exists(data))
    {
        BayesOptBench.Run(data, seeds, acquisition, budget: 600,
            firstSeed: args.Length > 3 && mode == "bayes-opt" ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1);
    }
    else
    {
        Console.WriteLine($"skipped bayes-opt: {data} not found");
    }
}

if (mode is "lse" or "all" or "lse-debug")
{
    var strategies = args.Length > 3
        ? args[3].Split(',').Select(s => Enum.Parse<Kiseki.Methods.Precipitate.LowErrorRegion.RegionStrategy>(s.Replace("-", ""), ignoreCase: true)).ToArray()
        : Enum.GetValues<Kiseki.Methods.Precipitate.LowErrorRegion.RegionStrategy>();
    RegionBench.Run(mode == "lse-debug" ? 1 : seeds, strategies, 50, verbose: mode == "lse-debug");
}
