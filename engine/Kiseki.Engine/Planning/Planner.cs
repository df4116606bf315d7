using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Hashing;
using Kiseki.Provenance;

namespace Kiseki.Engine.Planning;

/// <summary>
/// Turns a <see cref="WorkflowDefinition"/> into an <see cref="ExecutionPlan"/>: computes the Merkle step keys it can,
/// decides cached / to run / pending for every step, and names why each step re-runs by comparing it with the latest
/// recorded execution of the same step id.
/// </summary>
public sealed class Planner(IProvenanceStore provenance, ObjectStore objects)
{
    private readonly CacheProbe _cache = new(provenance, objects);

    /// <summary>Plans <paramref name="workflow"/> with its external inputs already resolved.</summary>
    public ExecutionPlan Plan(WorkflowDefinition workflow, IReadOnlyDictionary<string, FileArtifact> inputs, PlanOptions? options = null)
    {
        options ??= new PlanOptions();
        var force = ForcedSteps(workflow, options.Force);
        var planned = new List<PlannedStep>(workflow.Steps.Count);
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, ContentHash>>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var step in workflow.Steps)
        {
            var inputHashes = KnownInputs(step, inputs, outputs);
            if (inputHashes is null)
            {
                var reasons = RerunReason.UpstreamChanged | (force.Contains(step.Id) ? RerunReason.Forced : RerunReason.None)
                              | CompareWithHistory(step, null);
                planned.Add(new PlannedStep(step, null, PlannedStatus.Pending, reasons, null, null));
                continue;
            }

            var key = StepKey.Compute(step.Method.Reference, step.CanonicalParameters, inputHashes, step.Seed);
            if (force.Contains(step.Id))
            {
                planned.Add(new PlannedStep(step, key, PlannedStatus.ToRun, RerunReason.Forced, null, null));
                continue;
            }

            var hit = _cache.TryHit(key.Digest, out var problem, step.Method);
            if (hit is not null)
            {
                outputs[step.Id] = hit.OutputHashes;
                if (hit.ImplementationDigest != step.Method.ImplementationDigest)
                {
                    warnings.Add($"step '{step.Id}': the implementation of {step.Method.Reference} changed since its cached " +
                                 "result was computed, but its version did not; the cached result is reused " +
                                 $"(bump the method version, or use --force {step.Id}).");
                }

                planned.Add(new PlannedStep(step, key, PlannedStatus.Cached, RerunReason.None, hit, null));
                continue;
            }

            var why = problem is not null ? RerunReason.OutputMissing : CompareWithHistory(step, inputHashes);
            planned.Add(new PlannedStep(step, key, PlannedStatus.ToRun, why == RerunReason.None ? RerunReason.NoRecord : why, null, problem));
        }

        return new ExecutionPlan(workflow, planned, inputs, warnings);
    }

    /// <summary>The instance ids selected by <paramref name="requested"/> (instance ids or declared ids); unknown ids throw.</summary>
    public static IReadOnlySet<string> ForcedSteps(WorkflowDefinition workflow, IReadOnlyCollection<string> requested)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in requested)
        {
            var matches = workflow.Steps.Where(s => s.Id == id || s.DeclaredId == id).Select(s => s.Id).ToList();
            if (matches.Count == 0)
            {
                throw new ArgumentException(
                    $"--force {id}: no such step; the workflow has {string.Join(", ", workflow.Steps.Select(s => s.DeclaredId).Distinct())}.");
            }

            result.UnionWith(matches);
        }

        return result;
    }

    /// <summary>Input port → hash when every bound input is known now; null when an upstream step must run first.</summary>
    internal static Dictionary<string, ContentHash>? KnownInputs(
        BoundStep step, IReadOnlyDictionary<string, FileArtifact> inputs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, ContentHash>> outputs)
    {
        var result = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (port, binding) in step.Inputs)
        {
            switch (binding)
            {
                case ExternalInputBinding external:
                    result[port] = inputs[external.InputName].Hash;
                    break;
                case StepOutputBinding upstream:
                    if (!outputs.TryGetValue(upstream.StepId, out var produced))
                    {
                        return null;
                    }

                    if (produced.TryGetValue(upstream.Port, out var hash))
                    {
                        result[port] = hash;
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>Why the step differs from the latest recorded execution of its id (NoRecord when there is none).</summary>
    internal RerunReason CompareWithHistory(BoundStep step, IReadOnlyDictionary<string, ContentHash>? inputHashes)
    {
        var previous = provenance.ExecutionsForStep(step.Id).Select(e => e.Execution).FirstOrDefault(e => e is not null);
        if (previous is null)
        {
            return RerunReason.NoRecord;
        }

        var reasons = RerunReason.None;
        if (previous.MethodVersion != step.Method.Version || previous.MethodId != step.Method.Id)
        {
            reasons |= RerunReason.MethodVersionChanged;
        }

        if (previous.Parameters != CanonicalJson.ToText(step.CanonicalParameters) || previous.Seed != step.Seed)
        {
            reasons |= RerunReason.ParametersChanged;
        }

        if (inputHashes is not null)
        {
            foreach (var (port, binding) in step.Inputs)
            {
                inputHashes.TryGetValue(port, out var now);
                previous.InputHashes.TryGetValue(port, out var before);
                if (now != before)
                {
                    reasons |= binding is ExternalInputBinding ? RerunReason.InputsChanged : RerunReason.UpstreamChanged;
                }
            }
        }

        return reasons;
    }
}
