using System.Diagnostics;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>What one finished step adds to the store, with its step lock and its notification.</summary>
/// <param name="Status">The step's status.</param>
/// <param name="Artifacts">The artifacts it produced.</param>
/// <param name="Execution">Its execution record (none for a cache hit).</param>
/// <param name="Row">Its row in the run.</param>
/// <param name="Lock">The step lock held until the record is committed.</param>
/// <param name="Notify">Tells the observer, once the record is committed.</param>
internal sealed record PendingRecord(
    RunStepStatus Status, IReadOnlyList<ArtifactRecord> Artifacts, ExecutionRecord? Execution, RunStepRecord Row, StepLock? Lock,
    Action Notify);

/// <summary>
/// Records finished steps in groups: whatever finished within <see cref="Window"/> of the first unrecorded step,
/// up to <see cref="MaxGroup"/> steps, goes into one store transaction (one fsync instead of one per step).
/// Groups are committed in the order the steps finished, so a step's record is committed no later than its
/// dependants'; a step's lock is released and the observer told only once its group is committed. A crash loses
/// at most the last uncommitted group: those steps simply run again.
/// </summary>
internal sealed class RecordJournal(IProvenanceStore provenance) : IDisposable
{
    private const int MaxGroup = 50;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);
    private readonly List<PendingRecord> _pending = [];
    private long _firstAt;

    /// <summary>Queues <paramref name="record"/>, committing the group when it is full.</summary>
    public void Add(PendingRecord record)
    {
        if (_pending.Count == 0)
        {
            _firstAt = Stopwatch.GetTimestamp();
        }

        _pending.Add(record);
        if (_pending.Count >= MaxGroup)
        {
            Flush();
        }
    }

    /// <summary>Waits until a running step finishes, or until the pending group is due.</summary>
    public async Task WaitAsync(IEnumerable<Task> running)
    {
        var any = Task.WhenAny(running);
        if (_pending.Count == 0)
        {
            await any.ConfigureAwait(false);
            return;
        }

        var left = Window - Stopwatch.GetElapsedTime(_firstAt);
        if (left > TimeSpan.Zero)
        {
            await Task.WhenAny(any, Task.Delay(left)).ConfigureAwait(false);
        }
    }

    /// <summary>Commits the pending group when its window has passed.</summary>
    public void FlushIfDue()
    {
        if (_pending.Count > 0 && Stopwatch.GetElapsedTime(_firstAt) >= Window)
        {
            Flush();
        }
    }

    /// <summary>Commits every pending record in one transaction, then releases their locks and notifies.</summary>
    public void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var group = _pending.ToList();
        _pending.Clear();
        try
        {
            provenance.Record(new ProvenanceBatch
            {
                Artifacts = [.. group.SelectMany(r => r.Artifacts).DistinctBy(a => a.Hash)],
                Executions = [.. group.Where(r => r.Execution is not null).Select(r => r.Execution!)],
                RunSteps = [.. group.Select(r => r.Row)],
            });
        }
        catch
        {
            foreach (var record in group)
            {
                record.Lock?.Dispose();
            }

            throw;
        }

        // Released only once the steps are recorded, so a waiting run finds them cached; the mark tells it to look.
        foreach (var record in group)
        {
            if (record.Status is RunStepStatus.Succeeded or RunStepStatus.Cached)
            {
                TryMark(record.Lock);
            }

            record.Lock?.Dispose();
        }

        foreach (var record in group)
        {
            record.Notify();
        }
    }

    /// <summary>Releases the locks of records never committed (the run is ending with an error).</summary>
    public void Dispose()
    {
        foreach (var record in _pending)
        {
            record.Lock?.Dispose();
        }

        _pending.Clear();
    }

    private static void TryMark(StepLock? held)
    {
        try
        {
            held?.MarkRecorded();
        }
        catch (IOException)
        {
            // A full disk: the step is recorded; a run waiting for it recomputes it instead of finding it cached.
        }
    }
}
