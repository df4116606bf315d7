using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Matching;

/// <summary>Parameters of <c>spectral.match-components@1</c> (none).</summary>
public sealed record MatchComponentsParameters;

/// <summary>Inputs of <c>spectral.match-components@1</c>.</summary>
public sealed record MatchComponentsInputs
{
    [Description("Estimated spectra, (channels, K).")]
    public required NdArray Spectra { get; init; }

    [Description("Reference (true) spectra, (channels, K_ref).")]
    public required NdArray Reference { get; init; }
}

/// <summary>Outputs of <c>spectral.match-components@1</c>.</summary>
public sealed record MatchComponentsOutputs
{
    [Description("One row per matched pair: reference, estimate, cosine.")]
    public required Table Table { get; init; }

    [Description("The smallest cosine similarity over the matched pairs (JSON number).")]
    public required JsonArtifact MinimumCosine { get; init; }
}

/// <summary>
/// Matches estimated component spectra to reference spectra by cosine similarity: the one-to-one assignment that
/// maximises the summed cosine (exhaustive over assignments for up to 8 components, greedy beyond).
/// </summary>
[Method("spectral.match-components", 1,
    Summary = "Match estimated spectra to reference spectra by cosine similarity (best one-to-one assignment).",
    Remarks = "Used to score decompositions of phantoms with known ground truth. Unmatched components (when the "
              + "counts differ) are left out of the table; the minimum cosine is over matched pairs.")]
public sealed class MatchComponentsMethod : IMethod<MatchComponentsParameters, MatchComponentsInputs, MatchComponentsOutputs>
{
    public ValueTask<MethodResult<MatchComponentsOutputs>> RunAsync(
        MatchComponentsInputs inputs, MatchComponentsParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var (estimated, m, k) = Columns(inputs.Spectra, "spectra");
        var (reference, mr, kr) = Columns(inputs.Reference, "reference");
        if (m != mr)
        {
            throw MethodException.InvalidInput("reference", $"has {mr} channels but the spectra have {m}.");
        }

        var cosine = new double[kr, k];
        for (var a = 0; a < kr; a++)
        {
            for (var b = 0; b < k; b++)
            {
                cosine[a, b] = Cosine(reference[a], estimated[b]);
            }
        }

        var assignment = Math.Min(k, kr) <= 8 ? Exhaustive(cosine, kr, k) : Greedy(cosine, kr, k);
        var pairs = assignment.Select((b, a) => (a, b)).Where(p => p.b >= 0).ToArray();
        var values = pairs.Select(p => cosine[p.a, p.b]).ToArray();
        var table = new Table([
            TableColumn.Numeric("reference", [.. pairs.Select(p => (double)p.a)]),
            TableColumn.Numeric("estimate", [.. pairs.Select(p => (double)p.b)]),
            TableColumn.Numeric("cosine", values),
        ]);
        var minimum = values.Length == 0 ? 0 : values.Min();
        return ValueTask.FromResult(MethodResult.Success(
            new MatchComponentsOutputs { Table = table, MinimumCosine = JsonArtifact.Number(minimum) },
            metrics: new Dictionary<string, double> { ["minimum_cosine"] = minimum }));
    }

    private static (double[][] Columns, int Channels, int Count) Columns(NdArray array, string port)
    {
        if (array.Rank is < 1 or > 2)
        {
            throw MethodException.InvalidInput(port, $"expected (channels, K), got rank {array.Rank}.");
        }

        var m = array.Shape[0];
        var k = array.Rank == 2 ? array.Shape[1] : 1;
        var data = array.ToDoubleArray();
        var columns = new double[k][];
        for (var q = 0; q < k; q++)
        {
            columns[q] = new double[m];
            for (var j = 0; j < m; j++)
            {
                columns[q][j] = data[(j * k) + q];
                if (!double.IsFinite(columns[q][j]))
                {
                    throw MethodException.InvalidInput(port, $"non-finite value at channel {j}, component {q}.");
                }
            }
        }

        return (columns, m, k);
    }

    private static double Cosine(double[] a, double[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 0;
    }

    /// <summary>For each reference the matched estimate (−1 when none), maximising the summed cosine.</summary>
    private static int[] Exhaustive(double[,] cosine, int kr, int k)
    {
        var best = Enumerable.Repeat(-1, kr).ToArray();
        var bestScore = double.NegativeInfinity;
        var current = new int[kr];
        var used = new bool[k];
        void Search(int a, double score)
        {
            if (a == kr)
            {
                if (score > bestScore + 1e-15)
                {
                    bestScore = score;
                    current.CopyTo(best, 0);
                }

                return;
            }

            var free = k - used.Count(u => u);
            if (kr - a > free)
            {
                current[a] = -1;
                Search(a + 1, score);
            }

            for (var b = 0; b < k; b++)
            {
                if (!used[b])
                {
                    used[b] = true;
                    current[a] = b;
                    Search(a + 1, score + cosine[a, b]);
                    used[b] = false;
                }
            }
        }

        Search(0, 0);
        return best;
    }

    private static int[] Greedy(double[,] cosine, int kr, int k)
    {
        var result = Enumerable.Repeat(-1, kr).ToArray();
        var usedEstimate = new bool[k];
        for (var step = 0; step < Math.Min(k, kr); step++)
        {
            var (ba, bb, bv) = (-1, -1, double.NegativeInfinity);
            for (var a = 0; a < kr; a++)
            {
                for (var b = 0; b < k; b++)
                {
                    if (result[a] < 0 && !usedEstimate[b] && cosine[a, b] > bv)
                    {
                        (ba, bb, bv) = (a, b, cosine[a, b]);
                    }
                }
            }

            result[ba] = bb;
            usedEstimate[bb] = true;
        }

        return result;
    }
}
