using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Kiseki.Methods.Transport.SlicePlot;

/// <summary>Axis normal to a slice of a 3-D grid.</summary>
public enum SliceAxis
{
    /// <summary>Slice at fixed u_a (plane b–c).</summary>
    A,

    /// <summary>Slice at fixed u_b (plane a–c).</summary>
    B,

    /// <summary>Slice at fixed u_c (plane a–b).</summary>
    C,
}

/// <summary>Parameters of <c>transport.slice-plot@1</c>.</summary>
public sealed record SlicePlotParameters
{
    /// <summary>Slice normal.</summary>
    [Description("3-D grids: the axis held fixed (a, b or c). Ignored for 2-D grids.")]
    public SliceAxis Normal { get; init; } = SliceAxis.C;

    /// <summary>Slice index.</summary>
    [Description("Grid index of the slice along the normal; default: the bottleneck's, else the minimum's, else 0.")]
    public int? Index { get; init; }

    /// <summary>Top of the colour range.</summary>
    [Description("Energies above this are drawn saturated; default: minimum + 2·barrier when a bottleneck is given, else the 90th percentile of the slice.")]
    public double? ColorMax { get; init; }

    /// <summary>Figure title.</summary>
    [Description("Figure title.")]
    public string Title { get; init; } = "Potential-energy slice";

    /// <summary>Width in pixels.</summary>
    [Description("Figure width (pixels).")]
    [Range(100, 4000)]
    public int Width { get; init; } = 640;

    /// <summary>Height in pixels.</summary>
    [Description("Figure height (pixels).")]
    [Range(100, 4000)]
    public int Height { get; init; } = 560;
}
