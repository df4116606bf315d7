using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.DiscrepancyGrid;
using Kiseki.Methods.Precipitate.LowErrorRegion;
using Kiseki.Methods.Precipitate.LowErrorRegionCampaign;
using Kiseki.Methods.Precipitate.ShapeDiscrepancyPoint;
using Kiseki.Methods.Precipitate.SyntheticObservations;

namespace Kiseki.Methods.Precipitate.Tests;

/// <summary>
/// precipitate.low-error-region@2 evaluates only what it proposes, scores only against a given reference, batches and
/// skips failed points; the built-in evaluator and the reference grid give version 1's values.
/// </summary>
public sealed class LowErrorRegionCampaignTests
{
    private const int Grid = 20;
    private const double RhoMax = 12;

    private static async Task<Table> Observations()
        => (await new SyntheticObservationsMethod().RunAsync(
            new NoInputs(), new SyntheticObservationsParameters { AspectRatioMax = RhoMax }, MethodContext.CreateStandalone(3), CancellationToken.None))
            .Outputs.Observations;

    /// <summary>An evaluator running the built-in method at each point, recording every batch it is asked for.</summary>
    private sealed class BuiltIn(Table observations, Func<IReadOnlyDictionary<string, double>, bool>? fails = null) : IPointEvaluator
    {
        public List<IReadOnlyDictionary<string, double>> Points { get; } = [];

        public List<int> Batches { get; } = [];

        public async Task<IReadOnlyList<PointEvaluation>> EvaluateAsync(
            IReadOnlyList<IReadOnlyDictionary<string, double>> points, CancellationToken cancellationToken)
        {
            Batches.Add(points.Count);
            var results = new List<PointEvaluation>();
            foreach (var point in points)
            {
                Points.Add(point);
                if (fails?.Invoke(point) == true)
                {
                    results.Add(PointEvaluation.Failed("solver diverged"));
                    continue;
                }

                var output = await new ShapeDiscrepancyMethod().RunAsync(new NoInputs(), new ShapeDiscrepancyParameters
                {
                    AspectRatioMax = RhoMax, InterfaceEnergy = point["interface_energy"], Misfit = point["misfit"],
                    Radii = observations["radius"].Numbers!, AspectRatios = observations["aspect_ratio"].Numbers!,
                }, MethodContext.CreateStandalone(), cancellationToken);
                results.Add(new PointEvaluation(output.Outputs.Value.Value["value"]!.GetValue<double>()));
            }

            return results;
        }
    }

    private static MethodContext Context(IPointEvaluator evaluator, ulong seed = 5)
    {
        var standalone = MethodContext.CreateStandalone(seed);
        return new MethodContext
        {
            StepId = standalone.StepId, Seed = standalone.Seed, Random = standalone.Random, Log = standalone.Log,
            Progress = standalone.Progress, ScratchDirectory = standalone.ScratchDirectory, Evaluator = evaluator,
        };
    }

    private static async Task<Table> Reference(Table observations)
        => (await new DiscrepancyGridMethod().RunAsync(new DiscrepancyGridInputs { Observations = observations },
            new DiscrepancyGridParameters { AspectRatioMax = RhoMax, GridSize = Grid }, MethodContext.CreateStandalone(), CancellationToken.None))
            .Outputs.Discrepancy;

    private static Task<MethodResult<LowErrorRegionCampaignOutputs>> RunV2(
        BuiltIn evaluator, Table? reference, int budget = 60, int batch = 1, RegionStrategy strategy = RegionStrategy.Lse)
        => new LowErrorRegionCampaignMethod().RunAsync(
            new LowErrorRegionCampaignInputs { Reference = reference },
            new LowErrorRegionCampaignParameters { GridSize = Grid, Budget = budget, BatchSize = batch, Strategy = strategy },
            Context(evaluator), CancellationToken.None).AsTask();

    [Fact]
    public async Task Batch1_BuiltInEvaluator_EvaluatesExactlyTheProposedPointsAndDecidesAsVersion1()
    {
        var observations = await Observations();
        var evaluator = new BuiltIn(observations);
        var v2 = await RunV2(evaluator, await Reference(observations));
        var v1 = await new LowErrorRegionMethod().RunAsync(new LowErrorRegionInputs { Observations = observations },
            new LowErrorRegionParameters { AspectRatioMax = RhoMax, GridSize = Grid, Budget = 60 }, MethodContext.CreateStandalone(5), CancellationToken.None);

        // exactly the budget, each point once, and exactly the points listed in the evaluations output
        Assert.Equal(60, evaluator.Points.Count);
        var asked = evaluator.Points.Select(p => (p["interface_energy"], p["misfit"])).ToList();
        Assert.Equal(60, asked.Distinct().Count());
        var listed = v2.Outputs.Evaluations;
        Assert.Equal(asked, Enumerable.Range(0, listed.RowCount).Select(i => (listed["interface_energy"].Numbers![i], listed["misfit"].Numbers![i])));
        // version 1 evaluated the same points (its exhaustive grid aside) and scored the same F1 after every step
        Assert.Equal(v1.Outputs.Region["evaluated"].Numbers, v2.Outputs.Region["evaluated"].Numbers);
        Assert.Equal(v1.Outputs.F1Curve["f1"].Numbers, v2.Outputs.F1Curve!["f1"].Numbers);
        Assert.Equal(v1.Outputs.Region["estimate"].Numbers, v2.Outputs.Region["estimate"].Numbers);
    }

