using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>
/// The state of one run as its steps finish: each step's report, the outputs known so far and their kinds. Each
/// transition returns the records it makes; the <see cref="Scheduler"/> decides when they are written.
/// </summary>
internal sealed class RunProgress
{
    private readonly Dictionary<string, StepReport> _reports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, ContentHash>> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, string> _kinds = [];
    private readonly Dictionary<string, BoundStep> _steps;
    private readonly ExecutionPlan _plan;
    private readonly Dictionary<string, string> _inputKinds;
    private readonly RunContext _context;
    private readonly StepRecords _records;

    public RunProgress(RunContext context, ExecutionPlan plan)
    {
        _context = context;
        _plan = plan;
        _records = new StepRecords(context.RunId, context.EnvironmentId);
        _steps = plan.Steps.ToDictionary(s => s.Id, s => s.Step, StringComparer.Ordinal);
        _inputKinds = plan.Workflow.Inputs.ToDictionary(i => i.Name, i => i.Kind, StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="stepId"/> has its final report.</summary>
    public bool IsDone(string stepId) => _reports.ContainsKey(stepId);

    /// <summary>The final reports in plan order (every step must be done).</summary>
    public IReadOnlyList<StepReport> Reports() => [.. _plan.Steps.Select(s => _reports[s.Id])];

    /// <summary>The first rows of the run: cached steps are done (and reported to the observer), the rest pending.</summary>
    public IReadOnlyList<RunStepRecord> Start()
    {
        var rows = new List<RunStepRecord>(_plan.Steps.Count);
        foreach (var planned in _plan.Steps)
        {
            if (planned.Status == PlannedStatus.Cached)
            {
                var hit = planned.CachedExecution!;
                _outputs[planned.Id] = hit.OutputHashes;
                _reports[planned.Id] = new StepReport(planned.Id, RunStepStatus.Cached, planned.Key!.Digest, RerunReason.None, hit.OutputHashes, null);
                rows.Add(_records.Row(planned, planned.Key.Digest, RunStepStatus.Cached, RerunReason.None, null, null, null, null));
                _context.Observer.StepFinished(planned.Id, RunStepStatus.Cached, null, TimeSpan.Zero);
            }
            else
            {
                rows.Add(_records.Row(planned, planned.Key?.Digest, RunStepStatus.Pending, planned.Reasons, null, null, null, null));
            }
        }

        return rows;
    }

    /// <summary>The inputs of <paramref name="step"/> as the executor receives them, and their hashes for the step key.</summary>
    public (Dictionary<string, InputReference> Inputs, Dictionary<string, ContentHash> Hashes) InputsOf(BoundStep step)
    {
        var inputs = new Dictionary<string, InputReference>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (port, binding) in step.Inputs)
        {
            switch (binding)
            {
                case ExternalInputBinding external:
                    var file = _plan.Inputs[external.InputName];
                    var kind = _inputKinds.GetValueOrDefault(external.InputName, ArtifactKind.File);
                    inputs[port] = new InputReference(file.Hash, kind, kind == ArtifactKind.File ? file.Path : null);
                    hashes[port] = file.Hash;
                    break;
                case StepOutputBinding upstream when _outputs[upstream.StepId].TryGetValue(upstream.Port, out var hash):
                    inputs[port] = new InputReference(hash, KindOf(upstream, hash));
                    hashes[port] = hash;
                    break;
            }
        }

        return (inputs, hashes);
    }

    /// <summary>
    /// Applies a finished step (outputs, kinds, report) and returns what must be recorded for it; the observer hears of
    /// the step only once that record is committed.
    /// </summary>
    public PendingRecord Apply(Completion completion)
    {
        var planned = completion.Step;
        var now = _context.Clock.GetUtcNow();
        if (completion.CacheHit is { } hit)
        {
            _outputs[planned.Id] = hit.OutputHashes;
            var cachedReport = SetReport(planned, RunStepStatus.Cached, completion.Key.Digest, RerunReason.None, hit.OutputHashes, null);
            return new PendingRecord(
                RunStepStatus.Cached, [], null,
                _records.Row(planned, completion.Key.Digest, RunStepStatus.Cached, RerunReason.None, null, null, now, now),
                completion.Lock, () => Notify(cachedReport, RerunReason.None, TimeSpan.Zero));
        }

        var outcome = completion.Outcome!;
        var reasons = planned.Reasons == RerunReason.None ? RerunReason.NoRecord : planned.Reasons;
        var status = outcome.Status switch
        {
            StepOutcomeStatus.Succeeded => RunStepStatus.Succeeded,
            StepOutcomeStatus.Cancelled => RunStepStatus.Cancelled,
            _ => RunStepStatus.Failed,
        };
        var outputs = outcome.Outputs.ToDictionary(p => p.Key, p => p.Value.Hash, StringComparer.Ordinal);
        foreach (var stored in outcome.Outputs.Values)
        {
            _kinds[stored.Hash] = stored.Kind;
        }

        var execution = _records.Execution(completion, outcome, outputs);
        var row = _records.Row(planned, completion.Key.Digest, status, reasons, outcome.Error, null, outcome.StartedAt, outcome.FinishedAt);
        if (status == RunStepStatus.Succeeded)
        {
            _outputs[planned.Id] = outputs;
        }

        var report = SetReport(planned, status, completion.Key.Digest, reasons, outputs, outcome.Error);
        var duration = outcome.FinishedAt - outcome.StartedAt;
        return new PendingRecord(
            status, [.. outcome.Outputs.Values.Select(a => StepRecords.ArtifactRecordOf(a, completion.Key.Digest))], execution, row, completion.Lock,
            () => Notify(report, reasons, duration));
    }

    /// <summary>Marks every step downstream of <paramref name="failedId"/> skipped; returns their rows.</summary>
    public IReadOnlyList<RunStepRecord> SkipDescendants(string failedId, IReadOnlyDictionary<string, List<string>> children)
    {
        var stack = new Stack<string>(children[failedId]);
        var rows = new List<RunStepRecord>();
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (_reports.ContainsKey(id))
            {
                continue;
            }

            var detail = $"skipped because step '{failedId}' failed";
            _reports[id] = new StepReport(id, RunStepStatus.Skipped, null, RerunReason.UpstreamChanged, new Dictionary<string, ContentHash>(), detail);
            rows.Add(_records.Skipped(id, _steps[id].DeclaredId, failedId, detail));
            _context.Observer.StepFinished(id, RunStepStatus.Skipped, detail, TimeSpan.Zero);
            foreach (var child in children[id])
            {
                stack.Push(child);
            }
        }

        return rows;
    }

