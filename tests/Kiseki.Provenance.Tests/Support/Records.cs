using System.Text;
using System.Text.Json;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.Tests.Support;

/// <summary>Builders of valid records with distinct, deterministic field values.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static ContentHash Hash(string label) => ContentHash.Of(Encoding.UTF8.GetBytes(label));

    public static string RunId(int index, DateTimeOffset? at = null)
    {
        var random = new byte[Ulid.RandomByteCount];
        BitConverter.GetBytes(index).CopyTo(random, 0);
        return Ulid.Create(at ?? Epoch.AddMinutes(index), random);
    }

    public static RunRecord Run(string id, DateTimeOffset startedAt, string workflow = "eels-decomposition", ProcessIdentity? process = null) => new()
    {
        Id = id,
        WorkflowName = workflow,
        WorkflowPath = "workflows/" + workflow + ".yaml",
        WorkflowText = "kiseki: 1\nname: " + workflow + "\nsteps: {}\n",
        WorkflowTextHash = Hash("text " + workflow),
        ResolvedParameters = "{\"components\":4,\"tolerance\":1e-06}",
        RootSeed = ulong.MaxValue - 12345,
        Status = RunStatus.Running,
        StartedAt = startedAt,
        EnvironmentId = Hash("environment"),
        Process = process ?? new ProcessIdentity("elsewhere.example", 4242, startedAt.AddSeconds(-1)),
        CommandLine = "kiseki run workflows/" + workflow + ".yaml --set components=4",
        GitCommit = "0123456789abcdef0123456789abcdef01234567",
        Executor = "local",
    };

    public static ExecutionRecord Execution(string label, string runId, ExecutionStatus status = ExecutionStatus.Succeeded) => new()
    {
        StepKey = Hash("key " + label),
        KeyComponents = "{\"key\":\"kiseki-step/v1\",\"label\":\"" + label + "\"}",
        MethodId = "spectral.nmf-so",
        MethodVersion = 3,
        ImplementationDigest = "mvid:5b1f",
        Parameters = "{\"components\":4}",
        InputHashes = new SortedDictionary<string, ContentHash>(StringComparer.Ordinal) { ["data"] = Hash("in " + label), ["mask.v2"] = Hash("mask") },
        OutputHashes = status == ExecutionStatus.Succeeded
            ? new SortedDictionary<string, ContentHash>(StringComparer.Ordinal) { ["factors"] = Hash("out " + label), ["loadings"] = Hash("load " + label) }
            : new SortedDictionary<string, ContentHash>(StringComparer.Ordinal),
        Seed = 0xFEDCBA9876543210,
        Convergence = new ConvergenceRecord(true, 137, "relative change below 1e-6"),
        Metrics = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["chosen k"] = 4, ["final_objective"] = 0.1 + 0.2 },
        StartedAt = Epoch.AddTicks(1234567),
        FinishedAt = Epoch.AddSeconds(2.5),
        DurationSeconds = 2.3765433,
        LogExcerpt = "iteration 137: objective 0.3\n",
        Status = status,
        Error = status == ExecutionStatus.Succeeded ? null : "boom: " + label,
        Host = "node-1",
        EnvironmentId = Hash("environment"),
        RunId = runId,
    };

    public static RunStepRecord Step(string runId, string stepId, ContentHash? key, RunStepStatus status = RunStepStatus.Succeeded) => new()
    {
        RunId = runId,
        StepId = stepId,
        DeclaredStepId = stepId.Split('[')[0],
        StepKey = key,
        CacheHit = status == RunStepStatus.Cached,
        RerunReasons = status == RunStepStatus.Cached ? [] : ["ParametersChanged", "UpstreamChanged"],
        Status = status,
        Error = status == RunStepStatus.Failed ? "failed" : null,
        SkippedBecause = status == RunStepStatus.Skipped ? "decompose" : null,
        StartedAt = Epoch.AddSeconds(1),
        FinishedAt = status == RunStepStatus.Running ? null : Epoch.AddSeconds(3),
    };

    public static ArtifactRecord Artifact(string label, ContentHash? producedBy = null) => new()
    {
        Hash = Hash("artifact " + label),
        Kind = "spectrum-image",
        MediaType = "application/vnd.kiseki.manifest+json",
        Size = 5_000_000_000,
        Shape = [64, 64, 1024],
        DType = "float64",
        ProducedBy = producedBy,
        Blobs = [Hash("blob a " + label), Hash("blob b " + label)],
    };

    /// <summary>Field-by-field comparison through JSON (records hold collections, compared by reference otherwise).</summary>
    public static void AssertSame<T>(T expected, T actual)
        => Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
}
