using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Mask;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>
/// Runs an NMF-family fit on the unmasked pixels only and puts the per-pixel outputs back on the full grid (0 at
/// masked pixels); without a mask the fit runs on the whole image unchanged.
/// </summary>
internal static class MaskedNmf
{
    public static async ValueTask<MethodResult<NmfOutputs>> Run(
        NmfInputs inputs, MethodContext context, Func<SpectrumImage, ValueTask<MethodResult<NmfOutputs>>> fit)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Mask is null)
        {
            return await fit(inputs.Image).ConfigureAwait(false);
        }

        var mask = Selected(inputs, context);
        var result = await fit(mask.Select(inputs.Image)).ConfigureAwait(false);
        var o = result.Outputs;
        return result with
        {
            Outputs = o with { Maps = mask.Scatter(o.Maps), Residual = mask.Scatter(o.Residual) },
            Metrics = WithMasked(result.Metrics, mask),
        };
    }

    public static async ValueTask<MethodResult<NmfArdSoOutputs>> Run(
        NmfInputs inputs, MethodContext context, Func<SpectrumImage, ValueTask<MethodResult<NmfArdSoOutputs>>> fit)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Mask is null)
        {
            return await fit(inputs.Image).ConfigureAwait(false);
        }

        var mask = Selected(inputs, context);
        var result = await fit(mask.Select(inputs.Image)).ConfigureAwait(false);
        var o = result.Outputs;
        return result with
        {
            Outputs = o with { Maps = mask.Scatter(o.Maps), Residual = mask.Scatter(o.Residual) },
            Metrics = WithMasked(result.Metrics, mask),
        };
    }

    private static NavigationMask Selected(NmfInputs inputs, MethodContext context)
    {
        var mask = NavigationMask.Of(inputs.Mask!, inputs.Image);
        context.Log.Info($"navigation mask: fitting {mask.Kept.Count} of {inputs.Image.Pixels} pixels");
        return mask;
    }

    private static Dictionary<string, double> WithMasked(IReadOnlyDictionary<string, double> metrics, NavigationMask mask)
        => new(metrics) { ["masked_pixels"] = (mask.Rows * mask.Columns) - mask.Kept.Count };
}
