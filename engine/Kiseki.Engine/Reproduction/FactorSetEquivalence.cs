using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Audit;

namespace Kiseki.Engine.Reproduction;

/// <summary>
/// The order/sign equivalence class for <c>kiseki verify --execute</c>: outputs of a declared factor set that compare
/// as different are matched jointly (<see cref="FactorSetComparer"/>) and, when a permutation (and sign flips) brings
/// them within the method's tolerance, reported as equivalent up to component order/sign with the permutation.
/// </summary>
public static class FactorSetEquivalence
{
    /// <summary>The outcome text of the class.</summary>
    public const string Outcome = "equivalent up to component order/sign";

    /// <summary>
    /// <paramref name="checks"/> with the different outputs of each factor set re-judged; <paramref name="load"/> reads a
    /// port's recorded and recomputed artifacts (both already in a readable store).
    /// </summary>
    public static IReadOnlyList<ExecutionCheck> Apply(
        IReadOnlyList<ExecutionCheck> checks, IReadOnlyList<FactorSetAttribute> factorSets, double tolerance, Func<string, (IArtifact Recorded, IArtifact Recomputed)> load)
    {
        var result = checks.ToList();
        foreach (var set in factorSets)
        {
            var ports = set.Outputs.Concat(set.Companions).ToList();
            var members = result.Where(c => ports.Contains(c.Port) && c.Recomputed is not null && c.Recorded is not null).ToList();
            if (members.Count != ports.Count || !members.Any(c => c.Outcome == "different"))
            {
                continue;
            }

            FactorMatch? match;
            try
            {
                var loaded = ports.ToDictionary(p => p, load);
                if (loaded.Values.Any(v => v.Recorded is not NdArray || v.Recomputed is not NdArray))
                {
                    continue;
                }

                match = FactorSetComparer.Match(set, loaded.ToDictionary(p => p.Key, p => (NdArray)p.Value.Recorded), loaded.ToDictionary(p => p.Key, p => (NdArray)p.Value.Recomputed));
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or AuditException)
            {
                continue;
            }

            if (match is null || match.IsIdentity || match.MaxRelativeError > tolerance)
            {
                continue;
            }

            for (var i = 0; i < result.Count; i++)
            {
                if (ports.Contains(result[i].Port) && result[i].StepId == members[0].StepId && result[i].Outcome != "identical")
                {
                    result[i] = result[i] with { Outcome = Outcome, MaxRelativeError = match.MaxRelativeError, Detail = match.ToString() };
                }
            }
        }

        return result;
    }
}
