using System.Globalization;
using System.Text;

namespace Kiseki.Engine.Audit.Report;

/// <summary>A node's box in the drawing (pixels, origin top left).</summary>
public sealed record DagBox(double X, double Y, int Width, int Height)
{
    /// <summary>True when the point lies strictly inside the box, <paramref name="margin"/> pixels in from its sides.</summary>
    public bool Contains(double x, double y, double margin = 0)
        => x > X + margin && x < X + Width - margin && y > Y + margin && y < Y + Height - margin;
}

/// <summary>A drawn edge: its SVG path and points sampled along it (for checking what it crosses).</summary>
public sealed record DagEdge(string From, string To, string Path, IReadOnlyList<(double X, double Y)> Samples);

/// <summary>The placed graph: canvas size, boxes by node id, and edges.</summary>
public sealed record DagPlacement(int Width, int Height, IReadOnlyDictionary<string, DagBox> Boxes, IReadOnlyList<DagEdge> Edges);

/// <summary>Places the boxes and routes the edges of <see cref="DagLayout"/>.</summary>
public static class DagGeometry
{
    private const int Margin = 10;
    private const int Sweeps = 8;

    /// <summary>Places <paramref name="nodes"/> and routes <paramref name="edges"/> (see <see cref="DagLayout"/>).</summary>
    public static DagPlacement Place(IReadOnlyList<DagNode> nodes, IReadOnlyList<(string From, string To)> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var kept = edges.Where(e => byId.ContainsKey(e.From) && byId.ContainsKey(e.To) && e.From != e.To).Distinct().ToList();
        var layerOf = DagLayout.Layers([.. byId.Keys], kept);
        var layerCount = nodes.Count == 0 ? 0 : layerOf.Values.Max() + 1;
        var layers = Enumerable.Range(0, layerCount).Select(_ => new List<Item>()).ToList();
        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var item = new Item(node.Id, layerOf[node.Id], DagLayout.BoxWidth(node), DagLayout.BoxHeight(node.Lines.Count), false);
            items[node.Id] = item;
            layers[item.Layer].Add(item);
        }

        var chains = new List<(string From, string To, List<Item> Chain)>();
        foreach (var (from, to) in kept)
        {
            var chain = new List<Item> { items[from] };
            for (var l = items[from].Layer + 1; l < items[to].Layer; l++)
            {
                var dummy = new Item($"{from}\0{to}\0{l}", l, 0, DagLayout.Lane, true);
                layers[l].Add(dummy);
                chain.Add(dummy);
            }

            chain.Add(items[to]);
            chains.Add((from, to, chain));
            for (var i = 1; i < chain.Count; i++)
            {
                chain[i - 1].Down.Add(chain[i]);
                chain[i].Up.Add(chain[i - 1]);
            }
        }

