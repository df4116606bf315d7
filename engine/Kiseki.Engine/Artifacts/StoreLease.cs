namespace Kiseki.Engine.Artifacts;

/// <summary>
/// The store-wide reader–writer lock between runs and <c>gc</c>: the file <c>locks/store.lease</c>. Every process that
/// writes objects and records them (<c>run</c>, <c>invoke</c>, <c>rerun</c>) holds a shared lease from before its first
/// object until its last record is committed; <c>gc</c> holds the exclusive lease while it lists what is referenced and
/// deletes what is not. So a collection never sees an object whose record is still to come, and a run never starts
/// while a collection is deleting. On Unix the leases are <c>flock</c> locks (<see cref="FileShare"/>: none = exclusive,
/// read = shared), dropped by the operating system when their holder dies.
/// </summary>
public sealed class StoreLease : IDisposable
{
    private const int MaxPollMilliseconds = 250;
    private readonly FileStream _stream;

    private StoreLease(FileStream stream, bool exclusive)
    {
        _stream = stream;
        IsExclusive = exclusive;
    }

    /// <summary>Whether this is the exclusive (gc) lease.</summary>
    public bool IsExclusive { get; }

    /// <summary>Takes a shared lease, waiting while a collection holds the exclusive one.</summary>
    public static StoreLease Shared(StoreLayout layout, CancellationToken cancellationToken = default)
        => Acquire(layout, exclusive: false, onWait: null, cancellationToken);

    /// <summary>
    /// Takes the exclusive lease, waiting while runs hold shared ones; <paramref name="onWait"/> is called once when
    /// the lease is not free at the first try.
    /// </summary>
    public static StoreLease Exclusive(StoreLayout layout, Action? onWait = null, CancellationToken cancellationToken = default)
        => Acquire(layout, exclusive: true, onWait, cancellationToken);

    /// <summary>Releases the lease.</summary>
    public void Dispose() => _stream.Dispose();

    private static StoreLease Acquire(StoreLayout layout, bool exclusive, Action? onWait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.LocksDirectory);
        layout.RefuseLinks(layout.LeasePath);
        var delay = 5;
        var waited = false;
        while (true)
        {
            try
            {
                var stream = exclusive
                    ? new FileStream(layout.LeasePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1)
                    : new FileStream(layout.LeasePath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite, 1);
                return new StoreLease(stream, exclusive);
            }
            catch (IOException) when (File.Exists(layout.LeasePath))
            {
                // Held the other way by another process.
            }

            if (!waited)
            {
                waited = true;
                onWait?.Invoke();
            }

            cancellationToken.WaitHandle.WaitOne(delay);
            cancellationToken.ThrowIfCancellationRequested();
            delay = Math.Min(MaxPollMilliseconds, delay * 2);
        }
    }
}
