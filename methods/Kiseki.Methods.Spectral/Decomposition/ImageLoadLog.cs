using System.Globalization;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>
/// Says in the step log when a method loads a spectrum image that was left in its file (out of core), how big it is
/// and why it is loaded — a warning when it is over the array memory budget, so a large load is never silent.
/// </summary>
internal static class ImageLoadLog
{
    /// <summary>Logs the load of <paramref name="image"/> when it is still in its file; nothing when it is in memory.</summary>
    public static void LoadingWhole(SpectrumImage image, MethodContext context, string why)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(context);
        if (image is not { IsLoaded: false, File: { } file })
        {
            return;
        }

        var budget = context.ArrayMemoryBudget;
        if (file.ByteLength > budget)
        {
            context.Log.Warning(string.Create(CultureInfo.InvariantCulture,
                $"loaded whole: {Gigabytes(file.ByteLength)} GB ({why}), over the array memory budget of {Gigabytes(budget)} GB"));
        }
        else
        {
            context.Log.Info(string.Create(CultureInfo.InvariantCulture, $"loaded whole: {Gigabytes(file.ByteLength)} GB ({why})"));
        }
    }

    /// <summary>Bytes as gigabytes with two decimals.</summary>
    public static string Gigabytes(long bytes) => (bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture);
}
