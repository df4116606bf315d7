using Kiseki.Engine.Audit.Report;
using Kiseki.Provenance;

namespace Kiseki.Cli.Infrastructure;

/// <summary>"warning: step 'nmf' did not converge …" for every step of a run whose recorded fit stopped unconverged.</summary>
internal static class ConvergenceWarnings
{
    public static IReadOnlyList<string> For(IProvenanceStore store, IEnumerable<RunStepRecord> steps)
        => [.. steps
            .Where(s => s.StepKey is not null && s.Status is RunStepStatus.Succeeded or RunStepStatus.Cached)
            .Select(s => (Step: s, Execution: store.FindSuccessfulExecution(s.StepKey!.Value)))
            .Where(p => p.Execution?.Convergence is { Converged: false })
            .Select(p => $"warning: step '{p.Step.StepId}' "
                + StepWarnings.NotConverged(p.Execution!.Convergence!.Reason, p.Execution.Convergence.Iterations))];
}
