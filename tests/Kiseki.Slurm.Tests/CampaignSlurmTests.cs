using Kiseki.Provenance;

namespace Kiseki.Slurm.Tests;

/// <summary>Campaign evaluations under the Slurm executor: one cluster job per evaluation, same outputs as a local run.</summary>
public sealed class CampaignSlurmTests
{
    private const string Workflow = """
        kiseki: 1
        name: slurm-campaign
        seed: 5
        steps:
          search:
            method: transport.dominant-point-search@2
            params: { grid: [8, 8], budget: 12, batch_size: 3, samples: 20, initial_points: 3 }
            resources: { cpus: 2, memory: 700M, time: 00:07:00 }
            evaluate:
              command: ["/bin/sh", "energy.sh", "{inputs.point}", "{outputs.value}"]
              sources: [energy.sh]
              outputs: { value: value.json }
        """;

    private const string Script = """
        awk -v out="$2" '{ gsub(/[{}"]/, ""); n = split($0, kv, ","); for (i = 1; i <= n; i++) { split(kv[i], p, ":"); v[p[1]] = p[2] + 0 }
          printf "%.17g\n", -cos(6.283185307179586 * v["x"]) - cos(6.283185307179586 * v["y"]) > out }' "$1"
        """;

    [Fact]
    public async Task Campaign_ThroughFakeCluster_OneJobPerEvaluationWithTheSearchResources()
    {
        using var run = await FakeClusterComparison.RunAsync(Workflow, "energy.sh", Script);
        var (cluster, client, actual) = (run.Cluster, run.Client, run.Actual);
        var specs = client.Submissions.SelectMany(s => s.Specs).ToList();
        Assert.Equal(12, specs.Count);
        Assert.All(client.Submissions, s =>
        {
            Assert.Contains("--cpus-per-task=2", s.Arguments);
            Assert.Contains("--mem=700M", s.Arguments);
        });
        Assert.Equal(12, cluster.Provenance.RunSteps(actual.Summary.RunId).Count(r => r.StepId.StartsWith("search.eval-", StringComparison.Ordinal)));
    }
}
