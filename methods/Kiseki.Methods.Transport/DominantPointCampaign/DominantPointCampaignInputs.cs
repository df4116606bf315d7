using System.ComponentModel;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Transport.DominantPointCampaign;

/// <summary>Inputs of <c>transport.dominant-point-search@2</c>; both optional.</summary>
public sealed record DominantPointCampaignInputs
{
    /// <summary>Candidate points and known walls.</summary>
    [Description("Candidate grid (2-D or 3-D): its shape is the grid, non-finite entries are walls never evaluated; finite values are not read. Without it, the grid parameter gives the shape.")]
    public NdArray? Space { get; init; }

    /// <summary>Exhaustive energies for quality metrics.</summary>
    [Description("Exhaustive energies on the same grid, for quality metrics only (exact barrier, barrier error); the search never reads them.")]
    public NdArray? Reference { get; init; }
}
