using System.Globalization;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Planning;

namespace Kiseki.Engine.Campaigns;

/// <summary>
/// Runs a search step that evaluates points: the search method runs in this process with a
/// <see cref="CampaignEvaluator"/> as its <see cref="MethodContext.Evaluator"/>, whatever the run's executor (the
/// evaluations, not the search, are what a cluster should run). The step's log ends with how many points were evaluated
/// and how many were read from the store.
/// </summary>
internal sealed class CampaignRunner(RunContext context, int jobs)
{
    /// <summary>Runs <paramref name="planned"/>; failures become outcomes as for any step.</summary>
    public async Task<StepOutcome> RunAsync(
        PlannedStep planned, StepWork work, EvaluatorDeclaration evaluate, IProgress<StepProgress> progress, CancellationToken cancellationToken)
    {
        var evaluator = new CampaignEvaluator(context, planned, evaluate, jobs);
        var runner = new StepRunner(context.Codec, Path.Combine(context.Objects.Root, "scratch"), context.Clock);
        var outcome = await Task.Run(
            () => runner.RunAsync(work with { Evaluator = evaluator }, progress, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"campaign: {evaluator.Executed} point(s) evaluated by {evaluate.Method.Reference}, {evaluator.Reused} read from the store.\n");
        return outcome with { LogExcerpt = outcome.LogExcerpt + summary };
    }
}
