using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution;
using Kiseki.Provenance;

namespace Kiseki.Engine.Reproduction;

/// <summary>What the judge needs to know about one recorded step.</summary>
/// <param name="Outputs">Recorded output port → how to read it (null when the step produced nothing in the recorded run).</param>
/// <param name="Inputs">Recorded input port → artifact hash.</param>
/// <param name="Reasons">Differences of method version and environment already known for the step.</param>
public sealed record RecordedStep(IReadOnlyDictionary<string, OutputSide>? Outputs, IReadOnlyDictionary<string, string> Inputs, IReadOnlyList<string> Reasons);

/// <summary>
/// Walks a re-executed run in plan order and judges each step's outputs against the recorded step
/// (<see cref="OutputJudge"/>); names the first step with a different output and why (method or Kiseki version,
/// environment, a different input, or an altered recorded file).
/// </summary>
public static class RunJudge
{
    /// <summary>The verdicts of <paramref name="summary"/> (bound as <paramref name="workflow"/>) against <paramref name="recorded"/>.</summary>
    public static (IReadOnlyList<OutputVerdict> Outputs, Divergence? First, IReadOnlyList<string> Notes) Judge(
        WorkflowDefinition workflow, RunSummary summary, IProvenanceStore provenance, ObjectStore objects, Func<string, RecordedStep?> recorded)
    {
        var codec = new ArtifactCodec(objects);
        var verdicts = new List<OutputVerdict>();
        var notes = new List<string>();
        Divergence? first = null;
        var byId = workflow.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var step in summary.Steps)
        {
            var before = recorded(step.StepId);
            if (before?.Outputs is not { } recordedOutputs)
            {
                notes.Add($"step {step.StepId}: no recorded outputs to compare with ({(before is null ? "not in the recorded run" : "it did not succeed there")})");
                continue;
            }

            var method = byId.TryGetValue(step.StepId, out var bound) ? bound.Method : null;
            List<OutputVerdict> stepVerdicts;
            if (step.Status is not (RunStepStatus.Succeeded or RunStepStatus.Cached))
            {
                stepVerdicts = [.. recordedOutputs.Select(p => new OutputVerdict(step.StepId, p.Key, Verdict.Different, double.PositiveInfinity,
                    $"the re-execution {step.Status.ToString().ToLowerInvariant()}" + (step.Detail is null ? "" : ": " + step.Detail), p.Value.Hash, null))];
            }
            else
            {
                var now = step.Outputs.ToDictionary(p => p.Key, p => new OutputSide(p.Value, () => codec.Decode(p.Value, provenance.GetArtifact(p.Value)?.Kind ?? ArtifactKind.File)), StringComparer.Ordinal);
                stepVerdicts = [.. OutputJudge.Judge(step.StepId, method?.Attribute.RelativeTolerance ?? 0, method?.FactorSets ?? [], recordedOutputs, now)];
            }

            verdicts.AddRange(stepVerdicts);
            if (first is null && stepVerdicts.Any(v => !v.Passes))
            {
                first = new Divergence(step.StepId, Reasons(step, before, provenance, recordedOutputs));
            }
        }

        return (verdicts, first, notes);
    }

    private static List<string> Reasons(StepReport step, RecordedStep before, IProvenanceStore provenance, IReadOnlyDictionary<string, OutputSide> outputs)
    {
        var reasons = new List<string>(before.Reasons);
        reasons.AddRange(outputs.Where(o => o.Value.Problem is not null).Select(o => $"{o.Key}: {o.Value.Problem}"));
        if (step.Key is { } key && provenance.FindSuccessfulExecution(key) is { } execution)
        {
            foreach (var (port, hash) in execution.InputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (before.Inputs.TryGetValue(port, out var old) && old != hash.ToString())
                {
                    reasons.Add($"different input '{port}' ({Short(old)} recorded, {Short(hash.ToString())} now)");
                }
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add("same method version, Kiseki version, environment and inputs: the step's result is not reproducible as recorded");
        }

        return reasons;
    }

    private static string Short(string hash) => hash.Length > 19 ? hash[..19] + "…" : hash;
}
