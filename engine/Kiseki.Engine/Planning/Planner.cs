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
    /// <remarks>
    /// Steps are probed in waves (every step whose upstream steps are all decided): each wave reads the store in bulk,
    /// and the history of every step that is not a cache hit is read at the end in one bulk read.
    /// </remarks>
    public ExecutionPlan Plan(WorkflowDefinition workflow, IReadOnlyDictionary<string, FileArtifact> inputs, PlanOptions? options = null)
    {
        options ??= new PlanOptions();
        Commands.CommandFingerprinter.ResolveAll(workflow);
        var force = ForcedSteps(workflow, options.Force);
        var steps = workflow.Steps;
        var decided = new Decision?[steps.Count];
        var statusById = new Dictionary<string, PlannedStatus>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, ContentHash>>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var remaining = Enumerable.Range(0, steps.Count).ToList();
        while (remaining.Count > 0)
        {
            var wave = new List<(int Index, Dictionary<string, ContentHash> Inputs, StepKey Key)>();
            var later = new List<int>();
            foreach (var i in remaining)
            {
                var step = steps[i];
                var upstream = UpstreamState(step, statusById);
                if (upstream == UpstreamStatus.Undecided)
                {
                    later.Add(i);
                    continue;
                }

                if (upstream == UpstreamStatus.NotCached)
                {
                    decided[i] = new Decision(null, PlannedStatus.Pending, RerunReason.UpstreamChanged, null, null, null);
                    statusById[step.Id] = PlannedStatus.Pending;
                    continue;
                }

                var inputHashes = KnownInputs(step, inputs, outputs)!;
                var key = StepKey.For(step, inputHashes);
                if (force.Contains(step.Id))
                {
                    decided[i] = new Decision(key, PlannedStatus.ToRun, RerunReason.Forced, null, null, null);
                    statusById[step.Id] = PlannedStatus.ToRun;
                    continue;
                }

                wave.Add((i, inputHashes, key));
            }

            if (wave.Count == 0 && later.Count == remaining.Count)
            {
                throw new InvalidOperationException("the workflow's steps depend on each other in a cycle.");
            }

            var probes = _cache.TryHits([.. wave.Select(w => (w.Key.Digest, (Methods.MethodDescriptor?)steps[w.Index].Method))]);
            foreach (var (i, inputHashes, key) in wave)
            {
                var step = steps[i];
                var (hit, problem) = probes[key.Digest];
                if (hit is not null)
                {
                    outputs[step.Id] = hit.OutputHashes;
                    if (hit.ImplementationDigest != step.Method.ImplementationDigest)
                    {
                        warnings.Add($"step '{step.Id}': the implementation of {step.Method.Reference} changed since its cached " +
                                     "result was computed, but its version did not; the cached result is reused " +
                                     $"(bump the method version, or use --force {step.Id}).");
                    }

                    decided[i] = new Decision(key, PlannedStatus.Cached, RerunReason.None, hit, null, null);
                    statusById[step.Id] = PlannedStatus.Cached;
                    continue;
                }

                decided[i] = problem is not null
                    ? new Decision(key, PlannedStatus.ToRun, RerunReason.OutputMissing, null, problem, null)
                    : new Decision(key, PlannedStatus.ToRun, RerunReason.None, null, null, inputHashes);
                statusById[step.Id] = PlannedStatus.ToRun;
            }

            remaining = later;
        }

        // One bulk read of the history of every step whose reasons compare it with its latest execution.
        var compared = Enumerable.Range(0, steps.Count)
            .Where(i => decided[i]!.Status == PlannedStatus.Pending || decided[i]!.CompareInputs is not null)
            .ToList();
        var history = compared.Count == 0
            ? new Dictionary<string, ExecutionRecord>(StringComparer.Ordinal)
            : provenance.LatestExecutions(compared.Select(i => steps[i].Id), workflow.Name);
        var planned = new List<PlannedStep>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var d = decided[i]!;
            var reasons = d.Reasons;
            var (commandReasons, commandDetail) = d.Status == PlannedStatus.Cached
                ? (RerunReason.None, null)
                : Commands.CommandChanges.Compare(step, history.GetValueOrDefault(step.Id));
            if (d.Status == PlannedStatus.Pending)
            {
                reasons |= (force.Contains(step.Id) ? RerunReason.Forced : RerunReason.None)
                           | Compare(step, null, history.GetValueOrDefault(step.Id));
            }
            else if (d.CompareInputs is not null)
            {
                var why = Compare(step, d.CompareInputs, history.GetValueOrDefault(step.Id));
                reasons = why == RerunReason.None ? RerunReason.NoRecord : why;
            }

            if (commandReasons != RerunReason.None)
            {
                reasons = (reasons & ~RerunReason.NoRecord) | commandReasons;
            }

            planned.Add(new PlannedStep(step, d.Key, d.Status, reasons, d.Hit, d.Problem ?? commandDetail));
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
        => Compare(step, inputHashes, provenance.ExecutionsForStep(step.Id).Select(e => e.Execution).FirstOrDefault(e => e is not null));

    private static UpstreamStatus UpstreamState(BoundStep step, IReadOnlyDictionary<string, PlannedStatus> statusById)
    {
        var result = UpstreamStatus.Cached;
        foreach (var binding in step.Inputs.Values)
        {
            if (binding is StepOutputBinding upstream)
            {
                if (!statusById.TryGetValue(upstream.StepId, out var status))
                {
                    return UpstreamStatus.Undecided;
                }

                if (status != PlannedStatus.Cached)
                {
                    result = UpstreamStatus.NotCached;
                }
            }
        }

        return result;
    }

    /// <summary>Why the step differs from <paramref name="previous"/>, its latest recorded execution (NoRecord when null).</summary>
    private static RerunReason Compare(BoundStep step, IReadOnlyDictionary<string, ContentHash>? inputHashes, ExecutionRecord? previous)
    {
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

    private enum UpstreamStatus
    {
        Cached,
        NotCached,
        Undecided,
    }

    /// <summary>A step's plan before its history is read (<paramref name="CompareInputs"/>: compare with history later).</summary>
    private sealed record Decision(
        StepKey? Key, PlannedStatus Status, RerunReason Reasons, ExecutionRecord? Hit, string? Problem,
        IReadOnlyDictionary<string, ContentHash>? CompareInputs);
}
