using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Mask;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>
/// Runs an NMF-family fit on the unmasked pixels only and puts maps and residual back on the full grid (0 at
/// masked pixels); without a mask the fit runs on the whole image unchanged.
/// </summary>
internal static class MaskedNmf
{
    public static ValueTask<MethodResult<NmfOutputs>> Run(
        NmfInputs inputs, MethodContext context, Func<SpectrumImage, ValueTask<MethodResult<NmfOutputs>>> fit)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return MaskedFit.Run(inputs.Image, inputs.Mask, context, fit,
            (o, mask) => o with { Maps = mask.Scatter(o.Maps), Residual = mask.Scatter(o.Residual) });
    }

    public static ValueTask<MethodResult<NmfArdSoOutputs>> Run(
        NmfInputs inputs, MethodContext context, Func<SpectrumImage, ValueTask<MethodResult<NmfArdSoOutputs>>> fit)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return MaskedFit.Run(inputs.Image, inputs.Mask, context, fit,
            (o, mask) => o with { Maps = mask.Scatter(o.Maps), Residual = mask.Scatter(o.Residual) });
    }
}
