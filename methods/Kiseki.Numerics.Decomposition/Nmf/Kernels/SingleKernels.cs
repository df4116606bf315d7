using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// X·S and XᵀC with float32 products, for <see cref="NmfMatrix.SingleProducts"/> (a method's <c>precision: float32</c>):
/// the data are taken as float32 (16-bit integer rows widened in the kernel, float64 rounded to nearest), multiplied
/// and added in float32 on 16 lanes, and handed on in float64. X·S: a row's 16 lanes are summed in float64 at the end
/// of the row. XᵀC: within a chunk of <see cref="ChunkRows"/> rows the products are summed in float32 per channel, and
/// the chunk's sums added to the row block's float64 sums; blocks are added in block order. The chunks start at the
/// row block's first row in memory and from a file alike, and the block boundaries are those of
/// <see cref="RowPartition"/>, so the bits do not depend on where the rows come from or on the thread count. Twice the
/// multiply–adds per instruction of the float64 kernels, and a uint16 file is read without a conversion pass: the
/// relative error of a product is about 10⁻⁷ instead of 10⁻¹⁶.
/// </summary>
internal static unsafe class SingleKernels
{
    /// <summary>Rows summed in float32 before joining the float64 sums (XᵀC), and rows per positioned read.</summary>
    public const int ChunkRows = 32;

    /// <summary>Components per kernel group: factors are padded with zeros to a whole group.</summary>
    private const int Group = 8;

    /// <summary>result (N × K) = X·S with S given transposed (K × M).</summary>
    public static void Times(NmfMatrix x, double[] sT, int k, double[] result, int threads)
    {
        var m = x.Columns;
        var groups = (k + Group - 1) / Group;
        var spectra = new float[(long)groups * Group * m];
        for (var i = 0; i < k * m; i++)
        {
            spectra[i] = (float)sT[i];
        }

        var partition = RowPartition.For(x.Rows);
        fixed (float* s = spectra)
        {
            var pointer = (nint)s;
            partition.Run(threads, b =>
            {
                var body = new TimesBody((float*)pointer, m, k, groups, result);
                Chunks(x, partition.Start(b), partition.End(b), ref body);
            });
        }
    }

    /// <summary>result (K × M) = (XᵀC)ᵀ, i.e. result[k, j] = Σᵢ C[i, k]·X[i, j].</summary>
    public static void TransposeTimes(NmfMatrix x, double[] c, int k, double[] result, int threads)
    {
        int n = x.Rows, m = x.Columns;
        var padded = (k + Group - 1) / Group * Group;
        var weights = ArrayPool<float>.Shared.Rent(Math.Max(1, checked(n * padded)));
        try
        {
            var partition = RowPartition.For(n);
            var partial = new double[partition.Blocks][];
            var length = k * m;
            fixed (float* w = weights)
            {
                var pointer = (nint)w;
                partition.Run(threads, b =>
                {
                    // The block's own rows of C as float32, padded to whole groups, on the block's thread.
                    var w = (float*)pointer;
                    for (var i = partition.Start(b); i < partition.End(b); i++)
                    {
                        for (var q = 0; q < padded; q++)
                        {
                            w[((long)i * padded) + q] = q < k ? (float)c[(i * k) + q] : 0f;
                        }
                    }

                    var sums = ArrayPool<double>.Shared.Rent(length);
                    Array.Clear(sums, 0, length);
                    fixed (double* g = sums)
                    {
                        var body = new TransposeBody((float*)pointer, padded, m, k, g);
                        Chunks(x, partition.Start(b), partition.End(b), ref body);
                    }

                    partial[b] = sums;
                });
            }

            Array.Clear(result, 0, length);
            foreach (var sums in partial)
            {
                for (var q = 0; q < length; q++)
                {
                    result[q] += sums[q];
                }

                ArrayPool<double>.Shared.Return(sums);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(weights);
        }
    }

    /// <summary>What a kernel does with one chunk of rows, for each kind of row storage.</summary>
    private interface IChunkBody
    {
        void Run<TLanes>(void* rows, int first, int count)
            where TLanes : struct, ILanes;
    }

    /// <summary>Loads values of one storage type as float32.</summary>
    private interface ILanes
    {
        /// <summary>Sixteen values from element <paramref name="index"/>.</summary>
        static abstract Vector512<float> Load(void* rows, long index);

        /// <summary>One value, as the lanes see it, widened to float64.</summary>
        static abstract double Get(void* rows, long index);
    }

    private readonly struct UInt16Lanes : ILanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(void* rows, long index)
        {
            var values = Vector256.Load((ushort*)rows + index);
            if (Avx512F.IsSupported)
            {
                return Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(values));
            }

            var (low, high) = Vector256.Widen(values);
            return Vector512.ConvertToSingle(Vector512.Create(low, high));
        }

