using System.Globalization;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Campaigns;

/// <summary>
/// A store and a workflow folder for campaign tests: a shell evaluator computing −cos 2πx − ½cos 2πy from the point
/// file that appends the point to a counter file as its last act, so the evaluator's own calls can be counted.
/// </summary>
internal static class CampaignHarness
{
    /// <summary>The evaluator: $1 point file, $2 value file, $3 counter file, $4 mode (plain | fail | slow).</summary>
    private const string Script = """
        awk -v out="$2" -v mode="$4" '{
          gsub(/[{}"]/, ""); n = split($0, kv, ",");
          for (i = 1; i <= n; i++) { split(kv[i], p, ":"); v[p[1]] = p[2] + 0 }
          if (mode == "fail" && v["x"] == 0.5) { print "no convergence at x=0.5" > "/dev/stderr"; exit 3 }
          if (mode == "slow") { system("sleep " (1 - v["x"])) }
          e = -cos(2 * 3.141592653589793 * v["x"]) - 0.5 * cos(2 * 3.141592653589793 * v["y"]);
          printf "{\"value\": %.17g}\n", e > out
        }' "$1" || exit $?
        printf '%s\n' "$(cat "$1")" >> "$3"
        """;

    /// <summary>A campaign workflow over a <paramref name="grid"/>×<paramref name="grid"/> cell.</summary>
    public static string Workflow(
        int grid = 16, int budget = 24, int batch = 2, string mode = "plain", string strategy = "dominant", string onFailure = "fail",
        int seed = 11)
        => string.Create(CultureInfo.InvariantCulture, $$"""
        kiseki: 1
        name: campaign
        seed: {{seed}}
        steps:
          search:
            method: transport.dominant-point-search@2
            params: { grid: [{{grid}}, {{grid}}], budget: {{budget}}, batch_size: {{batch}}, samples: 40, initial_points: 6, strategy: {{strategy}}, stable_iterations: 50, threshold: 0 }
            evaluate:
              command: ["/bin/sh", "energy.sh", "{inputs.point}", "{outputs.value}", "{params.counter}", "{{mode}}"]
              params: { counter: counter.txt }
              sources: [energy.sh]
              outputs: { value: value.json }
              on_failure: {{onFailure}}
        """);

    /// <summary>A harness with the evaluator script; the counter file path is made absolute in the workflow text.</summary>
    public static EngineHarness Prepare()
    {
        var harness = new EngineHarness();
        harness.Write("energy.sh", Script);
        return harness;
    }

    /// <summary>The workflow bound in <paramref name="harness"/>, its counter file in the harness folder.</summary>
    public static Kiseki.Engine.Definitions.WorkflowDefinition Load(EngineHarness harness, string workflow)
        => harness.Load(workflow.Replace("counter.txt", Counter(harness), StringComparison.Ordinal));

    /// <summary>The counter file of <paramref name="harness"/>.</summary>
    public static string Counter(EngineHarness harness) => Path.Combine(harness.Directory, "counter.txt");

    /// <summary>The points the evaluator computed, in the order it finished them.</summary>
    public static IReadOnlyList<string> Calls(EngineHarness harness)
        => File.Exists(Counter(harness)) ? [.. File.ReadAllLines(Counter(harness)).Where(l => l.Length > 0)] : [];

    /// <summary>The text of an output of the search step.</summary>
    public static string Output(EngineHarness harness, RunResult result, string port)
        => File.ReadAllText(harness.Objects.PathOf(result.Summary["search"].Outputs[port]));
}

/// <summary>Cancels a run after the search's <c>n</c>-th progress report (between two batches of evaluations).</summary>
internal sealed class CancelAfterProgress(int reports, CancellationTokenSource source) : IRunObserver
{
    private int _seen;

    public void StepStarted(string stepId)
    {
    }

    public void StepProgress(string stepId, StepProgress progress)
    {
        if (stepId == "search" && Interlocked.Increment(ref _seen) == reports)
        {
            source.Cancel();
        }
    }

    public void StepFinished(string stepId, RunStepStatus status, string? detail, TimeSpan duration)
    {
    }

    public void Message(string text)
    {
    }
}
