using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Gaussian;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>
/// Finds the region of (γ, ε_a) whose predicted equilibrium precipitate shapes match the observations, {y &lt; h},
/// by GP-driven adaptive sampling (Tsukada et al., Sci. Rep. 9, 15794, 2019; LSE: Gotovos et al., IJCAI 2013;
/// straddle: Bryan et al., NIPS 2005), counting forward-model evaluations, and scores the estimate against the
/// exhaustive grid after every evaluation. Forward model: <see cref="ShapeEnergyModel"/> (Eshelby spheroid).
/// Units: γ in J/m², radius in nm, y dimensionless.
/// </summary>
[Method("precipitate.low-error-region", 1, Summary = "GP level-set search for the (γ, ε) region matching observed precipitate shapes.",
    Remarks = "Tsukada et al., Sci. Rep. 9, 15794 (2019); LSE (Gotovos et al., IJCAI 2013, β^1/2 = 3), straddle " +
              "(Bryan et al., NIPS 2005). y = mean (ln ρ* − ln ρ_obs)²; γ in J/m², R in nm.")]
public sealed class LowErrorRegionMethod : IMethod<LowErrorRegionParameters, LowErrorRegionInputs, LowErrorRegionOutputs>
{
    public ValueTask<MethodResult<LowErrorRegionOutputs>> RunAsync(
        LowErrorRegionInputs inputs, LowErrorRegionParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var p = parameters;
        var (radii, ratios) = Observations.Read(inputs.Observations);
        var grid = p.Grid();
        if (!(p.Threshold > 0) || !double.IsFinite(p.Threshold))
        {
            throw MethodException.InvalidParameter("threshold", $"must be a positive number, got {p.Threshold}.");
        }

        var model = new ShapeEnergyModel(
            new EshelbySpheroid(Stiffness(p)), p.MisfitRatio, p.AspectRatioMax, Math.Min(0.05, (p.AspectRatioMax - 1) / 10));
        var forward = new ShapeDiscrepancy(model, radii, ratios);
        var size = p.GridSize;
        var gammas = grid.Gammas;
        var misfits = grid.Misfits;
        var count = grid.Count;
        var points = grid.Points;
        var truthY = new double[count];
        var truth = new bool[count];
        for (var i = 0; i < count; i++)
        {
            truthY[i] = forward.Uncounted(grid.Gamma(i), grid.Misfit(i));
            truth[i] = truthY[i] < p.Threshold;
        }

        if (!truth.Any(t => t))
        {
            throw MethodException.InvalidParameter("threshold",
                $"no grid point has discrepancy below {p.Threshold}; the smallest on this grid is {truthY.Min():G4}. " +
                "Raise the threshold or widen the parameter box.");
        }

        var settings = p.SearchSettings();
        RegionSearchResult result;
        try
        {
            result = LowErrorRegionSolver.Run(
                points, i => forward.Evaluate(gammas[i % size], misfits[i / size]), truth, p.Threshold, settings,
                context.Random, cancellationToken);
        }
        catch (GaussianProcessException ex)
        {
            throw MethodException.Failed($"the Gaussian process failed: {ex.Message}", ex);
        }

        var target = result.TargetJson(p.Strategy, p.TargetF1, count);
        target["forward_evaluations"] = forward.Evaluations;
        target["true_region_points"] = truth.Count(t => t);
        target["stop_reason"] = result.StopReason;
        var outputs = new LowErrorRegionOutputs
        {
            RegionMap = Map(truthY, truth, result, size, gammas, misfits, p),
            F1Curve = result.F1Table(),
            EvaluationsToTarget = new JsonArtifact(target),
            Region = RegionTable(gammas, misfits, truthY, truth, result, size),
        };
        var metrics = new Dictionary<string, double>
        {
            ["forward_evaluations"] = forward.Evaluations,
            ["final_f1"] = result.F1[^1],
            ["evaluations_to_target"] = result.EvaluationsToTarget ?? -1,
        };
        return ValueTask.FromResult(MethodResult.Success(
            outputs, new Convergence(result.EvaluationsToTarget is not null, forward.Evaluations, result.StopReason), metrics));
    }

    internal static StiffnessTensor Stiffness(LowErrorRegionParameters p)
    {
        try
        {
            return Elasticity.Stiffness(p.Elasticity, p.ShearModulus, p.PoissonRatio);
        }
        catch (ArgumentException ex)
        {
            throw MethodException.InvalidParameter("shear_modulus", ex.Message);
        }
    }

    private static Table RegionTable(double[] gammas, double[] misfits, double[] y, bool[] truth, RegionSearchResult result, int size)
    {
        var n = size * size;
        var evaluated = new double[n];
        foreach (var i in result.Order)
        {
            evaluated[i] = 1;
        }

        return new Table([
            TableColumn.Numeric("interface_energy", [.. Enumerable.Range(0, n).Select(i => gammas[i % size])]),
            TableColumn.Numeric("misfit", [.. Enumerable.Range(0, n).Select(i => misfits[i / size])]),
            TableColumn.Numeric("discrepancy", y),
            TableColumn.Numeric("truth", [.. truth.Select(t => t ? 1.0 : 0.0)]),
            TableColumn.Numeric("estimate", [.. result.Estimate.Select(t => t ? 1.0 : 0.0)]),
            TableColumn.Numeric("evaluated", evaluated),
        ]);
    }

    private static Figure Map(
        double[] y, bool[] truth, RegionSearchResult result, int size, double[] gammas, double[] misfits, LowErrorRegionParameters p)
    {
        // rows are drawn top-down: flip so that ε_a increases upwards
        double[] Flip(Func<int, double> value)
            => [.. Enumerable.Range(0, size * size).Select(k => value((size - 1 - k / size) * size + k % size))];
        var evaluated = new HashSet<int>(result.Order);
        var panels = new[]
        {
            new HeatmapPanel("log10 discrepancy", Flip(i => Math.Log10(y[i] + 1e-12)), size, size),
            new HeatmapPanel("true region (y < h)", Flip(i => truth[i] ? 1 : 0), size, size),
            new HeatmapPanel($"estimate ({Names.OfChoice(p.Strategy)}), 2 = evaluated",
                Flip(i => evaluated.Contains(i) ? 2 : result.Estimate[i] ? 1 : 0), size, size),
        };
        var options = new HeatmapOptions
        {
            Width = 420, Height = 380, XLabel = "γ (J/m²)", YLabel = "ε_a", FontSize = 11,
            Extent = new HeatmapExtent(gammas[0], gammas[^1], misfits[0], misfits[^1]),
        };
        return PlotRenderer.HeatmapPanels("low-error region", panels, options, columns: 3);
    }
}
