using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>f32pass</c> mode: what one X·S pass and one XᵀC pass over a uint16 <c>.npy</c> cost out of core, with the
/// library's kernels (rows widened to float32 by the reader, products accumulated in float64) against experimental
/// kernels that widen the uint16 rows themselves and multiply and add in float32 (X·S: sixteen channels per lane,
/// lanes summed in float64 at the end of a row; XᵀC: a chunk's rows summed in float32 per 32 channels, then added to
/// the row block's float64 sums) — beside a read pass (positioned reads only) and the read pass with the widening to
/// float32 that the library's reader does. The experiments are used by no method; they measure how far float32
/// arithmetic would take the out-of-core fit towards the read time of its passes.
/// </summary>
internal static unsafe class Float32Pass
{
    public static void Run(List<string> args)
    {
        string? Arg(string name) { var i = args.IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        var path = Arg("--file") ?? throw new ArgumentException("f32pass needs --file F.npy (uint16, C order)");
        var k = int.Parse(Arg("--components") ?? "8", CultureInfo.InvariantCulture);
        var reps = int.Parse(Arg("--repeats") ?? "3", CultureInfo.InvariantCulture);
        var chunk = int.Parse(Arg("--chunk") ?? "64", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (k != 8)
        {
            throw new ArgumentException("the experimental kernel is written for K = 8");
        }

        using var file = RowFile.OpenNpy(path);
        if (file.Type != DType.UInt16 || file.BigEndian)
        {
            throw new ArgumentException($"{path}: {DTypes.Name(file.Type)}; f32pass reads little-endian uint16");
        }

        var (n, m) = (file.Rows, file.Columns);
        var x = NmfMatrix.FromFile(file);
        var random = new Xoshiro256StarStar(7);
        var sT = new double[k * m];
        for (var q = 0; q < sT.Length; q++)
        {
            sT[q] = random.NextDouble() / m;
        }

        var sF = Array.ConvertAll(sT, v => (float)v);
        var c = new double[n * k];
        for (var q = 0; q < c.Length; q++)
        {
            c[q] = random.NextDouble();
        }

        var gram = new double[k * m];
        var gramFused = new double[k * m];
        var cF = Array.ConvertAll(c, v => (float)v);
        var blocks = new double[RowPartition.For(n).Blocks][];
        var library = new double[(long)n * k <= int.MaxValue ? n * k : throw new ArgumentException("too many rows")];
        var fused = new double[n * k];
        var single = x.WithSingleProducts();
        var librarySingle = new double[n * k];
        var gramSingle = new double[k * m];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Console.WriteLine($"f32pass on {path}: {n} x {m} uint16 ({(long)n * m * 2 / 1e9:F2} GB), K={k}, chunk {chunk} rows (the library reads {NmfMatrix.ChunkRows}), threads {threads}, Vector512 {Vector512.IsHardwareAccelerated}");
        var lines = new (string Name, Action Body)[]
        {
            ("read", () => Pass(handle, file.DataOffset, n, m, chunk, threads, null)),
            ("read_widen_f32", () => Pass(handle, file.DataOffset, n, m, chunk, threads, (bytes, first, count, _) => Widen(bytes, count * m))),
            ("XS_library_f64", () => NmfKernels.Times(x, sT, k, library, threads)),
            ("XtC_library_f64", () => NmfKernels.TransposeTimes(x, c, k, gram, threads)),
            ("XS_library_f32", () => NmfKernels.Times(single, sT, k, librarySingle, threads)),
            ("XtC_library_f32", () => NmfKernels.TransposeTimes(single, c, k, gramSingle, threads)),
            ("XtC_fused_f32", () => TransposeFused(handle, file.DataOffset, n, m, chunk, threads, cF, blocks, gramFused)),
            ("XS_fused_f32", () => Pass(handle, file.DataOffset, n, m, chunk, threads, (bytes, first, count, _) => Dots(bytes, first, count, m, sF, fused))),
        };
        var wall = new double[lines.Length];
        for (var rep = 0; rep < reps; rep++)
        {
            for (var l = 0; l < lines.Length; l++)
            {
                var watch = Stopwatch.StartNew();
                lines[l].Body();
                if (rep > 0 || reps == 1)
                {
                    wall[l] += watch.Elapsed.TotalSeconds;
                }
            }
        }

        var counted = Math.Max(1, reps - 1);
        var worst = 0.0;
        for (var i = 0; i < library.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(fused[i] - library[i]) / Math.Max(Math.Abs(library[i]), 1e-300));
        }

        var worstGram = 0.0;
        for (var i = 0; i < gram.Length; i++)
        {
            worstGram = Math.Max(worstGram, Math.Abs(gramFused[i] - gram[i]) / Math.Max(Math.Abs(gram[i]), 1e-300));
        }

        var widen = wall[1] / counted;
        for (var l = 0; l < lines.Length; l++)
        {
            var seconds = wall[l] / counted;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{lines[l].Name} seconds_per_pass={seconds:F3} ratio_to_read_widen={seconds / widen:F2} GFMA_per_s={(l >= 2 ? (double)n * m * k / seconds / 1e9 : 0):F1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest relative difference of the float32 X·S from the library's: {worst:E2}, of the float32 XᵀC: {worstGram:E2}"));
    }

    /// <summary>Every row read once in chunks with positioned reads, each thread its own fixed row blocks, then <paramref name="body"/> on the chunk.</summary>
    private static void Pass(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int n, int m, int chunk, int threads, Action<byte[], int, int, int>? body)
    {
        var partition = RowPartition.For(n);
        partition.Run(threads, b =>
        {
            var bytes = new byte[chunk * m * 2];
            for (var first = partition.Start(b); first < partition.End(b); first += chunk)
            {
                var count = Math.Min(chunk, partition.End(b) - first);
                var span = bytes.AsSpan(0, count * m * 2);
                for (var done = 0; done < span.Length;)
                {
                    done += RandomAccess.Read(handle, span[done..], offset + ((long)first * m * 2) + done);
                }

                body?.Invoke(bytes, first, count, b);
            }
        });
    }

    /// <summary>
    /// XᵀC over the file: each row block's partial sums in its own float64 array (added in block order at the end, as
    /// the library does); within a chunk, 32 channels at a time, the chunk's rows are multiplied and added in float32
    /// and the chunk's sums then added to the block's float64 sums.
    /// </summary>
    private static void TransposeFused(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int n, int m, int chunk, int threads, float[] c, double[][] blocks, double[] result)
    {
        var partition = RowPartition.For(n);
        Pass(handle, offset, n, m, chunk, threads, (bytes, first, count, b) =>
        {
            var sums = blocks[b] ??= new double[8 * m];
            if (first == partition.Start(b))
            {
                Array.Clear(sums);
            }

            Accumulate(bytes, first, count, m, c, sums);
        });
        Array.Clear(result);
        foreach (var sums in blocks)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] += sums[i];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(byte[] bytes, int first, int count, int m, float[] cF, double[] sums)
    {
        fixed (byte* raw = bytes)
        fixed (float* c = cF)
        fixed (double* g = sums)
        {
            var rows = (ushort*)raw;
            var end = m - (m % 32);
            for (var j = 0; j < end; j += 32)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
                for (var r = 0; r < count; r++)
                {
                    var row = rows + ((long)r * m);
                    var x0 = Row(row, j);
                    var x1 = Row(row, j + 16);
                    var w = c + ((long)(first + r) * 8);
                    Weight(x0, x1, w[0], ref a0, ref b0);
                    Weight(x0, x1, w[1], ref a1, ref b1);
                    Weight(x0, x1, w[2], ref a2, ref b2);
                    Weight(x0, x1, w[3], ref a3, ref b3);
                    Weight(x0, x1, w[4], ref a4, ref b4);
                    Weight(x0, x1, w[5], ref a5, ref b5);
                    Weight(x0, x1, w[6], ref a6, ref b6);
                    Weight(x0, x1, w[7], ref a7, ref b7);
                }

                Add(a0, g + j); Add(b0, g + j + 16);
                Add(a1, g + m + j); Add(b1, g + m + j + 16);
                Add(a2, g + (2 * m) + j); Add(b2, g + (2 * m) + j + 16);
                Add(a3, g + (3 * m) + j); Add(b3, g + (3 * m) + j + 16);
                Add(a4, g + (4 * m) + j); Add(b4, g + (4 * m) + j + 16);
                Add(a5, g + (5 * m) + j); Add(b5, g + (5 * m) + j + 16);
                Add(a6, g + (6 * m) + j); Add(b6, g + (6 * m) + j + 16);
                Add(a7, g + (7 * m) + j); Add(b7, g + (7 * m) + j + 16);
            }

            for (var j = end; j < m; j++)
            {
                for (var r = 0; r < count; r++)
                {
                    for (var q = 0; q < 8; q++)
                    {
                        g[(q * m) + j] += rows[((long)r * m) + j] * (double)c[((long)(first + r) * 8) + q];
                    }
                }
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

    /// <summary>Sixteen float32 sums added to sixteen float64 ones at <paramref name="g"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vector512<float> sums, double* g)
    {
        var (low, high) = Vector512.Widen(sums);
        (Vector512.Load(g) + low).Store(g);
        (Vector512.Load(g + 8) + high).Store(g + 8);
    }

    [ThreadStatic]
    private static float[]? _widened;

    private static void Widen(byte[] bytes, int count)
    {
        var values = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan(0, count * 2));
        var target = _widened is { } w && w.Length >= count ? w : _widened = new float[count];
        var i = 0;
        fixed (ushort* from = values)
        fixed (float* to = target)
        {
            for (; i + 16 <= count; i += 16)
            {
                Row(from, i).Store(to + i);
            }
        }

        for (; i < count; i++)
        {
            target[i] = values[i];
        }
    }

    /// <summary>result[row, q] for the chunk's rows, two rows at a time on 16-lane float32 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dots(byte[] bytes, int first, int count, int m, float[] sF, double[] result)
    {
        fixed (byte* raw = bytes)
        fixed (float* s = sF)
        {
            var rows = (ushort*)raw;
            var r = 0;
            for (; r + 2 <= count; r += 2)
            {
                TwoRows(rows + ((long)r * m), rows + ((long)(r + 1) * m), m, s, result, first + r);
            }

            for (; r < count; r++)
            {
                for (var q = 0; q < 8; q++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < m; j++)
                    {
                        sum += rows[((long)r * m) + j] * (double)s[(q * m) + j];
                    }

                    result[((first + r) * 8) + q] = sum;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(ushort* row, int j) => Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector256.Load(row + j)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TwoRows(ushort* r0, ushort* r1, int m, float* s, double[] result, int row)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        var end = m - (m % 16);
        for (var j = 0; j < end; j += 16)
        {
            var x0 = Row(r0, j);
            var x1 = Row(r1, j);
            Step(x0, x1, s + (0 * m) + j, ref a0, ref b0);
            Step(x0, x1, s + (1 * m) + j, ref a1, ref b1);
            Step(x0, x1, s + (2 * m) + j, ref a2, ref b2);
            Step(x0, x1, s + (3 * m) + j, ref a3, ref b3);
            Step(x0, x1, s + (4 * m) + j, ref a4, ref b4);
            Step(x0, x1, s + (5 * m) + j, ref a5, ref b5);
            Step(x0, x1, s + (6 * m) + j, ref a6, ref b6);
            Step(x0, x1, s + (7 * m) + j, ref a7, ref b7);
        }

        // Sixteen calls, not a helper taking a row's eight accumulators by value: that made the JIT keep the
        // accumulators in memory through the loop (a pass took 1.00 s instead of 0.67 s).
        Store(a0, r0, 0, m, end, s, result, row);
        Store(a1, r0, 1, m, end, s, result, row);
        Store(a2, r0, 2, m, end, s, result, row);
        Store(a3, r0, 3, m, end, s, result, row);
        Store(a4, r0, 4, m, end, s, result, row);
        Store(a5, r0, 5, m, end, s, result, row);
        Store(a6, r0, 6, m, end, s, result, row);
        Store(a7, r0, 7, m, end, s, result, row);
        Store(b0, r1, 0, m, end, s, result, row + 1);
        Store(b1, r1, 1, m, end, s, result, row + 1);
        Store(b2, r1, 2, m, end, s, result, row + 1);
        Store(b3, r1, 3, m, end, s, result, row + 1);
        Store(b4, r1, 4, m, end, s, result, row + 1);
        Store(b5, r1, 5, m, end, s, result, row + 1);
        Store(b6, r1, 6, m, end, s, result, row + 1);
        Store(b7, r1, 7, m, end, s, result, row + 1);
    }

    /// <summary>Sixteen channels of two rows times sixteen channels of one component, into the rows' accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Vector512<float> x0, Vector512<float> x1, float* s, ref Vector512<float> a, ref Vector512<float> b)
    {
        var v = Vector512.Load(s);
        a = Vector512.FusedMultiplyAdd(x0, v, a);
        b = Vector512.FusedMultiplyAdd(x1, v, b);
    }

    /// <summary>One accumulator's lanes summed in float64, plus the row's last channels, into result[row, q].</summary>
    private static void Store(Vector512<float> lanes, ushort* r, int q, int m, int end, float* s, double[] result, int row)
    {
        var (low, high) = Vector512.Widen(lanes);
        var sum = Vector512.Sum(low + high);
        for (var j = end; j < m; j++)
        {
            sum += r[j] * (double)s[(q * m) + j];
        }

        result[(row * 8) + q] = sum;
    }
}
