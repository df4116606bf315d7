namespace Kiseki.Abstractions.Arrays;

/// <summary>Element type of an <see cref="NdArray"/>; names follow NumPy.</summary>
public enum DType
{
    Bool,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float32,
    Float64,
    Complex64,
    Complex128,
}

/// <summary>A complex number of two single-precision floats (NumPy <c>complex64</c>).</summary>
public readonly record struct Complex64(float Real, float Imaginary);

/// <summary>Facts about each <see cref="DType"/>.</summary>
public static class DTypes
{
    public static int SizeOf(DType type) => type switch
    {
        DType.Bool or DType.Int8 or DType.UInt8 => 1,
        DType.Int16 or DType.UInt16 => 2,
        DType.Int32 or DType.UInt32 or DType.Float32 => 4,
        DType.Int64 or DType.UInt64 or DType.Float64 or DType.Complex64 => 8,
        DType.Complex128 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// Whether every value of <paramref name="type"/> converts exactly to float32 (bool, 8- and 16-bit integers, float32),
    /// so its elements can be worked on as float32 without changing a value.
    /// </summary>
    public static bool ExactInSingles(DType type) => type is DType.Bool or DType.Int8 or DType.UInt8 or DType.Int16 or DType.UInt16 or DType.Float32;

    /// <summary>NumPy name: <c>float64</c>, <c>uint16</c>, …</summary>
    public static string Name(DType type) => type.ToString().ToLowerInvariant();

    public static Type ClrType(DType type) => type switch
    {
        DType.Bool => typeof(bool),
        DType.Int8 => typeof(sbyte),
        DType.UInt8 => typeof(byte),
        DType.Int16 => typeof(short),
        DType.UInt16 => typeof(ushort),
        DType.Int32 => typeof(int),
        DType.UInt32 => typeof(uint),
        DType.Int64 => typeof(long),
        DType.UInt64 => typeof(ulong),
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Complex64 => typeof(Complex64),
        DType.Complex128 => typeof(System.Numerics.Complex),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static DType Of<T>() where T : unmanaged => Of(typeof(T));

    public static DType Of(Type type)
    {
        foreach (var value in Enum.GetValues<DType>())
        {
            if (ClrType(value) == type)
            {
                return value;
            }
        }

        throw new ArgumentException($"{type} is not an array element type.", nameof(type));
    }

    public static bool IsFloatingPoint(DType type) => type is DType.Float32 or DType.Float64;

    public static bool IsComplex(DType type) => type is DType.Complex64 or DType.Complex128;
}
