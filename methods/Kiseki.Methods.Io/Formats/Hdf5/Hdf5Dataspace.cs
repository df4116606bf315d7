namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// A dataspace message: scalar (no dimensions), simple (up to <see cref="MaxRank"/> dimensions) or null (no elements).
/// Dimensions are raw 64-bit values; <see cref="ElementCount"/> saturates instead of overflowing so callers can
/// compare it against the file before allocating.
/// </summary>
internal sealed record Hdf5Dataspace(ulong[] Dimensions, ulong[]? MaxDimensions, bool IsNull)
{
    /// <summary>HDF5's own limit on the rank.</summary>
    public const int MaxRank = 32;

    /// <summary>The number of elements, or <see cref="ulong.MaxValue"/> when the product overflows.</summary>
    public ulong ElementCount
    {
        get
        {
            if (IsNull)
            {
                return 0;
            }

            ulong count = 1;
            foreach (var d in Dimensions)
            {
                if (d != 0 && count > ulong.MaxValue / d)
                {
                    return ulong.MaxValue;
                }

                count *= d;
            }

            return count;
        }
    }

    public static Hdf5Dataspace Read(Hdf5Block block)
    {
        var version = block.U8("dataspace version");
        if (version is not (1 or 2))
        {
            throw block.Error($"dataspace version {version} is not supported; expected 1 or 2");
        }

        var rank = block.U8("dataspace rank");
        if (rank > MaxRank)
        {
            throw block.Error($"dataspace rank {rank} exceeds {MaxRank}");
        }

        var flags = block.U8("dataspace flags");
        var isNull = false;
        if (version == 1)
        {
            block.Skip(5, "reserved");
        }
        else
        {
            var type = block.U8("dataspace type");
            if (type > 2)
            {
                throw block.Error($"dataspace type {type} is not supported; expected scalar, simple or null");
            }

            isNull = type == 2;
        }

        var dims = new ulong[rank];
        for (var i = 0; i < rank; i++)
        {
            dims[i] = block.RawLength("dimension size");
        }

        ulong[]? max = null;
        if ((flags & 1) != 0)
        {
            max = new ulong[rank];
            for (var i = 0; i < rank; i++)
            {
                max[i] = block.RawLength("maximum dimension size");
            }
        }

        return new Hdf5Dataspace(dims, max, isNull);
    }
}