        public static double Get(void* rows, long index) => ((ushort*)rows)[index];
    }

    private readonly struct SingleLanes : ILanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(void* rows, long index) => Vector512.Load((float*)rows + index);

        public static double Get(void* rows, long index) => ((float*)rows)[index];
    }

    private readonly struct DoubleLanes : ILanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(void* rows, long index)
            => Vector512.Narrow(Vector512.Load((double*)rows + index), Vector512.Load((double*)rows + index + 8));

        public static double Get(void* rows, long index) => (float)((double*)rows)[index];
    }

    /// <summary>
    /// Rows [start, end) in chunks of <see cref="ChunkRows"/> from <paramref name="start"/>: in place when in memory,
    /// else read into a buffer (uint16 as stored, other types exact in float32 as float32, the rest as float64 — the
    /// values the same array in memory holds, see <see cref="NmfMatrix.FromArray"/>).
    /// </summary>
    private static void Chunks<TBody>(NmfMatrix x, int start, int end, ref TBody body)
        where TBody : struct, IChunkBody
    {
        var m = x.Columns;
        if (x.File is not { } file)
        {
            if (x.Singles is { } singles)
            {
                fixed (float* data = singles)
                {
                    for (var first = start; first < end; first += ChunkRows)
                    {
                        body.Run<SingleLanes>(data + ((long)first * m), first, Math.Min(ChunkRows, end - first));
                    }
                }
            }
            else
            {
                fixed (double* data = x.Doubles)
                {
                    for (var first = start; first < end; first += ChunkRows)
                    {
                        body.Run<DoubleLanes>(data + ((long)first * m), first, Math.Min(ChunkRows, end - first));
                    }
                }
            }

            return;
        }

        var size = file.Type == Kiseki.Abstractions.Arrays.DType.UInt16 ? 2 : file.ExactInSingles ? 4 : 8;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, Math.Min(ChunkRows, end - start) * m * size));
        try
        {
            fixed (byte* raw = buffer)
            {
                for (var first = start; first < end; first += ChunkRows)
                {
                    var count = Math.Min(ChunkRows, end - first);
                    var elements = count * m;
                    switch (size)
                    {
                        case 2:
                            file.ReadRows(first, count, new Span<ushort>(raw, elements));
                            body.Run<UInt16Lanes>(raw, first, count);
                            break;
                        case 4:
                            file.ReadRows(first, count, new Span<float>(raw, elements));
                            body.Run<SingleLanes>(raw, first, count);
                            break;
                        default:
                            file.ReadRows(first, count, new Span<double>(raw, elements));
                            body.Run<DoubleLanes>(raw, first, count);
                            break;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>X·S for a chunk: two rows at a time, a group of eight components on 16-lane accumulators.</summary>
    private readonly struct TimesBody(float* spectra, int m, int k, int groups, double[] result) : IChunkBody
    {
        public void Run<TLanes>(void* rows, int first, int count)
            where TLanes : struct, ILanes
        {
            for (var r = 0; r < count; r += 2)
            {
                // An odd last row is paired with itself; only its first copy is stored.
                var second = r + 1 < count ? r + 1 : r;
                for (var g = 0; g < groups; g++)
                {
                    TwoRows<TLanes>(rows, (long)r * m, (long)second * m, m, spectra + ((long)g * Group * m), result, first + r, second > r, g * Group, k);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRows<TLanes>(
        void* rows, long r0, long r1, int m, float* s, double[] result, int row, bool both, int q0, int k)
        where TLanes : struct, ILanes
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        var end = m - (m % 16);
        for (var j = 0; j < end; j += 16)
        {
            var x0 = TLanes.Load(rows, r0 + j);
            var x1 = TLanes.Load(rows, r1 + j);
            Step(x0, x1, s + j, ref a0, ref b0);
            Step(x0, x1, s + m + j, ref a1, ref b1);
            Step(x0, x1, s + (2 * m) + j, ref a2, ref b2);
            Step(x0, x1, s + (3 * m) + j, ref a3, ref b3);
            Step(x0, x1, s + (4 * m) + j, ref a4, ref b4);
            Step(x0, x1, s + (5 * m) + j, ref a5, ref b5);
            Step(x0, x1, s + (6 * m) + j, ref a6, ref b6);
            Step(x0, x1, s + (7 * m) + j, ref a7, ref b7);
        }

        // Sixteen calls, not a helper taking a row's eight accumulators by value: that makes the JIT keep the
        // accumulators in memory through the loop (measured 1.5x slower).
        var last = Math.Min(Group, k - q0);
        Store<TLanes>(a0, rows, r0, 0, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a1, rows, r0, 1, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a2, rows, r0, 2, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a3, rows, r0, 3, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a4, rows, r0, 4, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a5, rows, r0, 5, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a6, rows, r0, 6, last, m, end, s, result, row, k, q0);
        Store<TLanes>(a7, rows, r0, 7, last, m, end, s, result, row, k, q0);
        if (!both)
        {
            return;
        }

        Store<TLanes>(b0, rows, r1, 0, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b1, rows, r1, 1, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b2, rows, r1, 2, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b3, rows, r1, 3, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b4, rows, r1, 4, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b5, rows, r1, 5, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b6, rows, r1, 6, last, m, end, s, result, row + 1, k, q0);
        Store<TLanes>(b7, rows, r1, 7, last, m, end, s, result, row + 1, k, q0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Vector512<float> x0, Vector512<float> x1, float* s, ref Vector512<float> a, ref Vector512<float> b)
    {
        var v = Vector512.Load(s);
        a = Vector512.FusedMultiplyAdd(x0, v, a);
        b = Vector512.FusedMultiplyAdd(x1, v, b);
    }

    /// <summary>Component q0 + q of one row: its lanes summed in float64, plus the row's last channels, unless padding.</summary>
    private static void Store<TLanes>(
        Vector512<float> lanes, void* rows, long r, int q, int last, int m, int end, float* s, double[] result, int row, int k, int q0)
        where TLanes : struct, ILanes
    {
        if (q >= last)
        {
            return;
        }

        var (low, high) = Vector512.Widen(lanes);
        var sum = Vector512.Sum(low + high);
        for (var j = end; j < m; j++)
        {
            sum += TLanes.Get(rows, r + j) * (double)s[((long)q * m) + j];
        }

        result[((long)row * k) + q0 + q] = sum;
    }

    /// <summary>XᵀC for a chunk: 32 channels at a time, a group of eight components, the chunk's rows in float32.</summary>
    private readonly struct TransposeBody(float* weights, int padded, int m, int k, double* sums) : IChunkBody
    {
        public void Run<TLanes>(void* rows, int first, int count)
            where TLanes : struct, ILanes
        {
            for (var q0 = 0; q0 < k; q0 += Group)
            {
                Accumulate<TLanes>(rows, first, count, m, weights, padded, q0, Math.Min(Group, k - q0), sums);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TLanes>(
        void* rows, int first, int count, int m, float* weights, int padded, int q0, int last, double* sums)
        where TLanes : struct, ILanes
    {
        var end = m - (m % 32);
        for (var j = 0; j < end; j += 32)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
            for (var r = 0; r < count; r++)
            {
                var x0 = TLanes.Load(rows, ((long)r * m) + j);
                var x1 = TLanes.Load(rows, ((long)r * m) + j + 16);
                var w = weights + ((long)(first + r) * padded) + q0;
                Weight(x0, x1, w[0], ref a0, ref b0);
                Weight(x0, x1, w[1], ref a1, ref b1);
                Weight(x0, x1, w[2], ref a2, ref b2);
                Weight(x0, x1, w[3], ref a3, ref b3);
                Weight(x0, x1, w[4], ref a4, ref b4);
                Weight(x0, x1, w[5], ref a5, ref b5);
                Weight(x0, x1, w[6], ref a6, ref b6);
                Weight(x0, x1, w[7], ref a7, ref b7);
            }

            var g = sums + ((long)q0 * m) + j;
            Add(a0, b0, g, 0, last, m);
            Add(a1, b1, g, 1, last, m);
            Add(a2, b2, g, 2, last, m);
            Add(a3, b3, g, 3, last, m);
            Add(a4, b4, g, 4, last, m);
            Add(a5, b5, g, 5, last, m);
            Add(a6, b6, g, 6, last, m);
            Add(a7, b7, g, 7, last, m);
        }

        for (var j = end; j < m; j++)
        {
            for (var q = 0; q < last; q++)
            {
                var sum = 0f;
                for (var r = 0; r < count; r++)
                {
                    sum = MathF.FusedMultiplyAdd((float)TLanes.Get(rows, ((long)r * m) + j), weights[((long)(first + r) * padded) + q0 + q], sum);
                }

                sums[((long)(q0 + q) * m) + j] += sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Weight(Vector512<float> x0, Vector512<float> x1, float weight, ref Vector512<float> a, ref Vector512<float> b)
    {
        var v = Vector512.Create(weight);
        a = Vector512.FusedMultiplyAdd(x0, v, a);
        b = Vector512.FusedMultiplyAdd(x1, v, b);
    }

    /// <summary>Component q's 32 float32 channel sums added to its float64 sums at <paramref name="g"/> + q·M, unless padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vector512<float> a, Vector512<float> b, double* g, int q, int last, int m)
    {
        if (q >= last)
        {
            return;
        }

        var at = g + ((long)q * m);
        var (low, high) = Vector512.Widen(a);
        (Vector512.Load(at) + low).Store(at);
        (Vector512.Load(at + 8) + high).Store(at + 8);
        (low, high) = Vector512.Widen(b);
        (Vector512.Load(at + 16) + low).Store(at + 16);
        (Vector512.Load(at + 24) + high).Store(at + 24);
    }
}
