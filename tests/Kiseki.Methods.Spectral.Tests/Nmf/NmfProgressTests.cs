using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

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

        var restarts = reports.Where(r => !r.Message!.Contains("sweep", StringComparison.Ordinal)).ToList();
        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], restarts.Select(r => r.Fraction), new Tolerance());
        Assert.All(restarts, r => Assert.Matches(@"^restart [123]/3, objective [0-9.eE+-]+$", r.Message));
        Assert.Matches(@"^restart 1/3, sweep 1/50, objective [0-9.eE+-]+$", reports[0].Message); // the first sweep always reports
        Assert.Equal(quiet.Outputs.Spectra.GetData<double>(), result.Outputs.Spectra.GetData<double>());
    }

    [Fact]
    public async Task NmfArdSo_ReportsEveryRestart()
    {
        var reports = new List<StepProgress>();
        var context = Recording(MethodContext.CreateStandalone(5, 2), reports);

        await new NmfArdSoMethod().RunAsync(new NmfInputs { Image = Phantom.Value.Image },
            new NmfArdSoParameters { Components = 5, Restarts = 2, MaxIterations = 30 }, context, CancellationToken.None);

        Assert.Equal(2, reports.Count(r => !r.Message!.Contains("sweep", StringComparison.Ordinal)));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.StartsWith("restart 1/2, sweep 1/30, objective ", reports[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nmf")]
    [InlineData("ard")]
    [InlineData("kl")]
    public void Solvers_ReportEverySweepWithTheObjectiveOfTheCurve(string solver)
    {
        var reports = new List<StepProgress>();
        var context = Recording(MethodContext.CreateStandalone(3, 2), reports);
        var progress = new NmfProgress(context, 2, 12, TimeSpan.Zero);
        var options = new NmfSolverOptions
        {
            Components = 3, Restarts = 2, MaxIterations = 12, MinIterations = 12, Tolerance = 0, Threads = 2,
            Orthogonality = solver == "ard" ? 0.1 : 0, SinglePass = true, RestartFinished = progress.Restart, SweepFinished = progress.Sweep,
        };
        var x = NmfMatrix.FromArray(Phantom.Value.Image.Data);
        var random = new Kiseki.Abstractions.Randomness.Xoshiro256StarStar(1);
        var curve = solver switch
        {
            "nmf" => HalsSolver.Fit(x, options, random, default).Objective,
            "ard" => ArdSoSolver.Fit(x, options with { Components = 4 }, random, default).Objective,
            _ => BetaNmfSolver.Fit(x, 0, options, random, default).Objective,
        };

        var sweeps = reports.Where(r => r.Message!.Contains("sweep", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reports.Count - sweeps.Count); // one report per restart
        Assert.True(sweeps.Count >= curve.Length, $"{sweeps.Count} sweep reports for a curve of {curve.Length}");
        Assert.Equal(reports.Select(r => r.Fraction).Order(), reports.Select(r => r.Fraction)); // never goes back
        Assert.All(reports, r => Assert.InRange(r.Fraction, 0, 1));
        Assert.Contains(sweeps, r => r.Message!.EndsWith(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"objective {curve[^1]:G6}"), StringComparison.Ordinal));
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
