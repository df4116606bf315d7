using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>Parameter and input checks shared by the SVD and PCA methods.</summary>
internal static class DecompositionChecks
{
    public static void Components(int k, int limit, string why)
    {
        if (k < 1)
        {
            throw MethodException.InvalidParameter("components", $"must be at least 1; got {k}.");
        }

        if (k > limit)
        {
            throw MethodException.InvalidParameter(
                "components", $"{k} is more than the data allow: at most {limit} ({why}).");
        }
    }

    public static void NonNegativeForPoisson(SpectrumMatrix x)
    {
        for (var i = 0; i < x.Data.Length; i++)
        {
            if (x.Data[i] < 0)
            {
                throw MethodException.InvalidInput(
                    "image",
                    $"Poisson scaling needs non-negative counts, but pixel {i / x.Channels}, channel {i % x.Channels} is " +
                    $"{x.Data[i]}; set poisson_scaling: false or clip/offset dark-subtracted data first.");
            }
        }
    }
}
