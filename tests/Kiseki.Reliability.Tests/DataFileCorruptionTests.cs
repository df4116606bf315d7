using System.Text;
using CsCheck;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Io;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// Randomised corruptions (bit flips, truncation, random bytes, extreme integers) of EVERY real data file of each
/// format under shared/data, read by the format's reader: only the reader's documented exception may escape, each
/// case finishes within a timeout, and no case allocates more than a fixed bound (a corrupted size field must be
/// checked against the file, not trusted). Complements tests/Kiseki.Methods.Io.Tests/CorruptionTests, which
/// covers one file per format without the allocation bound.
/// </summary>
public sealed class DataFileCorruptionTests : IDisposable
{
    /// <summary>
    /// Bound for every format, HDF5 included: the HDF5 decoder checks each size read from the file before allocating,
    /// caps a chunked dataset and its two chunk buffers at 128× the file size, and inflates each chunk into a buffer of
    /// exactly the chunk's declared size (the SiO2 spectrum image decodes to 134 MB from 1.5 MB).
    /// </summary>
    private const long AllocationBound = 512L * 1024 * 1024;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("dm3", 1000)]
    [InlineData("dm4", 1000)]
    [InlineData("msa", 1000)]
    [InlineData("npz", 1000)]
    [InlineData("mat", 1000)]
    [InlineData("rpl", 1000)]
    [InlineData("csv", 1000)]
    [InlineData("hspy", 1000)]
    public void Read_CorruptedRealFilesOfFormat_OnlyReaderErrorWithinTimeAndMemory(string extension, int cases)
    {
        Skip.If(SharedData.Directory is null, "shared/data is not beside this clone; real-file corruption tests are skipped.");
        var files = Directory.EnumerateFiles(SharedData.Directory!, "*." + extension, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        Skip.If(files.Count == 0, $"no .{extension} files under {SharedData.Directory}.");
        var originals = files.Select(File.ReadAllBytes).ToList();
        var companions = files.Select(f => Path.ChangeExtension(f, ".raw")).Select(r => extension == "rpl" && File.Exists(r) ? File.ReadAllBytes(r) : null).ToList();
        var path = _temp.Combine("case." + extension);
        var raw = _temp.Combine("case.raw");
        Action read = extension == "csv"
            ? () => Table.ParseCsv(Encoding.UTF8.GetString(File.ReadAllBytes(path)), path)
            : () => SpectrumImageReader.Read(path);
        var headerBytes = extension == "hspy" ? 65536 : 4096;
        var gen = Gen.Select(Gen.Int[0, files.Count - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 3]);
        gen.Sample((file, mode, a, b, where) =>
        {
            var original = originals[file];
            var companion = companions[file];
            var corruptCompanion = companion is not null && where == 3;
            var target = corruptCompanion ? companion! : original;
            var range = where == 0 ? target.Length : Math.Min(target.Length, headerBytes);
            File.WriteAllBytes(path, corruptCompanion ? original : Corrupt(target, mode, a, b, range));
            if (companion is not null)
            {
                File.WriteAllBytes(raw, corruptCompanion ? Corrupt(companion, mode, a, b, range) : companion);
            }

            Exception? unexpected = null;
            long allocated = 0;
            var task = Task.Run(() =>
            {
                var start = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    read();
                }
                catch (Exception e) when (e is FileFormatException || (extension == "csv" && e is InvalidDataException))
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                }
                catch (Exception e)
                {
                    unexpected = e;
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - start;
            });
            var name = Path.GetFileName(files[file]);
            Assert.True(task.Wait(CaseTimeout), $"{name}: reading did not finish within {CaseTimeout.TotalSeconds} s (mode {mode}, a {a}, b {b})");
            Assert.True(unexpected is null, $"{name} (mode {mode}, a {a}, b {b}): {unexpected}");
            Assert.True(allocated < AllocationBound, $"{name} (mode {mode}, a {a}, b {b}): the reader allocated {allocated} bytes");
        }, iter: cases, threads: 1, print: t => $"file {files[t.Item1]}, mode {t.Item2}, a {t.Item3}, b {t.Item4}, where {t.Item5}");
    }

    private static byte[] Corrupt(byte[] original, int mode, int a, int b, int range)
    {
        var bytes = (byte[])original.Clone();
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var at = a % Math.Max(1, range);
        switch (mode)
        {
            case 0:
                bytes[at] ^= (byte)(1 << (b % 8));
                return bytes;
            case 1:
                return bytes[..(a % bytes.Length)];
            case 2:
                for (var i = 0; i < 1 + (b % 16) && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = (byte)(b >> (i % 4 * 8));
                }

                return bytes;
            default:
                uint[] extremes = [0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x00010000, 0xFFFFFFFE, 0x3FFFFFFF];
                var value = extremes[b % extremes.Length];
                var bigEndian = (b / extremes.Length) % 2 == 0;
                for (var i = 0; i < 4 && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = (byte)(value >> (8 * (bigEndian ? 3 - i : i)));
                }

                return bytes;
        }
    }
}
