using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Barrier;

/// <summary>
/// Exact migration barrier on a periodic grid by union-find with cell offsets. Points are activated in increasing
/// energy (ties: lower flat index first); each union-find node stores the lattice offset of its point relative to its
/// root. An edge between two points already in one component whose offsets disagree closes a cycle that winds
/// around the cell; the component records the axes it winds along. The bottleneck is the point whose activation
/// first makes the global minimum's component wind (in the requested direction), and the barrier is its energy minus
/// the minimum's. NaN and ±∞ energies are walls that are never activated. O(N log N) for the sort, near-linear after.
/// </summary>
public static class BarrierSolver
{
    /// <summary>Solves one surface (allocates its own workspace).</summary>
    public static BarrierResult Solve(
        ReadOnlySpan<double> energies, PeriodicGrid grid, Connectivity connectivity = Connectivity.Face,
        PathDirection direction = PathDirection.Any)
        => new BarrierWorkspace(grid, connectivity).Solve(energies, direction);

    /// <summary>The axis mask a winding must touch for <paramref name="direction"/>.</summary>
    public static int AxisMask(PathDirection direction) => direction switch
    {
        PathDirection.A => 1,
        PathDirection.B => 2,
        PathDirection.C => 4,
        _ => 7,
    };
}

/// <summary>Reusable buffers of <see cref="BarrierSolver"/> for one grid (one per thread when solving many surfaces).</summary>
public sealed class BarrierWorkspace
{
    private readonly PeriodicGrid _grid;
    private readonly int _steps;
    private readonly int[] _neighbour;
    private readonly byte[] _shiftCode;
    private readonly ulong[] _radixKeys;
    private readonly ulong[] _radixKeysSwap;
    private readonly int[] _orderSwap;
    private readonly int[] _histogram = new int[1 << RadixBits];
    private const int RadixBits = 11;
    private readonly int[] _parent;
    private readonly int[] _size;
    private readonly int[] _offset;
    private readonly byte[] _winds;
    private readonly bool[] _active;
    private readonly int[] _order;

    /// <summary>Allocates buffers for <paramref name="grid"/>.</summary>
    public BarrierWorkspace(PeriodicGrid grid, Connectivity connectivity)
    {
        _grid = grid;
        var stencil = grid.Stencil(connectivity);
        var n = grid.Count;
        _steps = stencil.Length;
        _neighbour = new int[n * _steps];
        _shiftCode = new byte[n * _steps];
        for (var u = 0; u < n; u++)
        {
            var (i, j, k) = grid.CoordinatesOf(u);
            for (var t = 0; t < _steps; t++)
            {
                var step = stencil[t];
                var (vi, si) = Wrap(i + step[0], grid.N0);
                var (vj, sj) = Wrap(j + step[1], grid.N1);
                var (vk, sk) = Wrap(k + step[2], grid.N2);
                _neighbour[(u * _steps) + t] = grid.IndexOf(vi, vj, vk);
                _shiftCode[(u * _steps) + t] = (byte)((si + 1) * 9 + (sj + 1) * 3 + (sk + 1));
            }
        }

        _radixKeys = new ulong[n];
        _radixKeysSwap = new ulong[n];
        _orderSwap = new int[n];
        _parent = new int[n];
        _size = new int[n];
        _offset = new int[3 * n];
        _winds = new byte[n];
        _active = new bool[n];
        _order = new int[n];
    }

