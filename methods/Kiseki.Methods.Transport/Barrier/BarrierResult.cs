namespace Kiseki.Methods.Transport.Barrier;

/// <summary>
/// The dominant points of a periodic surface: its global minimum and the bottleneck (highest point) of the lowest
/// path from the minimum to one of its lattice-translated images. Indices are flat C-order grid indices.
/// </summary>
/// <param name="Found">False when no path percolates (walls block every translation in the requested direction).</param>
/// <param name="MinimumIndex">Index of the global minimum (lowest index among equal energies); -1 when all points are walls.</param>
/// <param name="BottleneckIndex">Index of the bottleneck point; -1 when not found.</param>
/// <param name="MinimumEnergy">Energy of the minimum.</param>
/// <param name="BottleneckEnergy">Energy of the bottleneck.</param>
/// <param name="WindingAxes">Bit mask of the axes (1 = a, 2 = b, 4 = c) along which the minimum's component winds when the path appears.</param>
/// <param name="ActivePoints">Number of finite (non-wall) points.</param>
public sealed record BarrierResult(
    bool Found,
    int MinimumIndex,
    int BottleneckIndex,
    double MinimumEnergy,
    double BottleneckEnergy,
    int WindingAxes,
    int ActivePoints)
{
    /// <summary>Bottleneck energy minus minimum energy (NaN when not found).</summary>
    public double Barrier => Found ? BottleneckEnergy - MinimumEnergy : double.NaN;
}
