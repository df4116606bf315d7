using System.Diagnostics;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>Group commit of finished steps.</summary>
public sealed partial class Scheduler
{
    private void RecordBatch(ProvenanceBatch batch) => context.Provenance.Record(batch);

    /// <summary>What one finished step adds to the store, with its step lock and its notification.</summary>
    private sealed record PendingRecord(
        RunStepStatus Status, IReadOnlyList<ArtifactRecord> Artifacts, ExecutionRecord? Execution, RunStepRecord Row, StepLock? Lock,
        Action Notify);

    /// <summary>
    /// Records finished steps in groups: whatever finished within <see cref="Window"/> of the first unrecorded step,
    /// up to <see cref="MaxGroup"/> steps, goes into one store transaction (one fsync instead of one per step).
    /// Groups are committed in the order the steps finished, so a step's record is committed no later than its
    /// dependants'; a step's lock is released and the observer told only once its group is committed. A crash loses
    /// at most the last uncommitted group: those steps simply run again.
    /// </summary>
    private sealed class RecordJournal(Scheduler owner) : IDisposable
    {
        private const int MaxGroup = 50;
        private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);
        private readonly List<PendingRecord> _pending = [];
        private long _firstAt;

        /// <summary>Applies <paramref name="completion"/> and queues its record; returns the step's status.</summary>
        public RunStepStatus Add(Completion completion)
        {
            PendingRecord record;
            try
            {
                record = owner.Apply(completion);
            }
            catch
            {
                completion.Lock?.Dispose();
                throw;
            }

            if (_pending.Count == 0)
            {
                _firstAt = Stopwatch.GetTimestamp();
            }

            _pending.Add(record);
            if (_pending.Count >= MaxGroup)
            {
                Flush();
            }

            return record.Status;
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
                owner.RecordBatch(new ProvenanceBatch
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

        /// <summary>Releases the locks of records never committed (the run is ending with an error).</summary>
        public void Dispose()
        {
            foreach (var record in _pending)
            {
                record.Lock?.Dispose();
            }

            _pending.Clear();
        }
    }
}
