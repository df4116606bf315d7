using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>Observed precipitates: equivalent-sphere radii (nm) and aspect ratios c/a, checked.</summary>
internal static class Observations
{
    /// <summary>The numeric columns radius and aspect_ratio of input <paramref name="port"/>.</summary>
    public static (double[] Radii, double[] Ratios) Read(Table table, string port = "observations")
    {
        if (!table.HasColumn("radius") || !table.HasColumn("aspect_ratio") || !table["radius"].IsNumeric || !table["aspect_ratio"].IsNumeric)
        {
            throw MethodException.InvalidInput(port, "needs numeric columns 'radius' (nm) and 'aspect_ratio'.");
        }

        if (table.RowCount == 0)
        {
            throw MethodException.InvalidInput(port, "has no rows.");
        }

        var radii = table["radius"].Numbers!;
        var ratios = table["aspect_ratio"].Numbers!;
        if (!Valid(radii) || !Valid(ratios))
        {
            throw MethodException.InvalidInput(port, "radius and aspect_ratio must be finite and positive.");
        }

        return (radii, ratios);
    }

    /// <summary>Checks observations given as parameters (<paramref name="parameter"/> names the radii).</summary>
    public static void Check(double[] radii, double[] ratios, string parameter)
    {
        if (radii.Length == 0 || radii.Length != ratios.Length)
        {
            throw MethodException.InvalidParameter(parameter,
                $"give one aspect ratio per radius and at least one of each (got {radii.Length} radii, {ratios.Length} aspect ratios).");
        }

        if (!Valid(radii) || !Valid(ratios))
        {
            throw MethodException.InvalidParameter(parameter, "radii and aspect ratios must be finite and positive.");
        }
    }

    private static bool Valid(double[] values) => values.All(v => v > 0 && double.IsFinite(v));
}
