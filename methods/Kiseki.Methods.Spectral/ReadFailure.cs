using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral;

/// <summary>
/// Turns a failed read of an image streamed from its file by NMF, β-NMF, PCA or SVD (a file cut short or damaged after
/// it was opened: the reads throw <see cref="InvalidDataException"/> or <see cref="IOException"/> naming the file, possibly on several row-block
/// threads at once) into one input error that names the file, instead of an aggregate of thread exceptions.
/// </summary>
internal static class ReadFailure
{
    /// <summary>Runs <paramref name="body"/>; a read failure becomes <see cref="MethodException.InvalidInput"/> on the image.</summary>
    public static T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (Of(e) is { } failure)
        {
            throw MethodException.InvalidInput("image", $"the image could not be read: {failure.Message}");
        }
    }

    /// <summary>The first read failure in <paramref name="e"/> (itself or inside an aggregate of them), else null.</summary>
    private static Exception? Of(Exception e) => e switch
    {
        InvalidDataException or IOException => e,
        AggregateException a => a.Flatten().InnerExceptions.All(i => i is InvalidDataException or IOException) ? a.Flatten().InnerExceptions[0] : null,
        _ => null,
    };
}
