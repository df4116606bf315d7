using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// Undoes a chunk's filters in reverse pipeline order: deflate (zlib, inflated into a buffer of exactly one chunk and
/// refused if the stream holds more), shuffle (bytes regrouped by element) and Fletcher-32 (checksum stripped).
/// </summary>
internal static class Hdf5Filters
{
    public static ReadOnlySpan<byte> Undo(IReadOnlyList<Hdf5Filter> filters, uint mask, Span<byte> input, byte[] a, byte[] b,
                                          int elementSize, string path, long at)
    {
        if (filters.Count == 0)
        {
            input.CopyTo(a.AsSpan(0, Math.Min(input.Length, a.Length)));
            return input.Length <= a.Length ? a.AsSpan(0, input.Length) : input;
        }

        ReadOnlySpan<byte> current = input;
        var useA = true;
        for (var f = filters.Count - 1; f >= 0; f--)
        {
            if (f < 32 && (mask & (1u << f)) != 0)
            {
                continue;
            }

            var target = useA ? a : b;
            switch (filters[f].Id)
            {
                case Hdf5Filter.Fletcher32:
                    current = current.Length >= 4 ? current[..^4] : throw FileFormatException.AtOffset(path, at, "chunk too short for its Fletcher-32 checksum");
                    continue;
                case Hdf5Filter.Deflate:
                    current = target.AsSpan(0, Inflate(current, target, path, at));
                    break;
                default:
                    if (current.Length > target.Length)
                    {
                        throw FileFormatException.AtOffset(path, at, $"chunk of {current.Length} bytes is larger than a chunk");
                    }

                    var es = filters[f].ClientData.Length > 0 ? (int)filters[f].ClientData[0] : elementSize;
                    Unshuffle(current, target.AsSpan(0, current.Length), es == 0 ? elementSize : es);
                    current = target.AsSpan(0, current.Length);
                    break;
            }

            useA = !useA;
        }

        return current;
    }

    private static unsafe int Inflate(ReadOnlySpan<byte> input, byte[] target, string path, long at)
    {
        try
        {
            fixed (byte* p = input)
            {
                using var memory = new UnmanagedMemoryStream(p, input.Length);
                using var zlib = new ZLibStream(memory, CompressionMode.Decompress);
                var done = 0;
                while (done < target.Length)
                {
                    var n = zlib.Read(target, done, target.Length - done);
                    if (n == 0)
                    {
                        return done;
                    }

                    done += n;
                }

                Span<byte> probe = stackalloc byte[1];
                if (zlib.Read(probe) != 0)
                {
                    throw FileFormatException.AtOffset(path, at, $"deflate stream inflates beyond the chunk size of {target.Length} bytes");
                }

                return done;
            }
        }
        catch (InvalidDataException e)
        {
            throw FileFormatException.AtOffset(path, at, $"deflate stream is corrupt ({e.Message})", e);
        }
    }

    /// <summary>HDF5's shuffle inverse: byte k of element i comes from position k·n + i; trailing bytes are copied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unshuffle(ReadOnlySpan<byte> input, Span<byte> output, int elementSize)
    {
        var n = input.Length / elementSize;
        if (elementSize <= 1 || n <= 1)
        {
            input.CopyTo(output);
            return;
        }

        var i0 = elementSize == 4 && Sse2.IsSupported ? Unshuffle4(input, output, n) : 0;
        for (var k = 0; k < elementSize; k++)
        {
            var plane = input.Slice(k * n, n);
            for (var i = i0; i < n; i++)
            {
                output[(i * elementSize) + k] = plane[i];
            }
        }

        input[(n * elementSize)..].CopyTo(output[(n * elementSize)..]);
    }

    /// <summary>Four-byte elements, 16 at a time: interleaves the four byte planes with SSE2 unpacks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Unshuffle4(ReadOnlySpan<byte> input, Span<byte> output, int n)
    {
        var blocks = n / 16;
        ref var src = ref MemoryMarshal.GetReference(input);
        ref var dst = ref MemoryMarshal.GetReference(output);
        for (var j = 0; j < blocks; j++)
        {
            var i = j * 16;
            var a = Vector128.LoadUnsafe(ref src, (nuint)i);
            var b = Vector128.LoadUnsafe(ref src, (nuint)(n + i));
            var c = Vector128.LoadUnsafe(ref src, (nuint)((2 * n) + i));
            var d = Vector128.LoadUnsafe(ref src, (nuint)((3 * n) + i));
            var abLo = Sse2.UnpackLow(a, b).AsUInt16();
            var abHi = Sse2.UnpackHigh(a, b).AsUInt16();
            var cdLo = Sse2.UnpackLow(c, d).AsUInt16();
            var cdHi = Sse2.UnpackHigh(c, d).AsUInt16();
            var o = (nuint)(i * 4);
            Sse2.UnpackLow(abLo, cdLo).AsByte().StoreUnsafe(ref dst, o);
            Sse2.UnpackHigh(abLo, cdLo).AsByte().StoreUnsafe(ref dst, o + 16);
            Sse2.UnpackLow(abHi, cdHi).AsByte().StoreUnsafe(ref dst, o + 32);
            Sse2.UnpackHigh(abHi, cdHi).AsByte().StoreUnsafe(ref dst, o + 48);
        }

        return blocks * 16;
    }
}
