using CsCheck;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

/// <summary>
/// Randomised corruption of real files (bit flips, truncation, random bytes and extreme integers written over
/// header and structure offsets): the readers may succeed or throw <see cref="FileFormatException"/>, nothing else,
/// and never hang.
/// </summary>
public sealed class CorruptionTests : IDisposable
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("rosettasciio/dm_3D_datatypes/test-2.dm3", 1000)]
    [InlineData("rosettasciio/dm_3D_datatypes/test-13.dm4", 1000)]
    [InlineData("scifidatasets/DMReader_EELS_STO.dm4", 150)]
    [InlineData("rosettasciio/msa/example1.msa", 1000)]
    [InlineData("nexlspectrum/Al2O3 std.msa", 200)]
    [InlineData("malspy/SI_data.npz", 1000)]
    [InlineData("stem-nmf/mn3o4_f2.mat", 1000)]
    public void Read_CorruptedRealFile_OnlyFileFormatExceptionEscapes(string relative, int cases)
    {
        var original = File.ReadAllBytes(SharedData.Require(relative));
        var path = _temp.Combine("case" + Path.GetExtension(relative));
        Run(original, cases, bytes => File.WriteAllBytes(path, bytes), () => SpectrumImageReader.Read(path));
    }

    [SkippableFact]
    public void Read_CorruptedRippleHeaderAndRaw_OnlyFileFormatExceptionEscapes()
    {
        var rpl = File.ReadAllBytes(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_float32_meta.rpl"));
        var raw = File.ReadAllBytes(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_float32_meta.raw"));
        var rplPath = _temp.Combine("case.rpl");
        var rawPath = _temp.Combine("case.raw");
        File.WriteAllBytes(rawPath, raw);
        Run(rpl, 1000, bytes => File.WriteAllBytes(rplPath, bytes), () => SpectrumImageReader.Read(rplPath));
        File.WriteAllBytes(rplPath, rpl);
        Run(raw, 200, bytes => File.WriteAllBytes(rawPath, bytes), () => SpectrumImageReader.Read(rplPath));
    }

    [Fact]
    public void Read_CorruptedNpy_OnlyFileFormatExceptionEscapes()
    {
        var array = Kiseki.Abstractions.Arrays.NdArray.Create(Enumerable.Range(0, 60).Select(i => (float)i).ToArray(), 3, 4, 5);
        var original = Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(array);
        var path = _temp.Combine("case.npy");
        Run(original, 1000, bytes => File.WriteAllBytes(path, bytes), () => SpectrumImageReader.Read(path));
    }

    [SkippableFact]
    public void Read_CorruptedHspy_OnlyFileFormatExceptionEscapes()
    {
        var original = File.ReadAllBytes(SharedData.Require("nist_hyperspy_tutorial/core_shell.hspy"));
        var path = _temp.Combine("case.hspy");
        // Half the cases corrupt the first 64 KiB (superblock, object headers, B-trees, heaps, attributes); an intact
        // case inflates 16 MB, so the count stays moderate to bound the run time.
        Run(original, 200, bytes => File.WriteAllBytes(path, bytes), () => SpectrumImageReader.Read(path), headerBytes: 65536);
    }

    private static void Run(byte[] original, int cases, Action<byte[]> write, Action read, int headerBytes = 4096)
    {
        var header = Math.Min(original.Length, headerBytes);
        var gen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Bool);
        gen.Sample((mode, a, b, nearHeader) =>
        {
            var bytes = Corrupt(original, mode, a, b, nearHeader ? header : original.Length);
            write(bytes);
            var task = Task.Run(() =>
            {
                try
                {
                    read();
                }
                catch (FileFormatException)
                {
                    // A clean refusal is an allowed outcome.
                }
            });
            if (!task.Wait(CaseTimeout))
            {
                Assert.Fail($"reader did not finish within {CaseTimeout.TotalSeconds} s (mode {mode}, a {a}, b {b})");
            }
        }, iter: cases, threads: 1, print: t => $"mode {t.Item1}, a {t.Item2}, b {t.Item3}, header {t.Item4}");
    }

    private static byte[] Corrupt(byte[] original, int mode, int a, int b, int range)
    {
        var bytes = (byte[])original.Clone();
        var at = a % Math.Max(1, range);
        switch (mode)
        {
            case 0:
                bytes[at] ^= (byte)(1 << (b % 8));
                return bytes;
            case 1:
                return bytes[..(a % bytes.Length)];
            case 2:
                for (var i = 0; i < 1 + (b % 8) && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = (byte)(b >> (i * 3));
                }

                return bytes;
            default:
                uint[] extremes = [0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x00010000, 0xFFFFFFFE];
                var value = extremes[b % extremes.Length];
                for (var i = 0; i < 4 && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = (byte)(value >> (8 * (3 - i)));
                }

                return bytes;
        }
    }
}
