using System.ComponentModel;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Barrier;

/// <summary>Parameters of <c>transport.barrier@1</c>.</summary>
public sealed record BarrierParameters
{
    /// <summary>Edges of the grid graph.</summary>
    [Description("Grid edges: face (4 neighbours in 2-D, 6 in 3-D) or full (8 in 2-D, 26 in 3-D).")]
    public Connectivity Connectivity { get; init; } = Connectivity.Face;

    /// <summary>Translation the path must follow.</summary>
    [Description("Lattice translation of the path: any (lowest over all translations), or a, b, c (a translation with a non-zero component along that axis).")]
    public PathDirection Direction { get; init; } = PathDirection.Any;
}
