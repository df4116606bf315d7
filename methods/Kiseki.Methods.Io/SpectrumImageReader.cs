using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Io.Dm;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io;

/// <summary>
/// Reads any supported file into a <see cref="SpectrumImage"/> (rows, cols, channels; channel fastest). The format is
/// recognised from the first bytes (<see cref="FormatDetector"/>), never from the extension. Every failure is a
/// <see cref="FileFormatException"/> naming the file, the offset or key, and what was expected. NaN and infinite
/// values in floating-point data are kept as they are (<see cref="FileInspector"/> counts them).
/// </summary>
public static class SpectrumImageReader
{
    /// <summary>Reads <paramref name="path"/> with automatic choices.</summary>
    public static SpectrumImage Read(string path) => Read(path, ReadOptions.Default);

    /// <summary>Reads <paramref name="path"/>; <paramref name="options"/> picks among several datasets.</summary>
    public static SpectrumImage Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        return Guard(path, () =>
        {
            var format = DetectOrThrow(path);
            return format switch
            {
                FileFormat.Npy => NpyReader.ReadNpy(path, options),
                FileFormat.Npz => NpyReader.ReadNpz(path, options),
                FileFormat.Mat => MatReader.Read(path, options),
                FileFormat.Emsa => EmsaReader.Read(path, options.AllowTruncated),
                FileFormat.Dm3 or FileFormat.Dm4 => DmReader.Read(path, options),
                FileFormat.Ripple => RippleReader.Read(path, options),
                FileFormat.Hspy => HspyReader.Read(path, options),
                _ => throw new InvalidOperationException(),
            };
        });
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading by rows of channels without reading it (out of core): a C-order
    /// <c>.npy</c>, a Ripple <c>.rpl</c> whose <c>.raw</c> is recorded by vector, or a HyperSpy HDF5 file whose signal
    /// is a contiguous dataset with the signal axis last. Other formats and layouts are refused with a
    /// <see cref="FileFormatException"/> that says why (read them whole with <see cref="Read(string, ReadOptions)"/>).
    /// </summary>
    public static RowFile OpenRows(string path, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = options ?? ReadOptions.Default;
        return Guard(path, () => DetectOrThrow(path) switch
        {
            FileFormat.Npy => Rows(path, () => RowFile.OpenNpy(path)),
            FileFormat.Ripple => RippleReader.OpenRows(path, o),
            FileFormat.Hspy => HspyReader.OpenRows(path, o),
            var other => throw FileFormatException.Whole(path,
                $"{other} data cannot be read by rows; out-of-core reading takes .npy, Ripple (record-by vector) or contiguous HDF5 (.hspy)"),
        });
    }

    /// <summary>
    /// The spectrum image of <paramref name="path"/> left in its file (out of core) when its layout allows reading it by
    /// rows — a C-order <c>.npy</c>, a record-by-vector Ripple file or a HyperSpy file whose signal is a contiguous HDF5
    /// dataset with the signal axis last — with the same axes, signal, source and values
    /// as <see cref="Read(string, ReadOptions)"/>; null for other formats and layouts (read those whole). The file's
    /// header and length are checked now; the values are read later, by rows or whole.
    /// </summary>
    public static SpectrumImage? OpenOutOfCore(string path, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = options ?? ReadOptions.Default;
        return Guard(path, () => DetectOrThrow(path) switch
        {
            FileFormat.Npy => NpyReader.OpenOutOfCore(path, o),
            FileFormat.Ripple => RippleReader.OpenOutOfCore(path, o),
            FileFormat.Hspy => HspyReader.OpenOutOfCore(path, o),
            _ => null,
        });
    }

    private static RowFile Rows(string path, Func<RowFile> open)
    {
        try
        {
            return open();
        }
        catch (InvalidDataException e)
        {
            throw FileFormatException.Whole(path, e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message, e);
        }
    }

    /// <summary>Reads a <c>.npy</c> (or the largest array of a <c>.npz</c> / MAT-file) as a plain array, any rank.</summary>
    public static NdArray ReadArray(string path, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Guard(path, () => DetectOrThrow(path) switch
        {
            FileFormat.Npy => NpyReader.ReadArray(path),
            FileFormat.Npz => NpyReader.ReadNpzMembers(path) is { Count: > 0 } members
                ? (options?.ArrayName is { } name && members.TryGetValue(name, out var hit) ? hit : members.Values.OrderByDescending(m => m.Length).First())
                : throw FileFormatException.Whole(path, "the .npz archive holds no .npy member"),
            FileFormat.Mat => MatReader.ReadVariables(path) is { Count: > 0 } vars
                ? vars.OrderByDescending(v => v.Array.Length).First().Array
                : throw FileFormatException.Whole(path, "the MAT-file holds no numeric array"),
            var other => Read(path, options ?? ReadOptions.Default).Data,
        });
    }

    private static FileFormat DetectOrThrow(string path)
    {
        if (!File.Exists(path))
        {
            throw FileFormatException.Whole(path, "file not found");
        }

        var format = FormatDetector.Detect(path);
        if (format == FileFormat.Unknown)
        {
            var sibling = Path.ChangeExtension(path, ".rpl");
            var hint = File.Exists(sibling) && !string.Equals(Path.GetFullPath(sibling), Path.GetFullPath(path), StringComparison.Ordinal)
                ? $" (a Ripple header {Path.GetFileName(sibling)} lies beside it: read that instead)" : "";
            throw FileFormatException.AtOffset(path, 0, "unrecognised signature; expected DM3/DM4, EMSA, Ripple .rpl, NPY, NPZ, MAT v5 or HDF5 (.hspy)" + hint);
        }

        return format;
    }

    /// <summary>Runs a reader, turning every failure that is not already a <see cref="FileFormatException"/> into one.</summary>
    internal static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FileFormatException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FileFormatException.Whole(path, $"cannot be read: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not (StackOverflowException or AccessViolationException))
        {
            throw FileFormatException.Whole(path, $"is corrupt or not a supported variant ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }
}
