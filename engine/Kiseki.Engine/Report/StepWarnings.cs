using System.Globalization;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit.Report;

/// <summary>
/// The warnings recorded for a run's steps: a fit that stopped without converging (its convergence record) and every
/// <c>warning:</c> line its method wrote to the step log.
/// </summary>
public static class StepWarnings
{
    private const string Prefix = "warning: ";

    /// <summary>The warnings of one step (empty when it has no recorded execution).</summary>
    public static IReadOnlyList<string> Of(RunStepView step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var warnings = new List<string>();
        if (step.Execution is not { } execution)
        {
            return warnings;
        }

        if (execution.Convergence is { Converged: false } c)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"did not converge: {c.Reason} after {c.Iterations} iterations; its results may not be final (raise max_iterations or loosen tol)"));
        }

        foreach (var line in (execution.LogExcerpt ?? "").Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && !warnings.Contains(text[Prefix.Length..], StringComparer.Ordinal))
            {
                warnings.Add(text[Prefix.Length..]);
            }
        }

        return warnings;
    }
}
