using Kiseki.Engine.Execution;
using Kiseki.Provenance;

namespace Kiseki.Slurm.Tests;

/// <summary>
/// One workflow (with one shell script beside it) run locally and through the fake cluster in two fresh test beds;
/// asserts the cluster run succeeded with the local run's steps and outputs, and keeps both for further checks.
/// </summary>
internal sealed class FakeClusterComparison : IDisposable
{
    private readonly SlurmTestBed _local = new();

    private FakeClusterComparison()
    {
        Client = new FakeSlurmClient(Cluster.Catalog);
    }

    public SlurmTestBed Cluster { get; } = new();

    public FakeSlurmClient Client { get; }

    /// <summary>The cluster run (already checked against the local one).</summary>
    public RunResult Actual { get; private set; } = null!;

    public static async Task<FakeClusterComparison> RunAsync(string workflowText, string scriptName, string script)
    {
        var comparison = new FakeClusterComparison();
        try
        {
            comparison._local.Write(scriptName, script);
            comparison.Cluster.Write(scriptName, script);
            var expected = await comparison._local.RunAsync(comparison._local.Load(workflowText), comparison._local.Local());
            var workflow = comparison.Cluster.Load(workflowText);
            var actual = await comparison.Cluster.RunAsync(workflow, comparison.Cluster.Slurm(comparison.Client, workflow));
            Assert.True(actual.Summary.Status == RunStatus.Succeeded, string.Join("\n", actual.Summary.Steps.Select(s => $"{s.StepId}: {s.Detail}")));
            SlurmAssert.SameStepsAndOutputs(expected, actual);
            comparison.Actual = actual;
            return comparison;
        }
        catch
        {
            comparison.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _local.Dispose();
        Cluster.Dispose();
    }
}
