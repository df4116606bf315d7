using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Planning;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Commands;

/// <summary>Command steps end to end: caching, CodeChanged/EnvironmentChanged, and every kind of bad input.</summary>
public sealed class CommandStepTests
{
    public const string Workflow = """
        kiseki: 1
        name: cmd
        seed: 3
        steps:
          one:
            method: core.constant@1
            params: { value: 2.0 }
          make:
            command: ["/bin/sh", "scripts/make.sh", "{outputs.table}", "{params.n}"]
            params: { n: 4 }
            outputs: { table: out/table.csv, note: note.txt }
            sources: [scripts/make.sh]
            environment:
              probe: ["/bin/cat", "env.txt"]
          double:
            command: ["/bin/sh", "scripts/double.sh", "{inputs.table}", "{outputs.doubled}"]
            inputs: { table: "${make.outputs.table}" }
            outputs: { doubled: doubled.csv }
            sources: [scripts/double.sh]
        """;

    private const string MakeScript = """
        printf 'i,v\n' > "$1"
        i=0
        while [ "$i" -lt "$2" ]; do printf '%s,%s\n' "$i" "$((i * i))" >> "$1"; i=$((i + 1)); done
        echo "made $2 rows with seed $KISEKI_SEED"
        test -f "$KISEKI_STEP_JSON" || exit 9
        echo note > note.txt
        """;

    private const string DoubleScript = """
        awk -F, 'NR == 1 { print; next } { print $1 "," $2 * 2 }' "$1" > "$2"
        """;

    [Fact]
    public async Task Run_Twice_SecondRunIsCachedAndOutputsAreTyped()
    {
        using var harness = Prepare();
        var first = await harness.RunAsync(harness.Load(Workflow));
        Assert.Equal(RunStatus.Succeeded, first.Summary.Status);
        var make = harness.Provenance.ExecutionsForStep("make")[0].Execution!;
        Assert.Equal("kiseki.command", make.MethodId);
        Assert.Equal("table", harness.Provenance.GetArtifact(make.OutputHashes["table"])!.Kind);
        Assert.Equal("file", harness.Provenance.GetArtifact(make.OutputHashes["note"])!.Kind);
        Assert.Contains("made 4 rows with seed", make.LogExcerpt);
        Assert.Contains("\"command\"", make.KeyComponents);
        var doubled = File.ReadAllText(harness.Objects.PathOf(first.Summary["double"].Outputs["doubled"]));
        Assert.Equal("i,v\n0,0\n1,2\n2,8\n3,18\n", doubled);

        var second = await harness.RunAsync(harness.Load(Workflow));
        Assert.All(second.Summary.Steps, s => Assert.Equal(RunStepStatus.Cached, s.Status));
    }

    [Fact]
    public async Task EditScript_ReRunsThatStepAndDescendantsWithCodeChanged()
    {
        using var harness = Prepare();
        await harness.RunAsync(harness.Load(Workflow));
        harness.Write("scripts/make.sh", MakeScript.Replace("$((i * i))", "$((i * i + 1))", StringComparison.Ordinal));

        var plan = await harness.Runner().PlanAsync(harness.Load(Workflow), new RunRequest(), CancellationToken.None);
        var make = plan.Steps.Single(s => s.Id == "make");
        Assert.Equal(RerunReason.CodeChanged, make.Reasons);
        Assert.Contains("source scripts/make.sh changed", make.Detail);
        Assert.Equal(PlannedStatus.Pending, plan.Steps.Single(s => s.Id == "double").Status);
        Assert.Equal(PlannedStatus.Cached, plan.Steps.Single(s => s.Id == "one").Status);

        var result = await harness.RunAsync(harness.Load(Workflow));
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["make"].Status);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["double"].Status);
        Assert.Equal(RunStepStatus.Cached, result.Summary["one"].Status);
        Assert.Equal("i,v\n0,2\n1,4\n2,10\n3,20\n", File.ReadAllText(harness.Objects.PathOf(result.Summary["double"].Outputs["doubled"])));
    }

    [Fact]
    public async Task ProbeOutputChanged_EnvironmentChangedNamesTheLine()
    {
        using var harness = Prepare();
        await harness.RunAsync(harness.Load(Workflow));
        harness.Write("env.txt", "tool 1.0\nlib 2.1\n");

        var plan = await harness.Runner().PlanAsync(harness.Load(Workflow), new RunRequest(), CancellationToken.None);
        var make = plan.Steps.Single(s => s.Id == "make");
        Assert.Equal(RerunReason.EnvironmentChanged, make.Reasons);
        Assert.Contains("probe line 2: 'lib 2.0' → 'lib 2.1'", make.Detail);
        Assert.Equal(PlannedStatus.Cached, plan.Steps.Single(s => s.Id == "one").Status);
    }

    [Fact]
    public async Task SameInputsTwoStores_IdenticalKeysAndOutputs()
    {
        using var a = Prepare();
        using var b = Prepare();
        var first = await a.RunAsync(a.Load(Workflow));
        var second = await b.RunAsync(b.Load(Workflow), new RunRequest { Options = new RunOptions { Jobs = 3 } });
        foreach (var step in first.Summary.Steps)
        {
            Assert.Equal(step.Key, second.Summary[step.StepId].Key);
            Assert.Equal(step.Outputs, second.Summary[step.StepId].Outputs);
        }
    }

    internal static EngineHarness Prepare()
    {
        var harness = new EngineHarness();
        Directory.CreateDirectory(Path.Combine(harness.Directory, "scripts"));
        harness.Write("scripts/make.sh", MakeScript);
        harness.Write("scripts/double.sh", DoubleScript);
        harness.Write("env.txt", "tool 1.0\nlib 2.0\n");
        return harness;
    }
}
