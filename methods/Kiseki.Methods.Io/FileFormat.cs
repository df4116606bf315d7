namespace Kiseki.Methods.Io;

/// <summary>The file formats <see cref="SpectrumImageReader"/> recognises by their first bytes.</summary>
public enum FileFormat
{
    /// <summary>Not recognised.</summary>
    Unknown,

    /// <summary>NumPy <c>.npy</c> (magic <c>\x93NUMPY</c>).</summary>
    Npy,

    /// <summary>NumPy <c>.npz</c>: a zip archive of <c>.npy</c> members (magic <c>PK\x03\x04</c>).</summary>
    Npz,

    /// <summary>MATLAB level-5 <c>.mat</c> (text header <c>MATLAB 5.0 MAT-file</c>, endian indicator at byte 126).</summary>
    Mat,

    /// <summary>EMSA/MAS spectral data (ISO 22029), text starting with <c>#FORMAT</c>.</summary>
    Emsa,

    /// <summary>Gatan DigitalMicrograph version 3 (big-endian int32 3 at byte 0).</summary>
    Dm3,

    /// <summary>Gatan DigitalMicrograph version 4 (big-endian int32 4 at byte 0).</summary>
    Dm4,

    /// <summary>Lispix Ripple header <c>.rpl</c> (text of key/value lines) with its <c>.raw</c> companion.</summary>
    Ripple,

    /// <summary>HyperSpy <c>.hspy</c> (HDF5 signature <c>\x89HDF\r\n\x1a\n</c>).</summary>
    Hspy,
}