    /// <summary>Finds the minimum, bottleneck and barrier of <paramref name="energies"/> (length = grid point count).</summary>
    public BarrierResult Solve(ReadOnlySpan<double> energies, PathDirection direction = PathDirection.Any)
    {
        if (energies.Length != _grid.Count)
        {
            throw new ArgumentException($"Expected {_grid.Count} energies, got {energies.Length}.", nameof(energies));
        }

        var active = SortFinite(energies);
        if (active == 0)
        {
            return new BarrierResult(false, -1, -1, double.NaN, double.NaN, 0, 0);
        }

        Array.Clear(_active);
        Array.Clear(_offset);
        Array.Clear(_winds);
        var required = BarrierSolver.AxisMask(direction);
        var minimum = _order[0];
        Span<int> ou = stackalloc int[3];
        Span<int> ov = stackalloc int[3];
        for (var t = 0; t < active; t++)
        {
            var u = _order[t];
            _parent[u] = u;
            _size[u] = 1;
            _active[u] = true;
            for (var e = 0; e < _steps; e++)
            {
                var v = _neighbour[(u * _steps) + e];
                if (!_active[v])
                {
                    continue;
                }

                var code = _shiftCode[(u * _steps) + e];
                int si = (code / 9) - 1, sj = ((code / 3) % 3) - 1, sk = (code % 3) - 1;
                var ru = Find(u, ou);
                var rv = Find(v, ov);
                // v's image next to u lies at lattice offset ou + s relative to ru.
                int wa = ou[0] + si - ov[0], wb = ou[1] + sj - ov[1], wc = ou[2] + sk - ov[2];
                if (ru == rv)
                {
                    _winds[ru] |= (byte)((wa != 0 ? 1 : 0) | (wb != 0 ? 2 : 0) | (wc != 0 ? 4 : 0));
                }
                else if (_size[ru] >= _size[rv])
                {
                    Attach(rv, ru, wa, wb, wc);
                }
                else
                {
                    Attach(ru, rv, -wa, -wb, -wc);
                }
            }

            var root = Find(minimum, ou);
            if ((_winds[root] & required) != 0)
            {
                return new BarrierResult(true, minimum, u, energies[minimum], energies[u], _winds[root], active);
            }
        }

        return new BarrierResult(false, minimum, -1, energies[minimum], double.NaN, 0, active);
    }

    private void Attach(int child, int root, int a, int b, int c)
    {
        _parent[child] = root;
        _offset[3 * child] = a;
        _offset[(3 * child) + 1] = b;
        _offset[(3 * child) + 2] = c;
        _size[root] += _size[child];
        _winds[root] |= _winds[child];
    }

    private static (int Index, int Shift) Wrap(int index, int n)
        => index < 0 ? (index + n, -1) : index >= n ? (index - n, 1) : (index, 0);

    /// <summary>Root of <paramref name="x"/> with the offset of x relative to it; compresses the path.</summary>
    private int Find(int x, Span<int> offset)
    {
        int a = 0, b = 0, c = 0;
        var r = x;
        while (_parent[r] != r)
        {
            a += _offset[3 * r];
            b += _offset[(3 * r) + 1];
            c += _offset[(3 * r) + 2];
            r = _parent[r];
        }

        offset[0] = a;
        offset[1] = b;
        offset[2] = c;
        // Path compression: each node on the path points at the root with its accumulated offset.
        var y = x;
        while (_parent[y] != r)
        {
            var next = _parent[y];
            int na = a - _offset[3 * y], nb = b - _offset[(3 * y) + 1], nc = c - _offset[(3 * y) + 2];
            _offset[3 * y] = a;
            _offset[(3 * y) + 1] = b;
            _offset[(3 * y) + 2] = c;
            _parent[y] = r;
            a = na;
            b = nb;
            c = nc;
            y = next;
        }

        return r;
    }

    /// <summary>
    /// Fills <c>_order</c> with the finite points by increasing energy, ties by lower index (a stable LSD radix sort
    /// of the order-preserving integer image of the doubles); returns their count.
    /// </summary>
    private int SortFinite(ReadOnlySpan<double> energies)
    {
        var m = 0;
        for (var i = 0; i < energies.Length; i++)
        {
            var e = energies[i];
            if (double.IsFinite(e))
            {
                var bits = BitConverter.DoubleToUInt64Bits(e == 0 ? 0.0 : e);
                _radixKeys[m] = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
                _order[m] = i;
                m++;
            }
        }

        var keys = _radixKeys;
        var order = _order;
        var keysSwap = _radixKeysSwap;
        var orderSwap = _orderSwap;
        const int buckets = 1 << RadixBits;
        for (var shift = 0; shift < 64; shift += RadixBits)
        {
            Array.Clear(_histogram);
            for (var t = 0; t < m; t++)
            {
                _histogram[(int)((keys[t] >> shift) & (buckets - 1))]++;
            }

            if (m == 0 || _histogram[(int)((keys[0] >> shift) & (buckets - 1))] == m)
            {
                continue;
            }

            var sum = 0;
            for (var b = 0; b < buckets; b++)
            {
                var c = _histogram[b];
                _histogram[b] = sum;
                sum += c;
            }

            for (var t = 0; t < m; t++)
            {
                var slot = _histogram[(int)((keys[t] >> shift) & (buckets - 1))]++;
                keysSwap[slot] = keys[t];
                orderSwap[slot] = order[t];
            }

            (keys, keysSwap) = (keysSwap, keys);
            (order, orderSwap) = (orderSwap, order);
        }

        if (!ReferenceEquals(order, _order))
        {
            Array.Copy(order, _order, m);
        }

        return m;
    }
}
