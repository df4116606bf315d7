using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>One pass of facts about X used for validation and for traces: sums, extremes, NaN and zero counts.</summary>
public sealed record DataScan(
    double Sum,
    double SumOfSquares,
    double Minimum,
    double Maximum,
    long NonFiniteCount,
    long NegativeCount,
    long ZeroCount,
    int ZeroRows,
    int ZeroColumns)
{
    /// <summary>
    /// Scans <paramref name="x"/> in fixed row blocks (deterministic for any thread count). The scan is kept with the
    /// matrix, so validation and the solver share one pass over X (a whole pass when X is read from a file).
    /// </summary>
    public static DataScan Of(NmfMatrix x, int threads)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Scan ??= x.IsDouble ? Of<double>(x, threads) : Of<float>(x, threads);
    }

    private static DataScan Of<T>(NmfMatrix x, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = x.Columns;
        var partition = RowPartition.For(x.Rows);
        var parts = new Part<T>[partition.Blocks];
        var groups = (partition.Blocks + Ways - 1) / Ways;
        var body = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int g) =>
        {
            var count = Math.Min(Ways, partition.Blocks - (g * Ways));
            var cursors = new Cursor<T>[count];
            for (var w = 0; w < count; w++)
            {
                var b = (g * Ways) + w;
                parts[b] = new Part<T>(columns);
                cursors[w] = new Cursor<T>(x.Chunks<T>(partition.Start(b), partition.End(b)).GetEnumerator(), columns);
            }

            try
            {
                Scan(cursors, g * Ways, parts, columns);
            }
            finally
            {
                foreach (var cursor in cursors)
                {
                    cursor.Chunks.Dispose();
                }
            }
        };
        if (threads <= 1 || groups == 1)
        {
            for (var g = 0; g < groups; g++)
            {
                body(g);
            }
        }
        else
        {
            Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
        }

        var total = new DataScan(0, 0, double.PositiveInfinity, double.NegativeInfinity, 0, 0, 0, 0, 0);
        foreach (var p in parts)
        {
            total = new DataScan(
                total.Sum + p.Sum, total.SumOfSquares + p.Squares, Math.Min(total.Minimum, p.Minimum),
                Math.Max(total.Maximum, p.Maximum), total.NonFiniteCount + p.Bad,
                total.NegativeCount + p.Negative, total.ZeroCount + p.Zeros, total.ZeroRows + p.ZeroRows, 0);
        }

        var zeroColumns = 0;
        for (var j = 0; j < columns; j++)
        {
            var any = false;
            foreach (var p in parts)
            {
                any |= p.Peak[j] > T.Zero;
            }

            zeroColumns += any ? 0 : 1;
        }

        return total with { ZeroColumns = zeroColumns };
    }

    /// <summary>Blocks one thread scans together, so that their sums, each in its own row order, advance side by side.</summary>
    private const int Ways = 4;

    /// <summary>
    /// The rows of the group's blocks: while every block has rows left, one row of each at a time (their sums
    /// interleaved, four independent chains instead of one), then what is left of each block on its own.
    /// </summary>
    private static void Scan<T>(Cursor<T>[] cursors, int firstBlock, Part<T>[] parts, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        while (true)
        {
            var all = cursors.Length == Ways;
            foreach (var cursor in cursors)
            {
                all &= cursor.Next();
            }

            if (!all)
            {
                break;
            }

            ref var r0 = ref cursors[0].Row;
            ref var r1 = ref cursors[1].Row;
            ref var r2 = ref cursors[2].Row;
            ref var r3 = ref cursors[3].Row;
            Part<T> p0 = parts[firstBlock], p1 = parts[firstBlock + 1], p2 = parts[firstBlock + 2], p3 = parts[firstBlock + 3];
            if (Finite(ref r0, m) && Finite(ref r1, m) && Finite(ref r2, m) && Finite(ref r3, m))
            {
                Facts(ref r0, m, p0);
                Facts(ref r1, m, p1);
                Facts(ref r2, m, p2);
                Facts(ref r3, m, p3);
                SumsFour(ref r0, ref r1, ref r2, ref r3, m, p0, p1, p2, p3);
            }
            else
            {
                OneRow(ref r0, m, p0);
                OneRow(ref r1, m, p1);
                OneRow(ref r2, m, p2);
                OneRow(ref r3, m, p3);
            }

            foreach (var cursor in cursors)
            {
                cursor.Advance();
            }
        }

        for (var w = 0; w < cursors.Length; w++)
        {
            var cursor = cursors[w];
            while (cursor.Next())
            {
                OneRow(ref cursor.Row, m, parts[firstBlock + w]);
                cursor.Advance();
            }
        }
    }

    /// <summary>A row by itself: finite rows by the vector facts and one chain of sums, others element by element.</summary>
    private static void OneRow<T>(ref T row, int m, Part<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Finite(ref row, m))
        {
            Scalar(ref row, m, p);
            return;
        }

        Facts(ref row, m, p);
        double sum = p.Sum, squares = p.Squares;
        for (var j = 0; j < m; j++)
        {
            var v = Lanes.Get(ref row, j);
            sum += v;
            squares += v * v;
        }

        (p.Sum, p.Squares) = (sum, squares);
    }

    /// <summary>Four rows' sums, each in channel order after its block's earlier rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumsFour<T>(ref T r0, ref T r1, ref T r2, ref T r3, int m, Part<T> p0, Part<T> p1, Part<T> p2, Part<T> p3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double s0 = p0.Sum, s1 = p1.Sum, s2 = p2.Sum, s3 = p3.Sum;
        double q0 = p0.Squares, q1 = p1.Squares, q2 = p2.Squares, q3 = p3.Squares;
        for (var j = 0; j < m; j++)
        {
            double v0 = Lanes.Get(ref r0, j), v1 = Lanes.Get(ref r1, j), v2 = Lanes.Get(ref r2, j), v3 = Lanes.Get(ref r3, j);
            s0 += v0;
            q0 += v0 * v0;
            s1 += v1;
            q1 += v1 * v1;
            s2 += v2;
            q2 += v2 * v2;
            s3 += v3;
            q3 += v3 * v3;
        }

        (p0.Sum, p0.Squares, p1.Sum, p1.Squares) = (s0, q0, s1, q1);
        (p2.Sum, p2.Squares, p3.Sum, p3.Squares) = (s2, q2, s3, q3);
    }

    /// <summary>Whether every value of the row is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Finite<T>(ref T row, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector256<T>.Count;
        var ok = Vector256<T>.Zero;
        var j = 0;
        for (; j + width <= m; j += width)
        {
            var v = Vector256.LoadUnsafe(ref row, (nuint)j);
            ok |= v - v; // 0 for a finite value, NaN otherwise
        }

        if (!Vector256.EqualsAll(ok, Vector256<T>.Zero))
        {
            return false;
        }

        for (; j < m; j++)
        {
            if (!T.IsFinite(Unsafe.Add(ref row, j)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The order-free facts of a finite row: extremes, negative and zero counts, the columns it reaches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Facts<T>(ref T row, int m, Part<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector256<T>.Count;
        ref var peak = ref MemoryMarshal.GetArrayDataReference(p.Peak);
        var low = Vector256.Create(T.PositiveInfinity);
        var high = Vector256.Create(T.NegativeInfinity);
        long negative = 0, zeros = 0;
        var j = 0;
        for (; j + width <= m; j += width)
        {
            var v = Vector256.LoadUnsafe(ref row, (nuint)j);
            low = Vector256.Min(low, v);
            high = Vector256.Max(high, v);
            negative += BitOperations.PopCount(Vector256.LessThan(v, Vector256<T>.Zero).ExtractMostSignificantBits());
            zeros += BitOperations.PopCount(Vector256.Equals(v, Vector256<T>.Zero).ExtractMostSignificantBits());
            Vector256.Max(Vector256.LoadUnsafe(ref peak, (nuint)j), Vector256.Abs(v)).StoreUnsafe(ref peak, (nuint)j);
        }

        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        for (var lane = 0; lane < width; lane++)
        {
            min = Math.Min(min, double.CreateTruncating(low[lane]));
            max = Math.Max(max, double.CreateTruncating(high[lane]));
        }

        var rowZeros = zeros;
        for (; j < m; j++)
        {
            var t = Unsafe.Add(ref row, j);
            var v = double.CreateTruncating(t);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            negative += v < 0 ? 1 : 0;
            rowZeros += v == 0 ? 1 : 0;
            Unsafe.Add(ref peak, j) = T.Max(Unsafe.Add(ref peak, j), T.Abs(t));
        }

        p.Minimum = Math.Min(p.Minimum, min);
        p.Maximum = Math.Max(p.Maximum, max);
        p.Negative += negative;
        p.Zeros += rowZeros;
        p.ZeroRows += rowZeros == m ? 1 : 0;
    }

    /// <summary>A row holding non-finite values, element by element: they are counted and left out of everything else.</summary>
    private static void Scalar<T>(ref T row, int m, Part<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rowHasValue = false;
        for (var j = 0; j < m; j++)
        {
            var t = Unsafe.Add(ref row, j);
            var v = double.CreateTruncating(t);
            if (!double.IsFinite(v))
            {
                p.Bad++;
                continue;
            }

            p.Sum += v;
            p.Squares += v * v;
            p.Minimum = Math.Min(p.Minimum, v);
            p.Maximum = Math.Max(p.Maximum, v);
            p.Negative += v < 0 ? 1 : 0;
            if (v == 0)
            {
                p.Zeros++;
            }
            else
            {
                rowHasValue = true;
                p.Peak[j] = T.Max(p.Peak[j], T.Abs(t));
            }
        }

        p.ZeroRows += rowHasValue ? 0 : 1;
    }

    /// <summary>One row block's running facts; <see cref="Peak"/> is the largest |value| per column (0: never reached).</summary>
    private sealed class Part<T>(int columns)
    {
        public double Sum;
        public double Squares;
        public double Minimum = double.PositiveInfinity;
        public double Maximum = double.NegativeInfinity;
        public long Bad;
        public long Negative;
        public long Zeros;
        public int ZeroRows;
        public readonly T[] Peak = new T[columns];
    }

    /// <summary>A row block's rows, chunk by chunk as <see cref="NmfMatrix.Chunks{T}"/> gives them.</summary>
    private sealed class Cursor<T>(IEnumerator<(T[] Data, int FirstRow, int Start, int End)> chunks, int columns)
        where T : unmanaged
    {
        private T[] _data = [];
        private int _first;
        private int _row;
        private int _end;

        public IEnumerator<(T[] Data, int FirstRow, int Start, int End)> Chunks { get; } = chunks;

        /// <summary>The current row (valid after <see cref="Next"/> returned true).</summary>
        public ref T Row => ref Lanes.Row(_data, _row - _first, columns);

        /// <summary>Whether there is a current row, reading the next chunk when this one is done.</summary>
        public bool Next()
        {
            while (_row >= _end)
            {
                if (!Chunks.MoveNext())
                {
                    return false;
                }

                (_data, _first, _row, _end) = Chunks.Current;
            }

            return true;
        }

        public void Advance() => _row++;
    }
}
