using Kiseki.Engine.Audit;

namespace Kiseki.Engine.Tests.Audit;

public sealed class ExplainDiffTests
{
    [Fact]
    public async Task Explain_AfterParameterChange_NamesExactlyTheChangedParameter()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var explanation = new StepExplainer(fixture.Store).Explain("one");

        Assert.Equal(fixture.SecondId, explanation.Run.Id);
        Assert.Equal(fixture.FirstId, explanation.PreviousRunId);
        var change = Assert.Single(explanation.Changes);
        Assert.Equal(("parameter", "value", "2.0", "4.0"), (change.Component, change.Name, change.Before, change.After));
        Assert.Contains(explanation.Components!.Rows(), r => r.Component == "seed");
    }

    [Fact]
    public async Task Explain_DownstreamStep_NamesChangedInputAndProducer()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var explanation = new StepExplainer(fixture.Store).Explain("total", fixture.SecondId[..20]);

        var change = Assert.Single(explanation.Changes);
        Assert.Equal(("input", "a"), (change.Component, change.Name));
        Assert.Equal("one", explanation.Producers["a"]);
        Assert.Contains(explanation.ToLines(), l => l.Contains("input a: sha256:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explain_UnchangedStep_SaysSameKey()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var explanation = new StepExplainer(fixture.Store).Explain("two");

        Assert.Empty(explanation.Changes);
        Assert.Equal(explanation.Previous!.StepKey, explanation.Step.StepKey);
        Assert.True(explanation.Step.CacheHit);
    }

    [Fact]
    public async Task Explain_UnknownStep_ListsTheSteps()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var error = Assert.Throws<AuditException>(() => new StepExplainer(fixture.Store).Explain("nope"));

        Assert.Contains("total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_TwoRuns_ReportsTextParametersKeysOutputsAndCache()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var diff = new RunDiffer(fixture.Store).Diff(fixture.FirstId, fixture.SecondId);

        Assert.Contains(diff.Workflow, l => l is { Op: '+', Text: "description: second" });
        var parameter = Assert.Single(diff.Parameters);
        Assert.Equal(("base", "2.0", "4"), (parameter.Name, parameter.Before, parameter.After)); // --set base=4 is an integer
        var one = diff.Steps.Single(s => s.StepId == "one");
        Assert.NotEqual(one.KeyA, one.KeyB);
        Assert.Contains(one.KeyChanges, c => c.Name == "value");
        Assert.Contains(one.OutputChanges, c => c.Name == "value");
        var two = diff.Steps.Single(s => s.StepId == "two");
        Assert.Equal(two.KeyA, two.KeyB);
        Assert.True(two.CacheB);
        Assert.Empty(two.OutputChanges);
        var noise = diff.Steps.Single(s => s.StepId == "noise");
        Assert.Empty(noise.OutputChanges);
        Assert.Empty(diff.Environment);
        Assert.True(diff.ToJson()["differs"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Diff_SameRun_DiffersInNothing()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var diff = new RunDiffer(fixture.Store).Diff(fixture.FirstId, fixture.FirstId);

        Assert.False(diff.Differs);
    }

    [Fact]
    public void LineDiff_Compute_KeepsTheLongestCommonSubsequence()
    {
        var diff = LineDiff.Compute("a\nb\nc\nd\n", "a\nc\nx\nd\n");

        Assert.Equal(["  a", "- b", "  c", "+ x", "  d"], diff.Select(l => l.ToString()));
    }

    [Fact]
    public void KeyComponents_VersionAndSeedChange_AreNamed()
    {
        var a = KeyComponents.Parse("""{"inputs":{},"key":"kiseki-step/v1","method":{"id":"x.y","version":1},"params":{"k":3},"seed":1}""");
        var b = KeyComponents.Parse("""{"inputs":{},"key":"kiseki-step/v1","method":{"id":"x.y","version":2},"params":{"k":3},"seed":2}""");

        var changes = b.ChangesFrom(a);

        Assert.Equal(["method version of x.y: 1 → 2", "seed: 1 → 2"], changes.Select(c => c.ToString()));
    }
}
