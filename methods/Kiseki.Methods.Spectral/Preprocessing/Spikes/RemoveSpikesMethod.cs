using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Spectral.Preprocessing.Spikes;

/// <summary>Parameters of <see cref="RemoveSpikesMethod"/>.</summary>
public sealed record RemoveSpikesParameters
{
    [Description("A value is a spike when it exceeds its neighbours' median by this many robust standard deviations of its channel.")]
    [Range(1.0, 1000.0)]
    public double Threshold { get; init; } = 8;

    [Description("Channels on each side of a detected spike that are replaced too (the spike's tails).")]
    [Range(0, 64)]
    public int Width { get; init; } = 1;
}

/// <summary>Inputs of <see cref="RemoveSpikesMethod"/>.</summary>
public sealed record RemoveSpikesInputs
{
    [Description("Spectrum image (rows, cols, channels) with at least 3 pixels; finite values.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <see cref="RemoveSpikesMethod"/>.</summary>
public sealed record RemoveSpikesOutputs
{
    [Description("The image with spike channels replaced by the neighbour median (float64, same axes).")]
    public required SpectrumImage Image { get; init; }

    [Description("Number of channels replaced per pixel, shape (rows, cols).")]
    public required NdArray Spikes { get; init; }
}

/// <summary>Removes X-ray (cosmic-ray) spikes from a spectrum image.</summary>
[Method("spectral.remove-spikes", 1,
    Summary = "Remove X-ray spikes: values far above the same channel's median in the neighbouring pixels.",
    Remarks = "Automatic counterpart of HyperSpy's Signal1D.spikes_removal_tool, which thresholds the energy derivative " +
              "and interpolates interactively. Here a direct X-ray hit is recognised by what makes it one: a single pixel " +
              "far above its spatial neighbours in the same channel and above its own neighbouring channels. On Anscombe-" +
              "stabilised values y = 2√(x + 3/8) (Anscombe, Biometrika 35 (1948) 246; unit noise for counts at any level): " +
              "r = y − median of the (up to 8) neighbouring pixels' same channel, s = y − median of the pixel's channels " +
              "j ± 3; σ_j = 1.4826·median over pixels of |r| in channel j (a robust σ, floored at its 90th " +
              "percentile over channels); a value with r > threshold·σ_j and s > threshold·σ_j is a spike (only positive ones: hits add " +
              "charge; the second test spares intensity steps between pixels, which are broad in energy). The spike channel and `width` channels " +
              "on each side are replaced by the neighbour median. Genuine spectral features shared with neighbouring " +
              "pixels are untouched; features confined to one pixel and stronger than the threshold would be removed, so " +
              "keep the threshold high (default 8). Units unchanged. Egerton, EELS in the Electron Microscope, 3rd ed. " +
              "(2011) §2.5 (spikes from X-rays on the detector).")]
public sealed class RemoveSpikesMethod : IMethod<RemoveSpikesParameters, RemoveSpikesInputs, RemoveSpikesOutputs>
{
    public ValueTask<MethodResult<RemoveSpikesOutputs>> RunAsync(
        RemoveSpikesInputs inputs, RemoveSpikesParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        if (!(parameters.Threshold >= 1) || !double.IsFinite(parameters.Threshold))
        {
            throw MethodException.InvalidParameter("threshold", $"must be a finite number ≥ 1, got {parameters.Threshold}.");
        }

        if (parameters.Width < 0)
        {
            throw MethodException.InvalidParameter("width", $"must be ≥ 0, got {parameters.Width}.");
        }

        var image = inputs.Image;
        if (image.Pixels < 3)
        {
            throw MethodException.InvalidInput(
                "image", $"has {image.Pixels} pixel(s); spikes are found against neighbouring pixels, so at least 3 are needed.");
        }

        var x = SpectrumMatrix.From(image);
        var m = x.Channels;
        var median = SpikeDetector.NeighbourMedian(x.Data, image.Rows, image.Columns, m);
        var y = SpikeDetector.Stabilise(x.Data);
        var yMedian = SpikeDetector.NeighbourMedian(y, image.Rows, image.Columns, m);
        var ySpectral = SpikeDetector.SpectralMedian(y, x.Pixels, m);
        var spread = SpikeDetector.RobustSpread(y, yMedian, x.Pixels, m);
        var cleaned = (double[])x.Data.Clone();
        var replaced = new double[x.Pixels];
        var hits = 0;
        for (var p = 0; p < x.Pixels; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var last = -1;
            for (var j = 0; j < m; j++)
            {
                var i = (p * m) + j;
                var limit = parameters.Threshold * spread[j];
                if (y[i] - yMedian[i] <= limit || y[i] - ySpectral[i] <= limit)
                {
                    continue;
                }

                hits++;
                for (var q = Math.Max(Math.Max(0, j - parameters.Width), last + 1); q <= Math.Min(m - 1, j + parameters.Width); q++)
                {
                    cleaned[(p * m) + q] = median[(p * m) + q];
                    replaced[p]++;
                    last = q;
                }
            }
        }

        if (hits > 0)
        {
            context.Log.Info($"{hits} spike(s) in {replaced.Count(v => v > 0)} pixel(s); {replaced.Sum()} values replaced");
        }

        var outputs = new RemoveSpikesOutputs
        {
            Image = image.WithData(NdArray.Create(cleaned, image.Rows, image.Columns, m)),
            Spikes = NdArray.Create(replaced, image.Rows, image.Columns),
        };
        var metrics = new Dictionary<string, double> { ["spikes"] = hits, ["values_replaced"] = replaced.Sum() };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }
}
