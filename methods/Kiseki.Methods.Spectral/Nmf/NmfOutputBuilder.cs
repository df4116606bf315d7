using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>Turns solver factors into the published artifacts of the NMF family.</summary>
internal static class NmfOutputBuilder
{
    /// <summary>Per-pixel RMSE sqrt(mean over channels of (X − C Sᵀ)²), as malspy's E_.</summary>
    public static double[] RmseImage(NmfMatrix x, double[] c, double[] s, int k, int threads)
    {
        var sT = new double[k * x.Columns];
        for (var j = 0; j < x.Columns; j++)
        {
            for (var q = 0; q < k; q++)
            {
                sT[(q * x.Columns) + j] = s[(j * k) + q];
            }
        }

        var perRow = new double[x.Rows];
        ResidualKernels.RowSquaredResiduals(x, c, sT, k, perRow, threads);
        for (var i = 0; i < perRow.Length; i++)
        {
            perRow[i] = Math.Sqrt(perRow[i] / x.Columns);
        }

        return perRow;
    }

    public static NdArray Maps(SpectrumImage image, double[] c, int k) => NdArray.Create(Finite(c, "maps"), image.Rows, image.Columns, k);

    public static NdArray Spectra(SpectrumImage image, double[] s, int k) => NdArray.Create(Finite(s, "spectra"), image.Channels, k);

    public static NdArray Image(SpectrumImage image, double[] perPixel) => NdArray.Create(Finite(perPixel, "residual"), image.Rows, image.Columns);

    public static NdArray Curve(double[] values) => NdArray.Create(Finite(values, "objective"), values.Length);

    /// <summary>
    /// The convergence record; <paramref name="objectiveInterval"/> &gt; 1 (sweeps between the objective's entries) is
    /// written as <c>objective_interval</c>, 1 (an entry per sweep) is left out.
    /// </summary>
    public static JsonArtifact Convergence(
        bool converged, int iterations, int[] updates, int bestRestart, double tolerance, NmfCompat compat, int objectiveInterval = 1)
    {
        var record = new JsonObject
        {
            ["converged"] = converged,
            ["iterations"] = iterations,
            ["updates_per_restart"] = new JsonArray(updates.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
            ["best_restart"] = bestRestart,
            ["tolerance"] = tolerance,
            ["tolerance_kind"] = compat == NmfCompat.None ? "relative" : "absolute",
            ["compat"] = compat == NmfCompat.None ? "none" : "malspy-0.4.0",
        };
        if (objectiveInterval > 1)
        {
            record["objective_interval"] = objectiveInterval;
        }

        return new JsonArtifact(record);
    }

    public static Convergence Summary(bool converged, int iterations, double tolerance, NmfCompat compat)
        => new(
            converged,
            iterations,
            converged
                ? $"objective change below the {(compat == NmfCompat.None ? "relative" : "absolute")} tolerance {tolerance:G3}"
                : "reached max_iterations");

    private static double[] Finite(double[] values, string what)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw MethodException.Failed(
                    $"the fit produced non-finite {what}; the data may be degenerate (check for all-zero or constant input).");
            }
        }

        return values;
    }
}
