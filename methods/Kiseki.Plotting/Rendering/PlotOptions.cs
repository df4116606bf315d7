namespace Kiseki.Methods.Plots.Rendering;

/// <summary>Size and style of a line or scatter figure. Fixed sizes keep the PNG bytes deterministic.</summary>
public sealed record PlotOptions
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 500;

    /// <summary>Plot the y values on a base-10 logarithmic axis (non-positive values are left out).</summary>
    public bool LogY { get; init; }

    /// <summary>How the logarithmic y axis is ticked (<see cref="LogTickStyle.DecadesOnly"/> keeps the figures of version-1 methods).</summary>
    public LogTickStyle LogTicks { get; init; } = LogTickStyle.DecadesOnly;

    /// <summary>Show a legend when there is more than one named series.</summary>
    public bool Legend { get; init; } = true;

    /// <summary>Line width in pixels (0 draws markers only).</summary>
    public float LineWidth { get; init; } = 1.5f;

    /// <summary>Marker size in pixels (0 draws lines only).</summary>
    public float MarkerSize { get; init; }

    /// <summary>Font size of axis labels and legend; the title is 1.3 times this.</summary>
    public float FontSize { get; init; } = 14f;
}

/// <summary>Size, colours and axes of a heat map figure.</summary>
public sealed record HeatmapOptions
{
    /// <summary>Image width in pixels (a panel's width in <see cref="PlotRenderer.HeatmapPanels"/>).</summary>
    public int Width { get; init; } = 600;

    /// <summary>Image height in pixels (a panel's height in <see cref="PlotRenderer.HeatmapPanels"/>).</summary>
    public int Height { get; init; } = 500;

    public string XLabel { get; init; } = "";

    public string YLabel { get; init; } = "";

    /// <summary>Draw a colour bar at the right edge.</summary>
    public bool ColorBar { get; init; } = true;

    /// <summary>Label of the colour bar.</summary>
    public string ColorBarLabel { get; init; } = "";

    /// <summary>Calibrated extent (left, right, bottom, top) of the image; default: column and row indices.</summary>
    public HeatmapExtent? Extent { get; init; }

    public HeatmapColormap Colormap { get; init; } = HeatmapColormap.Viridis;

    /// <summary>Colour range symmetric about zero (use with <see cref="HeatmapColormap.Diverging"/> for signed maps).</summary>
    public bool SymmetricRange { get; init; }

    /// <summary>
    /// Draw one data unit as the same number of pixels along x and y, so a map keeps its aspect (a 49 × 6 map is tall and
    /// thin, not stretched to the panel), and fit the cells exactly into <see cref="Extent"/>. False keeps the figures of
    /// version-1 methods, which fill the panel and draw the image one cell larger than the extent (edge cells half cut).
    /// </summary>
    public bool SquarePixels { get; init; }

    /// <summary>Font size of axis labels; the title is 1.3 times this.</summary>
    public float FontSize { get; init; } = 14f;
}

/// <summary>Calibrated extent of a heat map: x from <paramref name="Left"/> to <paramref name="Right"/>, y from <paramref name="Bottom"/> to <paramref name="Top"/>.</summary>
public readonly record struct HeatmapExtent(double Left, double Right, double Bottom, double Top);

/// <summary>Colour maps offered for heat maps.</summary>
public enum HeatmapColormap
{
    Viridis,
    Gray,
    Inferno,
    Turbo,

    /// <summary>Blue–white–red, for signed data.</summary>
    Diverging,
}

/// <summary>One named line or scatter series. <paramref name="X"/> overrides the shared x values when given.</summary>
public sealed record PlotSeries(string Name, double[] Y, double[]? X = null);

/// <summary>One heat map panel: values laid out (rows, cols) in C order, row 0 drawn at the top.</summary>
public sealed record HeatmapPanel(string Title, double[] Data, int Rows, int Cols);
