using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>Parameter and input checks shared by the SVD, PCA and scree methods.</summary>
public static class DecompositionChecks
{
    /// <summary>Refuses K outside [1, <paramref name="limit"/>].</summary>
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

    /// <summary>Refuses negative values before Poisson scaling, naming the pixel and channel.</summary>
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
