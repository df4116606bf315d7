using Kiseki.Engine.Audit;

namespace Kiseki.Engine.Tests.Audit;

public sealed class VerifyGcLineageTests
{
    [Fact]
    public async Task Verify_IntactRun_Passes()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var report = await new RunVerifier(fixture.Store).VerifyAsync(fixture.SecondId);

        Assert.True(report.Passed);
        Assert.Contains(report.Objects, o => o is { StepId: "noise", Port: "array" });
        Assert.All(report.Objects, o => Assert.Equal(ObjectState.Intact, o.State));
    }

    [Fact]
    public async Task Verify_CorruptedAndDeletedObjects_NamesObjectAndStep()
    {
        using var fixture = await AuditFixture.CreateAsync();
        var noise = fixture.Second.Summary["noise"].Outputs["array"];
        var total = fixture.Second.Summary["total"].Outputs["sum"];
        var path = fixture.Store.PathOf(noise);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        File.Delete(fixture.Store.PathOf(total));

        var report = await new RunVerifier(fixture.Store).VerifyAsync(fixture.SecondId);

        Assert.False(report.Passed);
        Assert.Equal(ObjectState.Corrupted, report.Objects.Single(o => o.Object == noise).State);
        Assert.Equal("noise", report.Objects.Single(o => o.Object == noise).StepId);
        Assert.Equal(ObjectState.Missing, report.Objects.Single(o => o.Object == total).State);
        var (code, text) = await fixture.CliAsync("verify", fixture.SecondId);
        Assert.Equal(1, code);
        Assert.Contains("CORRUPTED  noise.array", text, StringComparison.Ordinal);
        Assert.Contains("MISSING    total.sum", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyExecute_DeterministicRun_AllIdentical()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var scratch = new Kiseki.Testing.TempDirectory();

        var report = await new RunVerifier(fixture.Store).VerifyAsync(
            fixture.FirstId, new StepReexecutor(fixture.Store, fixture.Harness.Catalog, scratch.Path, threads: 2));

        Assert.True(report.Passed);
        Assert.Equal(fixture.First.Summary.Steps.Sum(s => s.Outputs.Count), report.Executions!.Count);
        Assert.All(report.Executions, e => Assert.Equal("identical", e.Outcome));
    }

    [Fact]
    public async Task VerifyExecute_RecordedOutputNotReproduced_IsDifferentAndFails()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var scratch = new Kiseki.Testing.TempDirectory();
        var provenance = fixture.Harness.Provenance;
        var source = provenance.GetRun(fixture.FirstId)!;
        var real = provenance.FindSuccessfulExecution(provenance.RunSteps(source.Id).Single(s => s.StepId == "one").StepKey!.Value)!;
        var wrongOutput = fixture.First.Summary["two"].Outputs["value"]; // 3.0 where the method computes 2.0
        var fakeKey = Kiseki.Abstractions.Artifacts.ContentHash.Of("a result recorded by another build"u8);
        var runId = Kiseki.Provenance.Ulid.NewUlid(TimeProvider.System);
        provenance.BeginRun(source with { Id = runId, StartedAt = DateTimeOffset.UtcNow, Status = Kiseki.Provenance.RunStatus.Succeeded });
        provenance.Record(new Kiseki.Provenance.ProvenanceBatch
        {
            Executions = [real with { StepKey = fakeKey, AttemptId = null, RunId = runId, OutputHashes = new Dictionary<string, Kiseki.Abstractions.Artifacts.ContentHash> { ["value"] = wrongOutput } }],
            RunSteps = [new Kiseki.Provenance.RunStepRecord
            {
                RunId = runId, StepId = "one", DeclaredStepId = "one", StepKey = fakeKey, CacheHit = false, RerunReasons = [],
                Status = Kiseki.Provenance.RunStepStatus.Succeeded,
            }],
        });

        var report = await new RunVerifier(fixture.Store).VerifyAsync(
            runId, new StepReexecutor(fixture.Store, fixture.Harness.Catalog, scratch.Path, threads: 1));

        Assert.False(report.Passed);
        Assert.True(report.Objects.All(o => o.State == ObjectState.Intact));
        var check = Assert.Single(report.Executions!);
        Assert.Equal(("one", "value", "different"), (check.StepId, check.Port, check.Outcome));
        var (code, text) = await fixture.CliAsync("verify", runId, "--execute");
        Assert.Equal(1, code);
        Assert.Contains("different        one.value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputComparer_SmallFloatDifference_WithinToleranceOnlyWhenDeclared()
    {
        var a = Kiseki.Abstractions.Arrays.NdArray.Create(new[] { 1.0, 2.0, 3.0 }, 3);
        var b = Kiseki.Abstractions.Arrays.NdArray.Create(new[] { 1.0, 2.0 + 1e-10, 3.0 }, 3);

        Assert.Equal(OutputAgreement.WithinTolerance, OutputComparer.Compare(a, b, 1e-8).Agreement);
        Assert.Equal(OutputAgreement.Different, OutputComparer.Compare(a, b, 0).Agreement);
        var ints = Kiseki.Abstractions.Arrays.NdArray.Create(new[] { 1, 2 }, 2);
        var other = Kiseki.Abstractions.Arrays.NdArray.Create(new[] { 1, 3 }, 2);
        Assert.Equal(OutputAgreement.Different, OutputComparer.Compare(ints, other, 10).Agreement);
    }

    [Fact]
    public async Task Gc_UnreferencedObject_DeletedOnlyWithoutDryRun()
    {
        using var fixture = await AuditFixture.CreateAsync();
        var orphan = fixture.Harness.Objects.Put("not referenced by any run"u8);
        var before = Directory.EnumerateFiles(fixture.Store.Root + "/objects", "*", SearchOption.AllDirectories).Count();

        var dry = new GarbageCollector(fixture.Store).Collect(dryRun: true);
        Assert.Equal(orphan, Assert.Single(dry.Deleted).Hash);
        Assert.True(File.Exists(fixture.Store.PathOf(orphan)));

        var real = new GarbageCollector(fixture.Store).Collect(dryRun: false);
        Assert.Equal(orphan, Assert.Single(real.Deleted).Hash);
        Assert.Equal(25, real.BytesFreed);
        Assert.False(File.Exists(fixture.Store.PathOf(orphan)));
        Assert.Equal(before - 1, Directory.EnumerateFiles(fixture.Store.Root + "/objects", "*", SearchOption.AllDirectories).Count());
        Assert.True((await new RunVerifier(fixture.Store).VerifyAsync(fixture.FirstId)).Passed);
    }

    [Fact]
    public async Task Gc_KeepLastOne_DeletesOnlyTheOlderRunsOwnObjects()
    {
        using var fixture = await AuditFixture.CreateAsync();
        var oldOnly = fixture.First.Summary["one"].Outputs["value"];
        var shared = fixture.First.Summary["noise"].Outputs["array"];

        var report = new GarbageCollector(fixture.Store).Collect(dryRun: false, keepLast: 1);

        Assert.Contains(report.Deleted, d => d.Hash == oldOnly);
        Assert.True(File.Exists(fixture.Store.PathOf(shared)));
        Assert.True((await new RunVerifier(fixture.Store).VerifyAsync(fixture.SecondId)).Passed);
        Assert.False((await new RunVerifier(fixture.Store).VerifyAsync(fixture.FirstId)).Passed);
    }

    [Fact]
    public async Task Lineage_OfTotal_ReachesBothSources()
    {
        using var fixture = await AuditFixture.CreateAsync();
        var builder = new LineageBuilder(fixture.Store);

        var root = builder.Build(builder.Resolve("total.sum", fixture.SecondId));

        Assert.Equal("total", root.Producer!.StepId);
        Assert.Equal(["one", "two"], root.Producer.Inputs.Select(i => i.Artifact.Producer!.StepId).Order());
        var text = LineageBuilder.ToText(root);
        Assert.Contains("core.constant@1", text, StringComparison.Ordinal);
        var dot = LineageBuilder.ToDot(root);
        Assert.StartsWith("digraph lineage {", dot, StringComparison.Ordinal);
        Assert.Equal(5, dot.Split("->").Length - 1); // three generations, two uses
    }

    [Fact]
    public async Task Lineage_HashPrefix_ResolvesLikeTheFullHash()
    {
        using var fixture = await AuditFixture.CreateAsync();
        var hash = fixture.Second.Summary["total"].Outputs["sum"];

        var (code, text) = await fixture.CliAsync("lineage", hash.Hex[..10], "--format", "dot");

        Assert.Equal(0, code);
        Assert.Contains("total", text, StringComparison.Ordinal);
    }
}
