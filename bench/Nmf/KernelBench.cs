using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>kernels</c> mode: X·S and XᵀC of the library against the previous kernels (<see cref="BaselineKernels"/>) on the
/// same phantom, alternated, with a check that both give the same bits, and a plain read pass over X (the memory
/// bound of one pass). Prints wall and CPU seconds per pass for each.
/// </summary>
internal static class KernelBench
{
    public static void Run(List<string> args)
    {
        string? Arg(string name) { var i = args.IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        int rows = 250, cols = 250, channels = 2000;
        var sizeAt = args.IndexOf("--size");
        if (sizeAt >= 0)
        {
            rows = int.Parse(args[sizeAt + 1], CultureInfo.InvariantCulture);
            cols = int.Parse(args[sizeAt + 2], CultureInfo.InvariantCulture);
            channels = int.Parse(args[sizeAt + 3], CultureInfo.InvariantCulture);
        }

        var k = int.Parse(Arg("--components") ?? "8", CultureInfo.InvariantCulture);
        var reps = int.Parse(Arg("--repeats") ?? "5", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var single = args.Contains("--float32");
        var x = Phantom.Make(rows, cols, channels, k, single);
        Console.WriteLine($"kernels on {rows}x{cols}x{channels} {(single ? "float32" : "float64")} ({x.Count * (single ? 4 : 8) / 1e9:F2} GB), K={k}, threads {threads}, Vector512 {Vector512.IsHardwareAccelerated}");
        var random = new Xoshiro256StarStar(7);
        var c = new double[x.Rows * k];
        var sT = new double[k * x.Columns];
        for (var q = 0; q < c.Length; q++)
        {
            c[q] = random.NextDouble() < 0.1 ? 0 : random.NextDouble();
        }

        for (var q = 0; q < sT.Length; q++)
        {
            sT[q] = random.NextDouble();
        }

        double[] xcOld = new double[k * x.Columns], xcNew = new double[k * x.Columns], xsOld = new double[x.Rows * k], xsNew = new double[x.Rows * k];
        var lines = new (string Name, Action Body)[]
        {
            ("read", () => ReadPass(x, threads)),
            ("XtC_before", () => BaselineKernels.TransposeTimes(x, c, k, xcOld, threads)),
            ("XtC_after", () => NmfKernels.TransposeTimes(x, c, k, xcNew, threads)),
            ("XS_before", () => BaselineKernels.Times(x, sT, k, xsOld, threads)),
            ("XS_after", () => NmfKernels.Times(x, sT, k, xsNew, threads)),
        };
        var wall = new double[lines.Length];
        var cpu = new double[lines.Length];
        var process = Process.GetCurrentProcess();
        for (var rep = 0; rep < reps; rep++)
        {
            for (var l = 0; l < lines.Length; l++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                lines[l].Body();
                var seconds = watch.Elapsed.TotalSeconds;
                process.Refresh();
                if (rep > 0 || reps == 1)
                {
                    wall[l] += seconds;
                    cpu[l] += (process.TotalProcessorTime - cpu0).TotalSeconds;
                }
            }

            // Every repetition: optimised code replaces the first-call code as the run goes on, and both must agree.
            var same = Same(xcOld, xcNew) && Same(xsOld, xsNew);
            if (rep == 0 || !same)
            {
                Console.WriteLine($"repetition {rep}: bit-identical to the previous kernels: XtC {Same(xcOld, xcNew)}, XS {Same(xsOld, xsNew)}");
            }

            if (!same)
            {
                Environment.ExitCode = 1;
            }
        }

        Console.WriteLine(Environment.ExitCode == 0 ? "bit-identical in every repetition" : "OUTPUTS DIFFER");
        var timed = Math.Max(1, reps - 1);
        for (var l = 0; l < lines.Length; l++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{lines[l].Name} seconds_per_pass={wall[l] / timed:F4} cpu_seconds_per_pass={cpu[l] / timed:F4} effective_GB_per_s={x.Count * (single ? 4 : 8) / 1e9 / (wall[l] / timed):F1}"));
        }
    }

    private static bool Same(double[] a, double[] b)
        => MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

    // One pass that touches every element (a sum per fixed row block): the memory bound of any kernel pass.
    private static double ReadPass(NmfMatrix x, int threads)
    {
        var partition = RowPartition.For(x.Rows);
        var sums = new double[partition.Blocks];
        partition.Run(threads, b =>
        {
            long start = (long)partition.Start(b) * x.Columns, end = (long)partition.End(b) * x.Columns;
            sums[b] = x.Singles is { } f
                ? Sum(MemoryMarshal.Cast<float, byte>(f.AsSpan((int)start, (int)(end - start))))
                : Sum(MemoryMarshal.Cast<double, byte>(x.Doubles.AsSpan((int)start, (int)(end - start))));
        });
        return sums.Sum();
    }

    private static double Sum(ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        Vector256<ulong> a0 = default, a1 = default;
        var i = 0;
        for (; i + 8 <= words.Length; i += 8)
        {
            a0 ^= Vector256.Create(words.Slice(i, 4));
            a1 ^= Vector256.Create(words.Slice(i + 4, 4));
        }

        return (double)Vector256.Sum(a0 ^ a1);
    }
}
