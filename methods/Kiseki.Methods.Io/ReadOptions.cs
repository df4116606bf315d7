namespace Kiseki.Methods.Io;

/// <summary>Choices a caller can make when a file holds more than one candidate dataset.</summary>
public sealed record ReadOptions
{
    /// <summary>Default options: automatic choice everywhere.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>DM: the <c>ImageList</c> index to read instead of the automatically chosen spectrum image.</summary>
    public int? DmEntry { get; init; }

    /// <summary>Ripple: the <c>.raw</c> data file; by default the file with the header's stem and extension <c>.raw</c>.</summary>
    public string? RippleCompanionPath { get; init; }

    /// <summary>NPZ / MAT / HSPY: the name of the array, variable or experiment to read instead of the largest one.</summary>
    public string? ArrayName { get; init; }

    /// <summary>
    /// NPY / NPZ / MAT arrays of rank 2 or 3: the spectral axis is the first axis (channels, …) instead of the last
    /// (…, channels). The default follows NumPy/HyperSpy practice: channels last.
    /// </summary>
    public bool ChannelsFirst { get; init; }

    /// <summary>Read a text file that holds fewer values than its header declares (the caller must warn); otherwise it is refused.</summary>
    public bool AllowTruncated { get; init; }
}
