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
            warnings.Add(NotConverged(c.Reason, c.Iterations));
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

    /// <summary>
    /// "did not converge: {reason} after {n} iterations; …" with the advice that fits the reason: a fit that reached
    /// <c>max_iterations</c> is told to raise it or loosen <c>tol</c>, a search that used its budget to raise the budget.
    /// </summary>
    public static string NotConverged(string reason, int iterations)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var advice = reason.Contains("max_iterations", StringComparison.Ordinal) ? " (raise max_iterations or loosen tol)"
            : reason.Contains("budget", StringComparison.Ordinal) ? " (raise the budget)"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"did not converge: {reason} after {iterations} iterations; its results may not be final{advice}");
    }
}
