using Kiseki.Engine.Execution;

namespace Kiseki.Slurm.Tests;

internal static class SlurmAssert
{
    /// <summary>Same steps with the same StepKeys, statuses and output hashes.</summary>
    public static void SameStepsAndOutputs(RunResult expected, RunResult actual)
    {
        Assert.Equal(expected.Summary.Steps.Select(s => s.StepId), actual.Summary.Steps.Select(s => s.StepId));
        foreach (var step in expected.Summary.Steps)
        {
            var other = actual.Summary[step.StepId];
            Assert.Equal(step.Status, other.Status);
            Assert.NotNull(step.Key);
            Assert.Equal(step.Key, other.Key);
            Assert.Equal(step.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal), other.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }
}
