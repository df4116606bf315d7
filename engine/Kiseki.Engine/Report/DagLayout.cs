using System.Globalization;
using System.Net;
using System.Text;

namespace Kiseki.Engine.Audit.Report;

/// <summary>One node of a drawn step graph: its id (first line, bold) and the lines under it.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Lines">Further lines (method, status).</param>
/// <param name="Fill">The box colour.</param>
public sealed record DagNode(string Id, IReadOnlyList<string> Lines, string Fill);

/// <summary>
/// A layered drawing of a step graph as inline SVG (after Sugiyama et al., IEEE Trans. SMC 11 (1981) 109): layer =
/// longest path from a source; an edge that skips layers runs through a placeholder in every layer it crosses, so it
/// passes between boxes, never over them; the order within a layer follows the mean position of the neighbours
/// (barycentre sweeps) to reduce crossings; each edge leaves and enters its boxes at its own point, spread along the
/// box side in the order of the other ends, so edges are not bundled. Boxes are as wide as their longest line in a
/// monospace font, so no label is cut.
/// </summary>
public static class DagLayout
{
    /// <summary>Width of one character of the monospace labels, as a fraction of the font size (DejaVu Sans Mono: 0.602).</summary>
    public const double CharWidth = 0.62;

    /// <summary>Font size of a node's first line (px).</summary>
    public const int TitleSize = 12;

    /// <summary>Font size of a node's further lines (px).</summary>
    public const int LineSize = 10;

    private const int Padding = 8;
    private const int GapX = 70;
    private const int GapY = 16;
    private const int LaneHeight = 10;

    /// <summary>The layer of every node: 0 for sources, else one more than its deepest predecessor.</summary>
    public static IReadOnlyDictionary<string, int> Layers(IReadOnlyList<string> nodes, IReadOnlyList<(string From, string To)> edges)
    {
        var layer = nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        for (var pass = 0; pass < nodes.Count; pass++)
        {
            var changed = false;
            foreach (var (from, to) in edges)
            {
                if (layer.TryGetValue(from, out var f) && layer.TryGetValue(to, out var t) && t < f + 1)
                {
                    layer[to] = f + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return layer;
    }

    /// <summary>The width in pixels a node needs for its longest line.</summary>
    public static int BoxWidth(DagNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var widest = Math.Max(TextWidth(node.Id, TitleSize), node.Lines.Select(l => TextWidth(l, LineSize)).DefaultIfEmpty(0).Max());
        return (int)Math.Ceiling(widest) + (2 * Padding);
    }

    /// <summary>The height in pixels of a node with <paramref name="lines"/> lines under its id.</summary>
    public static int BoxHeight(int lines) => Padding + TitleSize + (lines * (LineSize + 4)) + Padding;

    /// <summary>An SVG drawing of the graph. Edges between unknown nodes and self-loops are left out; duplicates are drawn once.</summary>
    public static string ToSvg(IReadOnlyList<DagNode> nodes, IReadOnlyList<(string From, string To)> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var layout = DagGeometry.Place(nodes, edges);
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\" width=\"{layout.Width}\" height=\"{layout.Height}\" role=\"img\" aria-label=\"step graph\">"));
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
        foreach (var edge in layout.Edges)
        {
            svg.Append(Inv($"<path class=\"edge\" data-from=\"{E(edge.From)}\" data-to=\"{E(edge.To)}\" d=\"{edge.Path}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>"));
        }

        foreach (var node in nodes)
        {
            var box = layout.Boxes[node.Id];
            svg.Append(Inv($"<g class=\"node\" data-step=\"{E(node.Id)}\"><title>{E(node.Id)}</title>"));
            svg.Append(Inv($"<rect x=\"{box.X}\" y=\"{box.Y}\" width=\"{box.Width}\" height=\"{box.Height}\" rx=\"6\" fill=\"{E(node.Fill)}\" stroke=\"#333\"/>"));
            var y = box.Y + Padding + TitleSize - 2;
            svg.Append(Inv($"<text x=\"{box.X + Padding}\" y=\"{y}\" font-family=\"monospace\" font-size=\"{TitleSize}\" font-weight=\"bold\">{E(node.Id)}</text>"));
            foreach (var line in node.Lines)
            {
                y += LineSize + 4;
                svg.Append(Inv($"<text x=\"{box.X + Padding}\" y=\"{y}\" font-family=\"monospace\" font-size=\"{LineSize}\">{E(line)}</text>"));
            }

            svg.Append("</g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Estimated width of <paramref name="text"/> in the monospace label font (wide East Asian characters count twice).</summary>
    public static double TextWidth(string text, int fontSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cells = text.EnumerateRunes().Sum(r => r.Value >= 0x1100 && (r.Value <= 0x115F || (r.Value >= 0x2E80 && r.Value <= 0xA4CF) || (r.Value >= 0xAC00 && r.Value <= 0xD7A3) || (r.Value >= 0xF900 && r.Value <= 0xFAFF) || (r.Value >= 0xFF00 && r.Value <= 0xFF60) || r.Value >= 0x1F300) ? 2 : 1);
        return cells * fontSize * CharWidth;
    }

    internal static int Gap => GapX;

    internal static int RowGap => GapY;

    internal static int Lane => LaneHeight;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
