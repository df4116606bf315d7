using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Methods.Transport.DominantPointSearch;

namespace Kiseki.Methods.Transport.DominantPointCampaign;

/// <summary>Parameters of <c>transport.dominant-point-search@2</c>: those of version 1, the batch size and the grid.</summary>
public sealed record DominantPointCampaignParameters : DominantPointSearchSettings
{
    /// <summary>Points proposed per iteration.</summary>
    [Description("Points proposed per iteration and evaluated together (in parallel with --jobs or as cluster jobs): the q open points with the largest p_min + p_bottleneck.")]
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 1;

    /// <summary>Candidate grid shape when no space is given.</summary>
    [Description("Candidate grid over the unit cell, e.g. [16, 16, 16] (point i along an axis at fractional i/n); ignored when the space input is given.")]
    public int[] Grid { get; init; } = [];
}
