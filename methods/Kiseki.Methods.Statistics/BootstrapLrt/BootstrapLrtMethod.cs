using System.Globalization;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>Sequential parametric-bootstrap likelihood-ratio test of the number of components of a spectrum image.</summary>
/// <remarks>
/// The abstract of Shiga, Fukaya and Muto (IMC19, 2018) is not available; this implements the parametric-bootstrap LRT
/// for NMF rank as coded in the R package DBNMFrank (Cai, Gu and Kenney), with warm-started fits instead of its
/// deconvolution of optimisation error. Poisson deviance D = 2 Σ [x log(x/x̂) − x + x̂] from KL-NMF fits (malspy β = 0);
/// the Gaussian variant uses T = N·M·ln(RSS_{K−1}/RSS_K) from Euclidean NMF fits.
/// </remarks>
[Method("count.bootstrap-lrt", 1,
    Summary = "Number of components by a sequential parametric-bootstrap likelihood-ratio test on NMF fits.",
    Remarks = "Stand-in for Shiga, Fukaya & Muto (IMC19 2018), whose text is unavailable: the DBNMFrank parametric "
              + "bootstrap (Cai, Gu & Kenney) with warm starts (rank K from rank K-1 plus one component, so T >= 0). "
              + "H0: K-1 vs H1: K for K = 2, 3, ...; T = D(K-1) - D(K) with Poisson deviance (KL-NMF) or "
              + "N*M*ln(RSS(K-1)/RSS(K)) for gaussian noise; replicates from the fitted rank-(K-1) model; "
              + "p = (1 + #{T* >= T})/(B + 1); the estimate is K-1 at the first K with p >= alpha.",
    RelativeTolerance = 1e-9, Cpus = 2, MemoryMb = 2048, TimeMinutes = 60)]
public sealed class BootstrapLrtMethod : IMethod<BootstrapLrtParameters, BootstrapLrtInputs, BootstrapLrtOutputs>
{
    public ValueTask<MethodResult<BootstrapLrtOutputs>> RunAsync(
        BootstrapLrtInputs inputs, BootstrapLrtParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var image = inputs.Image;
        var (n, m) = (image.Pixels, image.Channels);
        if (parameters.Replicates < 19)
        {
            throw MethodException.InvalidParameter("replicates", $"B = {parameters.Replicates} is too few: at least 19 replicates are needed for p-values down to 0.05.");
        }

        var smallest = 1.0 / (parameters.Replicates + 1);
        if (smallest >= parameters.Alpha)
        {
            var needed = (int)Math.Floor(1.0 / parameters.Alpha);
            throw MethodException.InvalidParameter(
                "replicates",
                string.Create(CultureInfo.InvariantCulture,
                    $"with B = {parameters.Replicates} the smallest p-value is 1/(B+1) = {smallest:G4}, never below alpha = {parameters.Alpha:G4}: no test could reject. Use at least {needed} replicates or a larger alpha."));
        }

        if (parameters.MaxComponents > Math.Min(n, m))
        {
            throw MethodException.InvalidParameter(
                "max_components", $"{parameters.MaxComponents} exceeds min(pixels, channels) = {Math.Min(n, m)} of the {image.Rows}×{image.Columns}×{m} image.");
        }

        var data = image.Data.ToDoubleArray();
        Validate(data, m, parameters.Noise);
        var result = BootstrapLrtSolver.Run(
            data, n, m, parameters, context.Random, context.MaxDegreeOfParallelism, context.Progress, cancellationToken);
        foreach (var step in result.Steps)
        {
            context.Log.Info(string.Create(CultureInfo.InvariantCulture,
                $"K={step.K}: T={step.Statistic:G6}, p={step.PValue:G4}, negative T* fraction {step.NegativeFraction:G3}"));
        }

        if (!result.Stopped)
        {
            context.Log.Warning($"every test up to K={parameters.MaxComponents} rejected: the image holds at least {parameters.MaxComponents} components.");
        }

        var steps = result.Steps;
        var table = new Table([
            TableColumn.Numeric("k", [.. steps.Select(s => (double)s.K)]),
            TableColumn.Numeric("statistic", [.. steps.Select(s => s.Statistic)]),
            TableColumn.Numeric("p_value", [.. steps.Select(s => s.PValue)]),
            TableColumn.Numeric("negative_fraction", [.. steps.Select(s => s.NegativeFraction)]),
            TableColumn.Numeric("deviance_null", [.. steps.Select(s => s.NullDeviance)]),
            TableColumn.Numeric("deviance_alternative", [.. steps.Select(s => s.AlternativeDeviance)]),
        ]);
        var ks = steps.Select(s => (double)s.K).ToArray();
        var plot = PlotRenderer.Lines(
            $"Bootstrap LRT ({parameters.Noise.ToString().ToLowerInvariant()}, B={parameters.Replicates}): {result.ComponentsFound} components",
            "K (H0: K-1 vs H1: K)", "p-value",
            null,
            [
                new PlotSeries("p-value", [.. steps.Select(s => s.PValue)], ks),
                new PlotSeries($"alpha = {parameters.Alpha.ToString(CultureInfo.InvariantCulture)}", [parameters.Alpha, parameters.Alpha], [ks[0], ks[^1]]),
            ],
            new PlotOptions { LogY = true, MarkerSize = 7 });
        return ValueTask.FromResult(MethodResult.Success(
            new BootstrapLrtOutputs
            {
                Table = table,
                ComponentsFound = JsonArtifact.Integer(result.ComponentsFound),
                Plot = plot,
            },
            new Convergence(result.Stopped, steps.Count, result.Stopped ? "a test failed to reject" : "every test rejected up to max_components"),
            new Dictionary<string, double> { ["components_found"] = result.ComponentsFound }));
    }

    private static void Validate(double[] data, int m, CountNoise noise)
    {
        var total = 0.0;
        for (var i = 0; i < data.Length; i++)
        {
            var v = data[i];
            if (!double.IsFinite(v))
            {
                throw MethodException.InvalidInput("image", $"value {v} at pixel {i / m}, channel {i % m}: the test needs finite data.");
            }

            if (noise == CountNoise.Poisson && (v < 0 || Math.Abs(v - Math.Round(v)) > 1e-9))
            {
                throw MethodException.InvalidInput(
                    "image",
                    $"the poisson model needs non-negative integer counts, but pixel {i / m}, channel {i % m} is {v.ToString(CultureInfo.InvariantCulture)}; use noise: gaussian for non-count data.");
            }

            total += Math.Abs(v);
        }

        if (total == 0)
        {
            throw MethodException.InvalidInput("image", "the image is all zero: there are no components to count.");
        }
    }
}
