using Kiseki.Engine.Audit.Report;

namespace Kiseki.Engine.Tests.Audit;

/// <summary>The not-converged warning gives the advice that fits its reason, and none where none fits.</summary>
public sealed class StepWarningsTests
{
    [Fact]
    public void A_fit_at_max_iterations_is_told_to_raise_it()
        => Assert.Equal(
            "did not converge: reached max_iterations after 10 iterations; its results may not be final (raise max_iterations or loosen tol)",
            StepWarnings.NotConverged("reached max_iterations", 10));

    [Fact]
    public void A_search_that_used_its_budget_is_told_to_raise_the_budget_not_max_iterations()
    {
        var text = StepWarnings.NotConverged("budget exhausted", 200);
        Assert.EndsWith("(raise the budget)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("max_iterations", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_reasons_get_no_advice()
        => Assert.EndsWith("may not be final", StepWarnings.NotConverged("every test rejected up to max_components", 6), StringComparison.Ordinal);
}