        Order(layers);
        var (columns, width, height) = Coordinates(layers);
        var boxes = nodes.ToDictionary(n => n.Id, n => new DagBox(items[n.Id].X, items[n.Id].Y, items[n.Id].Width, items[n.Id].Height), StringComparer.Ordinal);
        var routed = chains.Select(c => Route(c.From, c.To, c.Chain, columns)).ToList();
        return new DagPlacement(width, height, boxes, routed);
    }

    /// <summary>Barycentre sweeps: each layer sorted by the mean position of its neighbours above, then below.</summary>
    private static void Order(List<List<Item>> layers)
    {
        foreach (var layer in layers)
        {
            for (var i = 0; i < layer.Count; i++)
            {
                layer[i].Index = i;
            }
        }

        for (var sweep = 0; sweep < Sweeps; sweep++)
        {
            var down = sweep % 2 == 0;
            var sequence = down ? Enumerable.Range(1, Math.Max(0, layers.Count - 1)) : Enumerable.Range(0, Math.Max(0, layers.Count - 1)).Reverse();
            foreach (var l in sequence)
            {
                var layer = layers[l];
                for (var i = 0; i < layer.Count; i++)
                {
                    var neighbours = down ? layer[i].Up : layer[i].Down;
                    layer[i].Key = neighbours.Count == 0 ? i : neighbours.Average(n => (double)n.Index);
                }

                var sorted = layer.Select((item, i) => (item, i)).OrderBy(p => p.item.Key).ThenBy(p => p.i).Select(p => p.item).ToList();
                layer.Clear();
                layer.AddRange(sorted);
                for (var i = 0; i < layer.Count; i++)
                {
                    layer[i].Index = i;
                }
            }
        }
    }

    private static (List<(double X, int Width)> Columns, int Width, int Height) Coordinates(List<List<Item>> layers)
    {
        var columns = new List<(double X, int Width)>();
        var x = (double)Margin;
        foreach (var layer in layers)
        {
            var w = Math.Max(40, layer.Where(i => !i.Dummy).Select(i => i.Width).DefaultIfEmpty(0).Max());
            columns.Add((x, w));
            x += w + DagLayout.Gap;
        }

        var heights = layers.Select(l => l.Sum(i => i.Height) + (Math.Max(0, l.Count - 1) * DagLayout.RowGap)).ToList();
        var tallest = heights.DefaultIfEmpty(0).Max();
        for (var l = 0; l < layers.Count; l++)
        {
            var y = Margin + ((tallest - heights[l]) / 2.0);
            foreach (var item in layers[l])
            {
                item.X = columns[l].X;
                item.Y = Math.Round(y);
                y += item.Height + DagLayout.RowGap;
            }
        }

        var width = (int)Math.Ceiling(x - DagLayout.Gap + Margin);
        return (columns, Math.Max(width, 40), Math.Max(tallest + (2 * Margin), 40));
    }

    private static DagEdge Route(string from, string to, List<Item> chain, List<(double X, int Width)> columns)
    {
        var startY = Port(chain[0], chain[0].Down, chain[1]);
        var first = columns[chain[0].Layer];
        var end = (chain[^1].X, Port(chain[^1], chain[^1].Up, chain[^2]));

        // Straight out to the edge of the source's column, through each crossed column level with its placeholder, and
        // smooth steps in the gaps between columns (where no box is).
        var segments = new List<((double X, double Y) A, (double X, double Y) B, bool Curve)>();
        var at = (X: first.X + first.Width, Y: startY);
        segments.Add(((chain[0].X + chain[0].Width, startY), at, false));
        foreach (var dummy in chain.Skip(1).Take(chain.Count - 2))
        {
            var middle = dummy.Y + (dummy.Height / 2.0);
            var column = columns[dummy.Layer];
            segments.Add((at, (column.X, middle), true));
            segments.Add(((column.X, middle), (column.X + column.Width, middle), false));
            at = (column.X + column.Width, middle);
        }

        segments.Add((at, end, true));
        var path = new StringBuilder(Inv($"M{segments[0].A.X:0.#},{segments[0].A.Y:0.#}"));
        var samples = new List<(double X, double Y)> { segments[0].A };
        foreach (var (a, b, curve) in segments)
        {
            if (curve)
            {
                var mid = (a.X + b.X) / 2;
                path.Append(Inv($" C{mid:0.#},{a.Y:0.#} {mid:0.#},{b.Y:0.#} {b.X:0.#},{b.Y:0.#}"));
                for (var s = 1; s <= 16; s++)
                {
                    var t = s / 16.0;
                    var u = 1 - t;
                    var px = (u * u * u * a.X) + (3 * u * u * t * mid) + (3 * u * t * t * mid) + (t * t * t * b.X);
                    var py = (u * u * u * a.Y) + (3 * u * u * t * a.Y) + (3 * u * t * t * b.Y) + (t * t * t * b.Y);
                    samples.Add((px, py));
                }
            }
            else if (b.X > a.X)
            {
                path.Append(Inv($" L{b.X:0.#},{b.Y:0.#}"));
                for (var s = 1; s <= 8; s++)
                {
                    samples.Add((a.X + ((b.X - a.X) * s / 8.0), a.Y));
                }
            }
        }

        return new DagEdge(from, to, path.ToString(), samples);
    }

    /// <summary>Where an edge to <paramref name="other"/> meets <paramref name="item"/>: ports spread along the side in the order of the other ends.</summary>
    private static double Port(Item item, List<Item> ends, Item other)
    {
        var ordered = ends.Distinct().OrderBy(e => e.Y).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var index = ordered.IndexOf(other);
        return item.Y + (item.Height * (index + 1.0) / (ordered.Count + 1.0));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A node or an edge's placeholder in one layer.</summary>
    private sealed class Item(string id, int layer, int width, int height, bool dummy)
    {
        public string Id { get; } = id;

        public int Layer { get; } = layer;

        public int Width { get; } = width;

        public int Height { get; } = height;

        public bool Dummy { get; } = dummy;

        public List<Item> Up { get; } = [];

        public List<Item> Down { get; } = [];

        public int Index { get; set; }

        public double Key { get; set; }

        public double X { get; set; }

        public double Y { get; set; }
    }
}
