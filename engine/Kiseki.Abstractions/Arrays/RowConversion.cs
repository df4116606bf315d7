using System.Numerics;
using System.Runtime.InteropServices;

namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// Vectorised widening of stored elements to the kernels' float32/float64 for the common exact cases (8- and 16-bit
/// integers and float32 to float32, float32 and float64 to float64). Every conversion is exact, so the values equal the
/// element-by-element conversion bit for bit.
/// </summary>
internal static class RowConversion
{
    /// <summary>Converts <paramref name="input"/> into <paramref name="output"/> when the pair is vectorised; false otherwise.</summary>
    public static bool TryWiden<TIn, TOut>(ReadOnlySpan<TIn> input, Span<TOut> output)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        if (typeof(TOut) == typeof(float))
        {
            var o = MemoryMarshal.Cast<TOut, float>(output);
            if (typeof(TIn) == typeof(ushort))
            {
                FromUInt16(MemoryMarshal.Cast<TIn, ushort>(input), o);
            }
            else if (typeof(TIn) == typeof(short))
            {
                FromInt16(MemoryMarshal.Cast<TIn, short>(input), o);
            }
            else if (typeof(TIn) == typeof(byte))
            {
                FromByte(MemoryMarshal.Cast<TIn, byte>(input), o);
            }
            else if (typeof(TIn) == typeof(float))
            {
                MemoryMarshal.Cast<TIn, float>(input)[..o.Length].CopyTo(o);
            }
            else
            {
                return false;
            }

            return true;
        }

        if (typeof(TOut) == typeof(double))
        {
            var o = MemoryMarshal.Cast<TOut, double>(output);
            if (typeof(TIn) == typeof(double))
            {
                MemoryMarshal.Cast<TIn, double>(input)[..o.Length].CopyTo(o);
            }
            else if (typeof(TIn) == typeof(float))
            {
                FromSingle(MemoryMarshal.Cast<TIn, float>(input), o);
            }
            else
            {
                return false;
            }

            return true;
        }

        return false;
    }

    private static void FromUInt16(ReadOnlySpan<ushort> input, Span<float> output)
    {
        var i = 0;
        var n = Vector<ushort>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= output.Length - n; i += n)
            {
                Vector.Widen(new Vector<ushort>(input[i..]), out var low, out var high);
                Vector.ConvertToSingle(low).CopyTo(output[i..]);
                Vector.ConvertToSingle(high).CopyTo(output[(i + Vector<uint>.Count)..]);
            }
        }

        for (; i < output.Length; i++)
        {
            output[i] = input[i];
        }
    }

    private static void FromInt16(ReadOnlySpan<short> input, Span<float> output)
    {
        var i = 0;
        var n = Vector<short>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= output.Length - n; i += n)
            {
                Vector.Widen(new Vector<short>(input[i..]), out var low, out var high);
                Vector.ConvertToSingle(low).CopyTo(output[i..]);
                Vector.ConvertToSingle(high).CopyTo(output[(i + Vector<int>.Count)..]);
            }
        }

        for (; i < output.Length; i++)
        {
            output[i] = input[i];
        }
    }

    private static void FromByte(ReadOnlySpan<byte> input, Span<float> output)
    {
        var i = 0;
        var n = Vector<byte>.Count;
        var quarter = Vector<uint>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= output.Length - n; i += n)
            {
                Vector.Widen(new Vector<byte>(input[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                Vector.ConvertToSingle(a).CopyTo(output[i..]);
                Vector.ConvertToSingle(b).CopyTo(output[(i + quarter)..]);
                Vector.ConvertToSingle(c).CopyTo(output[(i + (2 * quarter))..]);
                Vector.ConvertToSingle(d).CopyTo(output[(i + (3 * quarter))..]);
            }
        }

        for (; i < output.Length; i++)
        {
            output[i] = input[i];
        }
    }

    private static void FromSingle(ReadOnlySpan<float> input, Span<double> output)
    {
        var i = 0;
        var n = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= output.Length - n; i += n)
            {
                Vector.Widen(new Vector<float>(input[i..]), out var low, out var high);
                low.CopyTo(output[i..]);
                high.CopyTo(output[(i + Vector<double>.Count)..]);
            }
        }

        for (; i < output.Length; i++)
        {
            output[i] = input[i];
        }
    }
}
