// Decomposition benchmark in the regime of Shiga et al. (2016): similar spectra, overlapping maps, Poisson counts.
// Scores PCA, NMF, NMF-SO, NMF-ARD-SO, β-NMF (KL) and scikit-learn NMF (the outside peer, same data, same run) on
// matched spectra (|cosine|) and maps (Pearson r), and reports the K chosen by ARD.
// Usage: dotnet run -c Release --project bench/Decomposition -- [--seeds N] [--size S] [--mn3o4 PATH.mat] [--python PATH]
//        [--case all|phantom|mn3o4]
using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Bench.Decomposition;
using Kiseki.Methods.Spectral.Synthetic;

var seeds = 3;
var size = 32;
var mat = Path.GetFullPath(Path.Combine("..", "shared", "data", "stem-nmf", "mn3o4_f2.mat"));
var python = "/usr/bin/python3";
var only = "all";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seeds": seeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--mn3o4": mat = Path.GetFullPath(args[++i]); break;
        case "--case": only = args[++i]; break;
        case "--python": python = args[++i]; break;
    }
}

var peers = new PeerRunner(python, Path.GetDirectoryName(typeof(Candidates).Assembly.Location)!);
var rows = new List<ResultRow>();
double[] levels = [5, 50, 500];
var phantom0 = Overlap(size, 50, 1);
Console.WriteLine($"# overlap phantom {size}x{size}x128, K=3, pairwise spectral cosines: {string.Join(", ", PairwiseCosines(phantom0.Spectra, 3, 128).Select(F))}");
foreach (var counts in only is "all" or "phantom" ? levels : [])
{
    for (var seed = 1; seed <= seeds; seed++)
    {
        var ph = Overlap(size, counts, (ulong)seed);
        var problem = new Problem("overlap phantom", counts, seed, ph.Data, ph.Rows, ph.Cols, ph.Channels, ph.Spectra, ph.Maps, ph.Components);
        rows.AddRange(await Candidates.RunAll(problem, peers));
    }
}

if (only is "all" or "mn3o4" && File.Exists(mat) && peers.Convert(mat, "datar") is { } clean)
{
    var (mnRows, mnCols, mnChannels) = (24, 22, 138);
    var reference = await Candidates.Reference(clean, mnRows, mnCols, mnChannels, 2);
    Console.WriteLine($"# Mn3O4 reference (NMF of the noise-free rank-2 data), spectral cosine {F(Scoring.Cosine(Col(reference.S, 2, 0, mnChannels), Col(reference.S, 2, 1, mnChannels)))}");
    foreach (var counts in levels)
    {
        for (var seed = 1; seed <= seeds; seed++)
        {
            var noisy = PoissonNoise.Noisy(clean, mnRows * mnCols, counts, (ulong)(100 + seed));
            var problem = new Problem("Mn3O4 (stem-nmf)", counts, seed, noisy, mnRows, mnCols, mnChannels, reference.S, reference.C, 2);
            rows.AddRange(await Candidates.RunAll(problem, peers));
        }
    }
}
else
{
    Console.WriteLine($"# Mn3O4 case skipped: {mat} not found or scipy missing");
}

Console.WriteLine();
Console.WriteLine("| case | counts/pixel | method | K (chosen) | spectra cos | maps r | seconds |");
Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
foreach (var g in rows.GroupBy(r => (r.Case, r.Counts, r.Method)))
{
    var list = g.ToList();
    var ks = string.Join("/", list.Select(r => r.K.ToString(CultureInfo.InvariantCulture)).Distinct());
    Console.WriteLine($"| {g.Key.Case} | {g.Key.Counts:G} | {g.Key.Method} | {ks} | {MeanSd(list.Select(r => r.Spectra))} | {MeanSd(list.Select(r => r.Maps))} | {list.Average(r => r.Seconds):F2} |");
}

static string MeanSd(IEnumerable<double> values)
{
    var v = values.ToArray();
    var mean = v.Average();
    var sd = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Sum() / Math.Max(1, v.Length - 1));
    return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {sd:F3}");
}

static OverlapPhantom Overlap(int size, double counts, ulong seed)
    => OverlapPhantomGenerator.Generate(size, size, 128, counts, PhantomNoise.Poisson, 0, new Xoshiro256StarStar(seed));

static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);

static double[] Col(double[] m, int k, int q, int n) => [.. Enumerable.Range(0, n).Select(i => m[(i * k) + q])];

static IEnumerable<double> PairwiseCosines(double[] s, int k, int n)
{
    for (var a = 0; a < k; a++)
    {
        for (var b = a + 1; b < k; b++)
        {
            yield return Scoring.Cosine(Col(s, k, a, n), Col(s, k, b, n));
        }
    }
}
