using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>Loads eight consecutive channels of a float32 or float64 row as two double vectors.</summary>
internal static class Lanes
{
    /// <summary>Channels handled per step.</summary>
    public const int Width = 8;

    /// <summary>
    /// Whether the 512-bit, row-blocked loops (<see cref="WideDots"/>, <see cref="WideAccumulate"/>) run on this machine;
    /// else the 256-bit one-row loops do. Both give the same bits.
    /// </summary>
    public static readonly bool Wide = Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<T>(ref T row, int j, out Vector256<double> low, out Vector256<double> high)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            ref var d = ref Unsafe.As<T, double>(ref row);
            low = Vector256.LoadUnsafe(ref d, (nuint)j);
            high = Vector256.LoadUnsafe(ref d, (nuint)(j + 4));
        }
        else
        {
            ref var f = ref Unsafe.As<T, float>(ref row);
            var v = Vector256.LoadUnsafe(ref f, (nuint)j);
            (low, high) = Vector256.Widen(v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Get<T>(ref T row, int j)
        where T : unmanaged
        => typeof(T) == typeof(double)
            ? Unsafe.Add(ref Unsafe.As<T, double>(ref row), j)
            : Unsafe.Add(ref Unsafe.As<T, float>(ref row), j);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c)
        => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Row<T>(T[] data, int row, int columns)
        where T : unmanaged
        => ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(data), (nint)((long)row * columns));
}
