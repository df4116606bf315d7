using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Audit;

namespace Kiseki.Engine.Reproduction;

/// <summary>One side of an output comparison: its artifact hash, how to read it, and a problem found with it already.</summary>
/// <param name="Hash">The artifact hash.</param>
/// <param name="Load">Reads the artifact (may throw <see cref="InvalidDataException"/> or <see cref="AuditException"/>).</param>
/// <param name="Problem">Why the recorded side cannot be trusted (e.g. its file does not match its SHA-256), or null.</param>
public sealed record OutputSide(ContentHash Hash, Func<IArtifact> Load, string? Problem = null);

/// <summary>
/// Judges a step's re-executed outputs against the recorded ones: same hash → identical; otherwise per-type comparison
/// under the method's relative tolerance (<see cref="OutputComparer"/>); outputs still different that belong to a
/// declared <see cref="FactorSetAttribute"/> are matched jointly and, when a permutation (and sign flips) brings them
/// within tolerance, judged equivalent up to component order/sign with the permutation in the detail.
/// </summary>
public static class OutputJudge
{
    /// <summary>The verdict per port of step <paramref name="stepId"/>.</summary>
    public static IReadOnlyList<OutputVerdict> Judge(
        string stepId, double tolerance, IReadOnlyList<FactorSetAttribute> factorSets,
        IReadOnlyDictionary<string, OutputSide> recorded, IReadOnlyDictionary<string, OutputSide> recomputed)
    {
        var verdicts = new Dictionary<string, OutputVerdict>(StringComparer.Ordinal);
        var loaded = new Dictionary<string, (IArtifact Before, IArtifact After)>(StringComparer.Ordinal);
        foreach (var port in recorded.Keys.Union(recomputed.Keys).Order(StringComparer.Ordinal))
        {
            var before = recorded.GetValueOrDefault(port);
            var after = recomputed.GetValueOrDefault(port);
            verdicts[port] = (before, after) switch
            {
                (null, _) => new(stepId, port, Verdict.Different, double.PositiveInfinity, "an output that was not recorded", null, after!.Hash),
                (_, null) => new(stepId, port, Verdict.Different, double.PositiveInfinity, "the output was not produced again", before.Hash, null),
                _ when before.Problem is null && before.Hash == after.Hash => new(stepId, port, Verdict.Identical, 0, null, before.Hash, after.Hash),
                _ => Compare(stepId, port, before, after, tolerance, loaded),
            };
        }

        foreach (var set in factorSets)
        {
            var ports = set.Outputs.Concat(set.Companions).Where(verdicts.ContainsKey).ToList();
            if (!ports.Any(p => verdicts[p].Verdict == Verdict.Different) || ports.Any(p => recorded.GetValueOrDefault(p)?.Problem is not null || !loaded.ContainsKey(p)))
            {
                continue;
            }

            var arraysBefore = ports.Where(p => loaded[p].Before is NdArray).ToDictionary(p => p, p => (NdArray)loaded[p].Before);
            var arraysAfter = ports.Where(p => loaded[p].After is NdArray).ToDictionary(p => p, p => (NdArray)loaded[p].After);
            if (arraysBefore.Count != ports.Count || FactorSetComparer.Match(set, arraysBefore, arraysAfter) is not { } match
                || match.IsIdentity || match.MaxRelativeError > tolerance)
            {
                continue;
            }

            foreach (var port in ports.Where(p => verdicts[p].Verdict != Verdict.Identical))
            {
                verdicts[port] = verdicts[port] with
                {
                    Verdict = Verdict.Equivalent, MaxRelativeError = match.MaxRelativeError,
                    Detail = $"{match} (factor set {string.Join(" + ", set.Outputs)})",
                };
            }
        }

        return [.. verdicts.Values];
    }

    private static OutputVerdict Compare(
        string stepId, string port, OutputSide before, OutputSide after, double tolerance, Dictionary<string, (IArtifact, IArtifact)> loaded)
    {
        try
        {
            var a = before.Load();
            var b = after.Load();
            loaded[port] = (a, b);
            var comparison = OutputComparer.Compare(a, b, tolerance);
            var verdict = comparison.Agreement switch
            {
                OutputAgreement.Identical => Verdict.Identical,
                OutputAgreement.WithinTolerance => Verdict.WithinTolerance,
                _ => Verdict.Different,
            };
            if (before.Problem is not null)
            {
                return new(stepId, port, Verdict.Different, comparison.MaxRelativeError, before.Problem + (comparison.Detail is null ? "" : "; " + comparison.Detail), before.Hash, after.Hash);
            }

            return new(stepId, port, verdict, comparison.MaxRelativeError, comparison.Detail ?? "same values, different encoding", before.Hash, after.Hash);
        }
        catch (Exception e) when (e is InvalidDataException or AuditException or ArgumentException or FormatException or System.Text.Json.JsonException or IOException)
        {
            return new(stepId, port, Verdict.Different, double.PositiveInfinity, (before.Problem is null ? "" : before.Problem + "; ") + "cannot be compared: " + e.Message, before.Hash, after.Hash);
        }
    }
}
