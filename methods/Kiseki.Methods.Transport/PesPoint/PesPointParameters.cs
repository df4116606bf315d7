using System.ComponentModel;
using Kiseki.Methods.Transport.PesGrid;

namespace Kiseki.Methods.Transport.PesPoint;

/// <summary>Parameters of <c>transport.pes-point@1</c>: the surface of <c>transport.pes-grid@1</c> and one point.</summary>
public sealed record PesPointParameters : PesSurfaceSettings
{
    /// <summary>Fractional coordinate along a.</summary>
    [Description("Fractional coordinate along a (the search sets it).")]
    public double X { get; init; }

    /// <summary>Fractional coordinate along b.</summary>
    [Description("Fractional coordinate along b (the search sets it).")]
    public double Y { get; init; }

    /// <summary>Fractional coordinate along c.</summary>
    [Description("Fractional coordinate along c (3-D surfaces; the search sets it).")]
    public double Z { get; init; }
}
