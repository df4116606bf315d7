using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Preprocessing.Mask;

/// <summary>
/// Runs a decomposition on the unmasked pixels only and puts its per-pixel outputs back on the full grid (0 at
/// masked pixels, via <see cref="NavigationMask.Scatter"/>); without a mask the fit runs on the whole image unchanged.
/// </summary>
internal static class MaskedFit
{
    /// <summary>
    /// Fits <paramref name="image"/> (or only its pixels where <paramref name="mask"/> is 0) and, when masked, lets
    /// <paramref name="scatter"/> expand the per-pixel outputs and adds the metric <c>masked_pixels</c>.
    /// </summary>
    public static async ValueTask<MethodResult<TOutputs>> Run<TOutputs>(
        SpectrumImage image,
        NdArray? mask,
        MethodContext context,
        Func<SpectrumImage, ValueTask<MethodResult<TOutputs>>> fit,
        Func<TOutputs, NavigationMask, TOutputs> scatter)
        where TOutputs : class
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(scatter);
        if (mask is null)
        {
            return await fit(image).ConfigureAwait(false);
        }

        Decomposition.ImageLoadLog.LoadingWhole(image, context, "the navigation mask selects its pixels in memory");
        var selected = NavigationMask.Of(mask, image);
        context.Log.Info($"navigation mask: fitting {selected.Kept.Count} of {image.Pixels} pixels");
        var result = await fit(selected.Select(image)).ConfigureAwait(false);
        return result with
        {
            Outputs = scatter(result.Outputs, selected),
            Metrics = new Dictionary<string, double>(result.Metrics)
            {
                ["masked_pixels"] = (selected.Rows * selected.Columns) - selected.Kept.Count,
            },
        };
    }
}
