using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Barrier;

/// <summary>Reads energy grids from ports and writes grid points as JSON.</summary>
internal static class GridPoints
{
    /// <summary>The grid and its energies (as float64) from an input port; rejects empty or badly shaped arrays.</summary>
    public static (PeriodicGrid Grid, double[] Energies) Read(NdArray? array, string port)
    {
        if (array is null)
        {
            throw MethodException.InvalidInput(port, "an energy grid is required.");
        }

        if (array.Rank is < 2 or > 3)
        {
            throw MethodException.InvalidInput(port, $"expected a 2-D or 3-D energy grid, got rank {array.Rank}.");
        }

        if (array.Shape.Any(n => n < 1))
        {
            throw MethodException.InvalidInput(port, $"the grid ({string.Join(", ", array.Shape)}) has a zero-size axis.");
        }

        if (array.Length > 1L << 26)
        {
            throw MethodException.InvalidInput(port, $"the grid has {array.Length} points; at most 2^26 are supported.");
        }

        return (new PeriodicGrid(array.Shape), array.ToDoubleArray());
    }

    /// <summary>{index, fractional, energy} of a grid point.</summary>
    public static JsonObject Point(PeriodicGrid grid, int index, double energy)
    {
        var (i, j, k) = grid.CoordinatesOf(index);
        var indices = grid.Rank == 2 ? new JsonArray(i, j) : new JsonArray(i, j, k);
        var fractional = new JsonArray([.. grid.FractionalOf(index).Select(u => (JsonNode)JsonValue.Create(u))]);
        return new JsonObject { ["index"] = indices, ["fractional"] = fractional, ["energy"] = energy };
    }

    /// <summary>Axis names in a winding mask ("a", "b", "c").</summary>
    public static JsonArray Axes(int mask)
    {
        var axes = new JsonArray();
        for (var a = 0; a < 3; a++)
        {
            if ((mask & (1 << a)) != 0)
            {
                axes.Add("abc"[a].ToString());
            }
        }

        return axes;
    }

    /// <summary>Barrier, minimum and bottleneck artifacts of a solved surface.</summary>
    public static BarrierOutputs Outputs(PeriodicGrid grid, BarrierResult result)
    {
        var bottleneck = Point(grid, result.BottleneckIndex, result.BottleneckEnergy);
        bottleneck["winding_axes"] = Axes(result.WindingAxes);
        return new BarrierOutputs
        {
            Barrier = JsonArtifact.Number(result.Barrier),
            Minimum = new JsonArtifact(Point(grid, result.MinimumIndex, result.MinimumEnergy)),
            Bottleneck = new JsonArtifact(bottleneck),
        };
    }
}
