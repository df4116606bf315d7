namespace Kiseki.Methods.Io.Imaging;

/// <summary>How map values become colours.</summary>
public enum Colormap
{
    /// <summary>Black (minimum) to white (maximum).</summary>
    Grey,

    /// <summary>Matplotlib's perceptually uniform viridis, interpolated between nine anchor colours.</summary>
    Viridis,
}

/// <summary>Colour lookup for <see cref="Colormap"/>.</summary>
public static class ColormapPalette
{
    private static readonly (byte R, byte G, byte B)[] ViridisAnchors =
    [
        (68, 1, 84), (71, 45, 123), (59, 82, 139), (44, 114, 142), (33, 145, 140),
        (40, 174, 128), (94, 201, 98), (173, 220, 48), (253, 231, 37),
    ];

    /// <summary>The colour of <paramref name="t"/> in [0, 1]; NaN is drawn red.</summary>
    public static (byte R, byte G, byte B) Color(Colormap map, double t)
    {
        if (double.IsNaN(t))
        {
            return (255, 0, 0);
        }

        t = Math.Clamp(t, 0, 1);
        if (map == Colormap.Grey)
        {
            var g = (byte)Math.Round(t * 255);
            return (g, g, g);
        }

        var position = t * (ViridisAnchors.Length - 1);
        var i = Math.Min((int)position, ViridisAnchors.Length - 2);
        var f = position - i;
        var (a, b) = (ViridisAnchors[i], ViridisAnchors[i + 1]);
        return (Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
}
