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
/// <c>f32pass</c> mode: what one X·S pass and one XᵀC pass over a uint16 <c>.npy</c> cost out of core with the
/// library's float64 kernels (rows widened to float32 by the reader, products accumulated in float64) and with its
/// float32 kernels (<c>precision: float32</c>: rows read as stored and widened in the kernel, float32 products on 16
/// lanes) — beside a read pass (positioned reads only) and the read pass with the widening to float32 that the
/// library's reader does. (The fused float32 experiments this mode first timed became those kernels.)
/// </summary>
internal static unsafe class Float32Pass
{
    public static void Run(List<string> args)
    {
        string? Arg(string name) { var i = args.IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        var path = Arg("--file") ?? throw new ArgumentException("f32pass needs --file F.npy (uint16, C order)");
        var k = int.Parse(Arg("--components") ?? "8", CultureInfo.InvariantCulture);
        var reps = int.Parse(Arg("--repeats") ?? "3", CultureInfo.InvariantCulture);
        var chunk = int.Parse(Arg("--chunk") ?? "32", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
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

        var c = new double[n * k];
        for (var q = 0; q < c.Length; q++)
        {
            c[q] = random.NextDouble();
        }

        var gram = new double[k * m];
        var library = new double[(long)n * k <= int.MaxValue ? n * k : throw new ArgumentException("too many rows")];
        var single = x.WithSingleProducts();
        var librarySingle = new double[n * k];
        var gramSingle = new double[k * m];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Console.WriteLine($"f32pass on {path}: {n} x {m} uint16 ({(long)n * m * 2 / 1e9:F2} GB), K={k}, chunk {chunk} rows (the library reads {NmfMatrix.ChunkRows} in float64, 32 in float32), threads {threads}, Vector512 {Vector512.IsHardwareAccelerated}");
        var lines = new (string Name, Action Body)[]
        {
            ("read", () => Pass(handle, file.DataOffset, n, m, chunk, threads, null)),
            ("read_widen_f32", () => Pass(handle, file.DataOffset, n, m, chunk, threads, (bytes, count) => Widen(bytes, count * m))),
            ("XS_library_f64", () => NmfKernels.Times(x, sT, k, library, threads)),
            ("XtC_library_f64", () => NmfKernels.TransposeTimes(x, c, k, gram, threads)),
            ("XS_library_f32", () => NmfKernels.Times(single, sT, k, librarySingle, threads)),
            ("XtC_library_f32", () => NmfKernels.TransposeTimes(single, c, k, gramSingle, threads)),
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
            worst = Math.Max(worst, Math.Abs(librarySingle[i] - library[i]) / Math.Max(Math.Abs(library[i]), 1e-300));
        }

        var worstGram = 0.0;
        for (var i = 0; i < gram.Length; i++)
        {
            worstGram = Math.Max(worstGram, Math.Abs(gramSingle[i] - gram[i]) / Math.Max(Math.Abs(gram[i]), 1e-300));
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
    private static void Pass(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int n, int m, int chunk, int threads, Action<byte[], int>? body)
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

                body?.Invoke(bytes, count);
            }
        });
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(ushort* row, int j) => Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector256.Load(row + j)));
}
