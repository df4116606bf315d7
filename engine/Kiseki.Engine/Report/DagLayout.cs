using System.Globalization;
using System.Text;
using System.Net;

namespace Kiseki.Engine.Audit.Report;

/// <summary>A simple layered layout of a step graph drawn as inline SVG (layer = longest path from a source).</summary>
public static class DagLayout
{
    private const int Width = 190;
    private const int Height = 40;
    private const int GapX = 60;
    private const int GapY = 18;

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

    /// <summary>An SVG drawing of the graph; <paramref name="fill"/> gives each node's colour and <paramref name="label"/> its second line.</summary>
    public static string ToSvg(IReadOnlyList<string> nodes, IReadOnlyList<(string From, string To)> edges, Func<string, string> fill, Func<string, string> label)
    {
        var layers = Layers(nodes, edges);
        var rows = new Dictionary<int, int>();
        var position = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var l = layers[node];
            var r = rows.GetValueOrDefault(l);
            rows[l] = r + 1;
            position[node] = (10 + l * (Width + GapX), 10 + r * (Height + GapY));
        }

        var w = 20 + (rows.Count == 0 ? 0 : rows.Keys.Max() + 1) * (Width + GapX) - GapX;
        var h = 20 + (rows.Count == 0 ? 0 : rows.Values.Max()) * (Height + GapY) - GapY;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\" width=\"{Math.Max(w, 40)}\" height=\"{Math.Max(h, 40)}\" role=\"img\" aria-label=\"step graph\">"));
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
        foreach (var (from, to) in edges.Distinct())
        {
            if (!position.TryGetValue(from, out var a) || !position.TryGetValue(to, out var b))
            {
                continue;
            }

            var x1 = a.X + Width;
            var y1 = a.Y + Height / 2;
            var x2 = b.X;
            var y2 = b.Y + Height / 2;
            var mid = (x1 + x2) / 2;
            svg.Append(Inv($"<path class=\"edge\" d=\"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>"));
        }

        foreach (var node in nodes)
        {
            var (x, y) = position[node];
            svg.Append(Inv($"<g class=\"node\"><title>{E(node)}</title><rect x=\"{x}\" y=\"{y}\" width=\"{Width}\" height=\"{Height}\" rx=\"6\" fill=\"{fill(node)}\" stroke=\"#333\"/>"));
            svg.Append(Inv($"<text x=\"{x + 8}\" y=\"{y + 16}\" font-size=\"12\" font-weight=\"bold\">{E(Clip(node))}</text>"));
            svg.Append(Inv($"<text x=\"{x + 8}\" y=\"{y + 31}\" font-size=\"10\">{E(Clip(label(node)))}</text></g>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Clip(string text) => text.Length <= 28 ? text : text[..27] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
