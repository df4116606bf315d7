using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Io;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>outofcore</c> mode: NMF-SO on a spectrum image read by row blocks from its file, never held in memory.
/// <c>--make ROWS COLS CHANNELS</c> first writes a uint16 phantom <c>.npy</c> row by row (no full copy in memory).
/// Prints the time of one read pass over the file (the same blocks and threads as the kernels), the fit's passes and
/// wall time, their ratio to the read time of that many passes, and the peak RSS of the process. With <c>--engine</c>
/// the same fit runs through <c>kiseki run</c> instead (<see cref="OutOfCoreEngine"/>; <c>--method beta-nmf</c> fits
/// β-NMF KL with <c>spectral.beta-nmf@3</c> instead of NMF-SO).
/// </summary>
internal static class OutOfCoreBench
{
    public static void Run(List<string> args)
    {
        string? Arg(string name) { var i = args.IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        var path = Path.GetFullPath(Arg("--file") ?? Path.Combine(Path.GetTempPath(), "kiseki-ooc.npy"));
        var k = int.Parse(Arg("--components") ?? "8", CultureInfo.InvariantCulture);
        var iterations = int.Parse(Arg("--iterations") ?? "20", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var makeAt = args.IndexOf("--make");
        var clock = Stopwatch.StartNew();
        if (makeAt >= 0)
        {
            var size = args.Skip(makeAt + 1).Take(3).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Write(path, size[0], size[1], size[2], k);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path} ({size[0]}x{size[1]}x{size[2]} uint16, {new FileInfo(path).Length / 1e9:F2} GB) in {clock.Elapsed.TotalSeconds:F1} s"));
        }

        if (args.Contains("--engine"))
        {
            var budget = Arg("--budget") is { } b ? long.Parse(b, CultureInfo.InvariantCulture) : (long?)null;
            OutOfCoreEngine.Run(path, Arg("--method") ?? "nmf-so", k, iterations, threads, budget, args.Contains("--keep"), Arg("--precision"));
            return;
        }

        using var file = SpectrumImageReader.OpenRows(path);
        // Two read passes: the first may also fill the page cache and compile; the faster one is the pass read time.
        var readPass = double.PositiveInfinity;
        for (var pass = 0; pass < 2; pass++)
        {
            clock.Restart();
            var checksum = ReadPass(file, threads);
            var passSeconds = clock.Elapsed.TotalSeconds;
            readPass = Math.Min(readPass, passSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read pass {pass + 1}: {file.Rows} rows x {file.Columns} channels of {DTypes.Name(file.Type)} in {passSeconds:F2} s (checksum {checksum:G6})"));
        }

        var rawPass = double.PositiveInfinity;
        for (var pass = 0; pass < 2; pass++)
        {
            clock.Restart();
            _ = RawReadPass(file, threads);
            rawPass = Math.Min(rawPass, clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw read pass (bytes, no conversion): {rawPass:F2} s"));
        var single = (Arg("--precision") ?? "float64") switch
        {
            "float64" => false,
            "float32" => true,
            var other => throw new ArgumentException($"--precision must be float64 or float32, got {other}"),
        };
        var x = single ? NmfMatrix.FromFile(file).WithSingleProducts() : NmfMatrix.FromFile(file);
        var options = new NmfSolverOptions
        {
            Components = k, Orthogonality = 0.1, Restarts = 1, MaxIterations = iterations, MinIterations = iterations,
            Tolerance = 0, Threads = threads,
        };
        clock.Restart();
        _ = DataScan.Of(x, threads);
        var scanSeconds = clock.Elapsed.TotalSeconds;
        var fit = HalsSolver.Fit(x, options, new Xoshiro256StarStar(1), default);
        var sweepSeconds = clock.Elapsed.TotalSeconds - scanSeconds;
        var perPixel = new double[x.Rows];
        ResidualKernels.RowSquaredResiduals(x, fit.C, HalsSolver.Transpose(fit.S, x.Columns, k), k, perPixel, threads);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scan pass {scanSeconds:F2} s, sweeps {sweepSeconds:F2} s ({sweepSeconds / iterations:F3} s each), residual pass {seconds - scanSeconds - sweepSeconds:F2} s"));
        Save(Path.ChangeExtension(path, ".maps.npy"), NdArray.Create(fit.C, x.Rows, k));
        Save(Path.ChangeExtension(path, ".spectra.npy"), NdArray.Create(fit.S, x.Columns, k));

        // The scan for ‖X‖², two passes per sweep (XᵀC, X·S) and the residual pass.
        var passes = 1 + (2 * fit.Objective.Length) + 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nmf-so K={k} precision={(single ? "float32" : "float64")} iterations={fit.Objective.Length} passes={passes} wall_s={seconds:F2} read_time_of_passes_s={passes * readPass:F2} " +
            $"ratio={seconds / (passes * readPass):F2} raw_read_time_of_passes_s={passes * rawPass:F2} ratio_to_raw={seconds / (passes * rawPass):F2} " +
            $"objective={fit.FinalObjective:G6}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS {PeakRssGb():F2} GB"));
    }

    /// <summary>One pass of positioned reads of the raw bytes (no conversion) in the kernels' blocks: the read time proper.</summary>
    internal static double RawReadPass(RowFile file, int threads)
    {
        using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var size = DTypes.SizeOf(file.Type);
        var partition = RowPartition.For(file.Rows);
        var sums = new double[partition.Blocks];
        partition.Run(threads, b =>
        {
            var buffer = new byte[NmfMatrix.ChunkRows * file.Columns * size];
            for (var first = partition.Start(b); first < partition.End(b); first += NmfMatrix.ChunkRows)
            {
                var length = Math.Min(NmfMatrix.ChunkRows, partition.End(b) - first) * file.Columns * size;
                var offset = file.DataOffset + ((long)first * file.Columns * size);
                for (var done = 0; done < length;)
                {
                    done += RandomAccess.Read(handle, buffer.AsSpan(done, length - done), offset + done);
                }

                sums[b] += buffer[0] + buffer[length - 1];
            }
        });
        return sums.Sum();
    }

    internal static double ReadPass(RowFile file, int threads)
    {
        var partition = RowPartition.For(file.Rows);
        var sums = new double[partition.Blocks];
        partition.Run(threads, b =>
        {
            var buffer = new float[NmfMatrix.ChunkRows * file.Columns];
            for (var first = partition.Start(b); first < partition.End(b); first += NmfMatrix.ChunkRows)
            {
                var count = Math.Min(NmfMatrix.ChunkRows, partition.End(b) - first);
                file.ReadRows(first, count, buffer.AsSpan(0, count * file.Columns));
                sums[b] += buffer[0] + buffer[(count * file.Columns) - 1];
            }
        });
        return sums.Sum();
    }

    /// <summary>K Gaussian-peak spectra × smooth maps, counts ≈ 20 at a peak, with uniform integer noise; row by row.</summary>
    internal static void Write(string path, int rows, int cols, int channels, int k)
    {
        var spectra = new double[k * channels];
        for (var q = 0; q < k; q++)
        {
            var centre = 0.1 + (0.8 * q / Math.Max(1, k - 1));
            for (var j = 0; j < channels; j++)
            {
                var e = j / (channels - 1.0);
                spectra[(q * channels) + j] = Math.Exp(-Math.Pow((e - centre) / 0.03, 2)) + 0.1;
            }
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(NpyHeader.Encode(DType.UInt16, [rows, cols, channels]));
        var line = new ushort[cols * channels];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(line.AsSpan());
        for (var r = 0; r < rows; r++)
        {
            Parallel.For(0, cols, c =>
            {
                var state = (ulong)((((long)r * cols) + c) * 2654435761L) | 1;
                Span<double> weights = stackalloc double[k];
                for (var q = 0; q < k; q++)
                {
                    weights[q] = 0.5 + (0.5 * Math.Sin((2 * Math.PI * q / k) + (r * 6.0 / rows) + (c * 3.0 / cols)));
                }

                for (var j = 0; j < channels; j++)
                {
                    var mean = 0.0;
                    for (var q = 0; q < k; q++)
                    {
                        mean += weights[q] * spectra[(q * channels) + j];
                    }

                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    line[(c * channels) + j] = (ushort)Math.Max(0, Math.Round((20 * mean) + ((state % 7) - 3.0)));
                }
            });
            stream.Write(bytes);
        }
    }

    private static void Save(string path, NdArray array)
    {
        using var stream = File.Create(path);
        NpyFormat.Write(stream, array);
    }

    internal static double PeakRssGb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1e6 * 1.024;
            }
        }

        return double.NaN;
    }
}
