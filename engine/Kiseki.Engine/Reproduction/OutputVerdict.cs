using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Reproduction;

/// <summary>How a re-executed output compares with the recorded one.</summary>
public enum Verdict
{
    /// <summary>Same content (same hash, or the same values in another encoding).</summary>
    Identical,

    /// <summary>Every number agrees within the method's relative tolerance.</summary>
    WithinTolerance,

    /// <summary>The same factorisation with its components in another order (and, for SVD/PCA, other signs).</summary>
    Equivalent,

    /// <summary>Different beyond tolerance, or not produced, or the recorded file is damaged.</summary>
    Different,
}

/// <summary>The verdict on one output of one step.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Port">The output port.</param>
/// <param name="Verdict">The class.</param>
/// <param name="MaxRelativeError">The largest relative difference (0 when identical; infinity when not comparable).</param>
/// <param name="Detail">What differs, or the permutation found.</param>
/// <param name="Recorded">The recorded artifact hash.</param>
/// <param name="Recomputed">The recomputed artifact hash.</param>
public sealed record OutputVerdict(
    string StepId, string Port, Verdict Verdict, double MaxRelativeError, string? Detail, ContentHash? Recorded, ContentHash? Recomputed)
{
    /// <summary>The verdict as users read it: <c>identical</c>, <c>within tolerance</c>, <c>equivalent up to component order/sign</c>, <c>different</c>.</summary>
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Identical => "identical",
        Verdict.WithinTolerance => "within tolerance",
        Verdict.Equivalent => "equivalent up to component order/sign",
        _ => "different",
    };

    /// <summary>Whether this verdict passes (everything but <see cref="Verdict.Different"/>).</summary>
    public bool Passes => Verdict != Verdict.Different;

    /// <summary>The verdict as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["step"] = StepId, ["port"] = Port, ["verdict"] = Name(Verdict),
        ["max_relative_error"] = double.IsFinite(MaxRelativeError) ? MaxRelativeError : null,
        ["detail"] = Detail, ["recorded"] = Recorded?.ToString(), ["recomputed"] = Recomputed?.ToString(),
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var error = Verdict == Verdict.WithinTolerance
            ? string.Create(CultureInfo.InvariantCulture, $" (largest relative difference {MaxRelativeError:G3})")
            : "";
        return $"{Name(Verdict),-16} {StepId}.{Port}{error}" + (Detail is null || Verdict == Verdict.Identical ? "" : $"  {Detail}");
    }
}
