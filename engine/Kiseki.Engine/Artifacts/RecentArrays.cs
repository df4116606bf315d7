using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Weak references from object hashes to the arrays that were stored or read under them in this process. An array
/// still alive (an upstream step's output that the next step reads) is handed out again instead of being decoded into
/// a second copy; the references hold nothing alive, so memory is never kept for the cache's sake. Sound because
/// <see cref="NdArray"/> is immutable by contract and round-trips exactly through <c>.npy</c>.
/// </summary>
internal sealed class RecentArrays
{
    private readonly Dictionary<ContentHash, WeakReference<NdArray>> _arrays = [];
    private readonly Lock _lock = new();

    public void Remember(ContentHash hash, NdArray array)
    {
        lock (_lock)
        {
            if (_arrays.Count >= 256)
            {
                foreach (var dead in _arrays.Where(p => !p.Value.TryGetTarget(out _)).Select(p => p.Key).ToList())
                {
                    _arrays.Remove(dead);
                }
            }

            _arrays[hash] = new WeakReference<NdArray>(array);
        }
    }

    public NdArray? Recall(ContentHash hash)
    {
        lock (_lock)
        {
            return _arrays.TryGetValue(hash, out var reference) && reference.TryGetTarget(out var array) ? array : null;
        }
    }
}