    [Fact]
    public async Task NoReference_NoQualityOutputs()
    {
        var evaluator = new BuiltIn(await Observations());
        var result = await RunV2(evaluator, null, budget: 30);

        Assert.Null(result.Outputs.F1Curve);
        Assert.Null(result.Outputs.EvaluationsToTarget);
        Assert.Null(result.Outputs.Summary.Value["final_f1"]);
        Assert.False(result.Metrics.ContainsKey("final_f1"));
        Assert.Equal(30, evaluator.Points.Count);
        Assert.Equal(30, result.Outputs.Summary.Value["evaluations"]!.GetValue<int>());
        var inside = result.Outputs.Inside;
        Assert.Equal(result.Outputs.Region["estimate"].Numbers!.Count(e => e == 1), inside.RowCount);
        Assert.Equal(inside.RowCount, result.Outputs.Summary.Value["region_points"]!.GetValue<int>());
    }

    [Fact]
    public async Task WithReference_FinalF1EqualsAnExhaustiveCheckOfTheEstimate()
    {
        var observations = await Observations();
        var reference = await Reference(observations);
        var result = await RunV2(new BuiltIn(observations), reference, budget: 50, batch: 3);

        var truth = reference["discrepancy"].Numbers!.Select(y => y < 0.01).ToArray();
        var estimate = result.Outputs.Region["estimate"].Numbers!.Select(e => e == 1).ToArray();
        var (f1, _, _) = LowErrorRegionSolver.F1Score(estimate, truth);
        Assert.Equal(f1, result.Outputs.Summary.Value["final_f1"]!.GetValue<double>());
        Assert.Equal(f1, result.Outputs.F1Curve!["f1"].Numbers![^1]);
        Assert.Equal(truth.Count(t => t), result.Outputs.EvaluationsToTarget!.Value["true_region_points"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batches_AskForQPointsPerStep_AndRepeatIdentically()
    {
        var observations = await Observations();
        var first = new BuiltIn(observations);
        var a = await RunV2(first, null, budget: 34, batch: 4);
        var second = new BuiltIn(observations);
        var b = await RunV2(second, null, budget: 34, batch: 4);

        // 10 initial points, then steps of 4 and a last one of the remaining 0–3
        Assert.Equal(10, first.Batches[0]);
        Assert.All(first.Batches.Skip(1).SkipLast(1), q => Assert.Equal(4, q));
        Assert.Equal(34, first.Batches.Sum());
        Assert.Equal(first.Points, second.Points);
        Assert.Equal(a.Outputs.Region["probability"].Numbers, b.Outputs.Region["probability"].Numbers);
    }

    [Fact]
    public async Task FailedEvaluations_Skip_ExcludedListedAndCounted()
    {
        var evaluator = new BuiltIn(await Observations(), p => p["misfit"] > 0.07);
        var result = await RunV2(evaluator, null, budget: 40, strategy: RegionStrategy.Random);

        var skipped = result.Outputs.Summary.Value["skipped"]!.AsArray();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, s => Assert.True(s!["point"]!["misfit"]!.GetValue<double>() > 0.07));
        Assert.All(skipped, s => Assert.Equal("solver diverged", s!["error"]!.GetValue<string>()));
        Assert.Equal(40, evaluator.Points.Count);
        Assert.Equal(40 - skipped.Count, result.Outputs.Evaluations.RowCount);
        Assert.DoesNotContain(result.Outputs.Evaluations["misfit"].Numbers!, m => m > 0.07);
    }

    [Fact]
    public async Task NoEvaluator_FailsWithAHint()
    {
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new LowErrorRegionCampaignMethod().RunAsync(
            new LowErrorRegionCampaignInputs(), new LowErrorRegionCampaignParameters(), MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Contains("evaluate:", error.Message);
    }

    [Fact]
    public async Task Reference_OnAnotherGrid_IsRefusedNamingTheInput()
    {
        var observations = await Observations();
        var reference = await Reference(observations);
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new LowErrorRegionCampaignMethod().RunAsync(
            new LowErrorRegionCampaignInputs { Reference = reference },
            new LowErrorRegionCampaignParameters { GridSize = Grid, MisfitMax = 0.09 }, Context(new BuiltIn(observations)), CancellationToken.None));
        Assert.Equal("reference", error.Subject);
    }

    [Fact]
    public async Task BuiltInEvaluatorAndReferenceGrid_EqualVersion1sExhaustiveValues()
    {
        var observations = await Observations();
        var v1 = await new LowErrorRegionMethod().RunAsync(new LowErrorRegionInputs { Observations = observations },
            new LowErrorRegionParameters { AspectRatioMax = RhoMax, GridSize = Grid, Budget = 12 }, MethodContext.CreateStandalone(5), CancellationToken.None);
        var reference = await Reference(observations);
        Assert.Equal(v1.Outputs.Region["discrepancy"].Numbers, reference["discrepancy"].Numbers);
        int[] indices = [0, 77, 211, 399];
        var values = await new BuiltIn(observations).EvaluateAsync([.. indices.Select(i => new Dictionary<string, double>
        {
            ["interface_energy"] = reference["interface_energy"].Numbers![i], ["misfit"] = reference["misfit"].Numbers![i],
        })], CancellationToken.None);
        Assert.Equal(indices.Select(i => reference["discrepancy"].Numbers![i]), values.Select(v => v.Value));
    }

    [Fact]
    public async Task ShapeDiscrepancy_MismatchedObservations_NamesTheParameter()
    {
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new ShapeDiscrepancyMethod().RunAsync(
            new NoInputs(), new ShapeDiscrepancyParameters { Radii = [2, 5], AspectRatios = [1.5] }, MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("radii", error.Subject);
    }
}
