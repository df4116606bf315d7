namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>HDF5 datatype classes (the low four bits of the datatype message's first byte).</summary>
internal enum Hdf5TypeClass
{
    FixedPoint = 0,
    FloatingPoint = 1,
    Time = 2,
    String = 3,
    Bitfield = 4,
    Opaque = 5,
    Compound = 6,
    Reference = 7,
    Enumerated = 8,
    VariableLength = 9,
    Array = 10,
}

/// <summary>
/// A decoded datatype message: class, element size, byte order, sign, and for enumerations and variable-length types
/// the base type. Classes this reader does not decode keep their class and size so callers can skip them.
/// </summary>
internal sealed record Hdf5Datatype(Hdf5TypeClass Class, int Size, bool BigEndian, bool Signed, bool IsVariableString, Hdf5Datatype? Base)
{
    /// <summary>Largest element this reader accepts (HDF5 allows 4 GiB; HyperSpy stores scalars and short strings).</summary>
    public const int MaxElementSize = 1 << 20;

    private const int MaxNesting = 8;

    /// <summary>Parses a datatype message body.</summary>
    public static Hdf5Datatype Read(Hdf5Block block, int depth = 0)
    {
        if (depth > MaxNesting)
        {
            throw block.Error($"datatype nesting deeper than {MaxNesting}");
        }

        var classAndVersion = block.U8("datatype class");
        var cls = (Hdf5TypeClass)(classAndVersion & 0x0F);
        var version = classAndVersion >> 4;
        if (version is < 1 or > 4)
        {
            throw block.Error($"datatype version {version} is not supported; expected 1 to 4");
        }

        var bits = block.U8("datatype bits 0-7") | (block.U8("datatype bits 8-15") << 8) | (block.U8("datatype bits 16-23") << 16);
        var size = block.U32("datatype size");
        if (size == 0 || size > MaxElementSize)
        {
            throw block.Error($"datatype element size {size} is outside 1..{MaxElementSize} bytes");
        }

        var bigEndian = (bits & 1) != 0;
        switch (cls)
        {
            case Hdf5TypeClass.FixedPoint:
                block.Skip(4, "fixed-point properties");
                return new(cls, (int)size, bigEndian, (bits & 0x08) != 0, false, null);
            case Hdf5TypeClass.FloatingPoint:
                block.Skip(12, "floating-point properties");
                if ((bits & 0x40) != 0)
                {
                    throw block.Error("VAX-order floating point is not supported");
                }

                return new(cls, (int)size, bigEndian, true, false, null);
            case Hdf5TypeClass.String:
                return new(cls, (int)size, false, false, false, null);
            case Hdf5TypeClass.Enumerated:
                {
                    var baseType = Read(block, depth + 1);
                    return new(cls, (int)size, baseType.BigEndian, baseType.Signed, false, baseType);
                }

            case Hdf5TypeClass.VariableLength:
                {
                    var isString = (bits & 0x0F) == 1;
                    var baseType = Read(block, depth + 1);
                    return new(cls, (int)size, false, false, isString, baseType);
                }

            default:
                return new(cls, (int)size, bigEndian, false, false, null);
        }
    }

    /// <summary>True for a fixed-point, floating-point or enumerated scalar that <see cref="ToDouble"/> can convert.</summary>
    public bool IsNumeric => Class switch
    {
        Hdf5TypeClass.FixedPoint or Hdf5TypeClass.Enumerated => Size is 1 or 2 or 4 or 8,
        Hdf5TypeClass.FloatingPoint => Size is 4 or 8,
        _ => false,
    };

    /// <summary>Converts one numeric element to a double.</summary>
    public double ToDouble(ReadOnlySpan<byte> element)
    {
        Span<byte> le = stackalloc byte[8];
        element[..Size].CopyTo(le);
        if (BigEndian)
        {
            le[..Size].Reverse();
        }

        var raw = BitConverter.ToUInt64(le);
        if (Class == Hdf5TypeClass.FloatingPoint)
        {
            return Size == 4 ? BitConverter.Int32BitsToSingle((int)raw) : BitConverter.Int64BitsToDouble((long)raw);
        }

        if (!Signed)
        {
            return raw;
        }

        var shift = 64 - (8 * Size);
        return (long)(raw << shift) >> shift;
    }
}
