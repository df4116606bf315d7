using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian.BayesOpt;
using Kiseki.Methods.Gaussian.BayesOptCampaign;

namespace Kiseki.Methods.Gaussian.Tests.BayesOpt;

/// <summary>gp.bayes-opt@2 asks its evaluator for exactly the candidates it proposes and, at batch 1, decides as version 1.</summary>
public sealed class BayesOptCampaignTests
{
    private static (Table Features, Dictionary<(double, double), double> Objective) Candidates()
    {
        var random = new Xoshiro256StarStar(42);
        var x = new List<double>();
        var y = new List<double>();
        var objective = new Dictionary<(double, double), double>();
        for (var i = 0; i < 15; i++)
        {
            for (var j = 0; j < 15; j++)
            {
                var a = i / 14.0;
                var b = j / 14.0;
                x.Add(a);
                y.Add(b);
                objective[(a, b)] = (a - 0.7) * (a - 0.7) + 2 * (b - 0.3) * (b - 0.3) + 0.1 * Math.Sin(6 * a) + 1e-6 * random.NextDouble();
            }
        }

        return (new Table([TableColumn.Numeric("x", [.. x]), TableColumn.Numeric("y", [.. y])]), objective);
    }

    private sealed class Lookup(Dictionary<(double, double), double> objective, Func<IReadOnlyDictionary<string, double>, bool>? fails = null) : IPointEvaluator
    {
        public List<(double X, double Y)> Points { get; } = [];

        public List<int> Batches { get; } = [];

        public Task<IReadOnlyList<PointEvaluation>> EvaluateAsync(IReadOnlyList<IReadOnlyDictionary<string, double>> points, CancellationToken cancellationToken)
        {
            Batches.Add(points.Count);
            Points.AddRange(points.Select(p => (p["x"], p["y"])));
            return Task.FromResult<IReadOnlyList<PointEvaluation>>(
                [.. points.Select(p => fails?.Invoke(p) == true ? PointEvaluation.Failed("no result") : new PointEvaluation(objective[(p["x"], p["y"])]))]);
        }
    }

    private static MethodContext Context(IPointEvaluator evaluator)
    {
        var standalone = MethodContext.CreateStandalone(9);
        return new MethodContext
        {
            StepId = standalone.StepId, Seed = standalone.Seed, Random = standalone.Random, Log = standalone.Log,
            Progress = standalone.Progress, ScratchDirectory = standalone.ScratchDirectory, Evaluator = evaluator,
        };
    }

    [Theory]
    [InlineData(BayesOptAcquisition.Ei)]
    [InlineData(BayesOptAcquisition.Ts)]
    [InlineData(BayesOptAcquisition.Random)]
    public async Task Batch1_EvaluatesOnlyProposedCandidates_AndDecidesAsVersion1(BayesOptAcquisition acquisition)
    {
        var (features, objective) = Candidates();
        var withObjective = new Table([.. features.Columns, TableColumn.Numeric("f", [.. Enumerable.Range(0, features.RowCount)
            .Select(i => objective[(features["x"].Numbers![i], features["y"].Numbers![i])])])]);
        var v1 = await new BayesOptMethod().RunAsync(new BayesOptInputs { Candidates = withObjective },
            new BayesOptParameters { ObjectiveColumn = "f", Budget = 25, InitialPoints = 5, Acquisition = acquisition },
            MethodContext.CreateStandalone(9), CancellationToken.None);
        var evaluator = new Lookup(objective);
        var v2 = await new BayesOptCampaignMethod().RunAsync(new BayesOptCampaignInputs { Candidates = features },
            new BayesOptCampaignParameters { Budget = 25, InitialPoints = 5, Acquisition = acquisition }, Context(evaluator), CancellationToken.None);

        Assert.Equal(25, evaluator.Points.Count);
        Assert.Equal(25, evaluator.Points.Distinct().Count());
        Assert.Equal(v1.Outputs.History["index"].Numbers, v2.Outputs.History["index"].Numbers);
        Assert.Equal(v1.Outputs.History["best"].Numbers, v2.Outputs.History["best"].Numbers);
        Assert.Equal(v1.Outputs.Best.Value["index"]!.GetValue<int>(), v2.Outputs.Best.Value["index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batches_AndSkippedCandidates()
    {
        var (features, objective) = Candidates();
        var evaluator = new Lookup(objective, p => p["x"] > 0.9);
        var result = await new BayesOptCampaignMethod().RunAsync(new BayesOptCampaignInputs { Candidates = features },
            new BayesOptCampaignParameters { Budget = 26, InitialPoints = 6, BatchSize = 4, Acquisition = BayesOptAcquisition.Random },
            Context(evaluator), CancellationToken.None);

        Assert.Equal([6, 4, 4, 4, 4, 4], evaluator.Batches);
        var skipped = result.Outputs.Best.Value["skipped"]!.AsArray();
        Assert.NotEmpty(skipped);
        Assert.Equal(evaluator.Points.Count(p => p.X > 0.9), skipped.Count);
        Assert.Equal(26 - skipped.Count, result.Outputs.History.RowCount);
        Assert.All(skipped, s => Assert.True(s!["point"]!["x"]!.GetValue<double>() > 0.9));
    }
}