    /// <summary>Marks the steps that never started cancelled or skipped; returns their rows.</summary>
    public IReadOnlyList<RunStepRecord> Unstarted(bool cancelled, string? stoppedBy)
    {
        var rows = new List<RunStepRecord>();
        foreach (var planned in _plan.Steps.Where(s => !_reports.ContainsKey(s.Id)))
        {
            var status = cancelled ? RunStepStatus.Cancelled : RunStepStatus.Skipped;
            var detail = cancelled
                ? "not started: the run was cancelled"
                : $"not started: the run stopped after step '{stoppedBy}' failed (use --keep-going to run independent steps)";
            _reports[planned.Id] = new StepReport(planned.Id, status, planned.Key?.Digest, planned.Reasons, new Dictionary<string, ContentHash>(), detail);
            rows.Add(_records.Row(planned, planned.Key?.Digest, status, planned.Reasons, detail, cancelled ? null : stoppedBy, null, null));
            _context.Observer.StepFinished(planned.Id, status, detail, TimeSpan.Zero);
        }

        return rows;
    }

    private string KindOf(StepOutputBinding upstream, ContentHash hash)
    {
        if (_kinds.TryGetValue(hash, out var kind))
        {
            return kind;
        }

        var declared = _steps[upstream.StepId].Method.FindOutput(upstream.Port)?.ArtifactKind;
        return declared is not null and not ArtifactKind.Any
            ? declared
            : _context.Provenance.GetArtifact(hash)?.Kind ?? throw new InvalidOperationException($"no artifact record for {hash}.");
    }

    private StepReport SetReport(
        PlannedStep planned, RunStepStatus status, ContentHash key, RerunReason reasons, IReadOnlyDictionary<string, ContentHash> outputs,
        string? detail)
    {
        var report = new StepReport(planned.Id, status, key, reasons, outputs, detail);
        _reports[planned.Id] = report;
        return report;
    }

    private void Notify(StepReport report, RerunReason reasons, TimeSpan duration)
        => _context.Observer.StepFinished(
            report.StepId, report.Status, report.Status == RunStepStatus.Succeeded ? RerunReasons.Describe(reasons) : report.Detail, duration);
}
