using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;

namespace Kiseki.Engine.Execution;

/// <summary>
/// A cross-process lock per step key: <c>&lt;store&gt;/locks/&lt;hex&gt;.lock</c> opened with <see cref="FileShare.None"/>
/// (an advisory <c>flock</c> on Unix, a sharing lock on Windows). The operating system releases it when its holder
/// exits or is killed, so a crashed run never leaves a step locked. The scheduler holds it from before its last cache
/// check until the step's execution is recorded, so two runs on one store never compute the same step at once: the
/// second waits, then finds the first one's result cached (the first marks the file once the step is recorded, so the
/// second knows it must look again).
/// </summary>
public sealed class StepLock : IDisposable
{
    private const int MaxPollMilliseconds = 200;
    private readonly FileStream _stream;

    private StepLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of <paramref name="key"/> under <paramref name="storeRoot"/>.</summary>
    public static string PathOf(string storeRoot, ContentHash key) => StoreLayout.Of(storeRoot).LockPathOf(key);

    /// <summary>
    /// Waits (polling, honouring <paramref name="cancellationToken"/>) until this process holds the lock of
    /// <paramref name="key"/>. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when
    /// the lock file cannot be created at all (read-only or full store).
    /// </summary>
    public static async Task<StepLock> AcquireAsync(string storeRoot, ContentHash key, CancellationToken cancellationToken)
    {
        var layout = StoreLayout.Of(storeRoot);
        var path = layout.LockPathOf(key);
        layout.RefuseLinks(layout.LocksDirectory);
        Directory.CreateDirectory(layout.LocksDirectory);
        layout.RefuseLinks(path);
        var delay = 5;
        while (true)
        {
            try
            {
                return new StepLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another run (or another step of this run with the same key): wait for it to be recorded.
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(MaxPollMilliseconds, delay * 2);
        }
    }

    /// <summary>
    /// Whether a holder of this lock ever recorded a success of its step (see <see cref="MarkRecorded"/>). When false,
    /// no run finished this step key since its lock file was created, so the holder's cache re-check can be skipped:
    /// a success recorded before this run planned was already found by its planner.
    /// </summary>
    public bool WasRecorded => _stream.Length > 0;

    /// <summary>
    /// Marks the lock file (one byte) after the step's success is committed to the store, so a run that waited for
    /// this lock knows to look in the store again. A crash between the commit and the mark only costs a re-run.
    /// </summary>
    public void MarkRecorded()
    {
        if (_stream.Length == 0)
        {
            _stream.WriteByte(1);
            _stream.Flush();
        }
    }

    /// <summary>Releases the lock (the file stays and is reused).</summary>
    public void Dispose() => _stream.Dispose();
}
