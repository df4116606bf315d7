using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// The provenance records under attack: a changed byte in a record, single-byte damage that breaks a field, a database
/// cut below one page, a crafted output name that would escape an export, and a killed run seen by a read-only open.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RecordTrustTests
{
    private const string Constant = """
        kiseki: 1
        name: constant
        seed: 3
        steps:
          pick:
            method: core.constant@1
            params: { value: 3 }
          total:
            method: core.sum@1
            params: { offset: 1.5 }
            inputs: { a: "${pick.outputs.value}", b: "${pick.outputs.value}" }
        """;

    [Fact]
    public async Task Records_OneByteChangedInTheFile_ShowVerifyAndRunDetectItNamingTheRecord()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunOnce(folder);
        var database = Path.Combine(store, LiteDbProvenanceStore.FileName);
        var bytes = File.ReadAllBytes(database);
        var at = IndexOf(bytes, "\"value\":3"u8);
        Assert.True(at >= 0, "the recorded parameters were not found in the file");
        bytes[at + "\"value\":".Length] = (byte)'7';
        File.WriteAllBytes(database, bytes);
        var before = File.ReadAllBytes(database);

        var (showCode, show) = await KisekiProcess.InProcessAsync("show", "pick", "--store", store);
        Assert.True(showCode != 0, show);
        Assert.DoesNotContain("\"value\": 7", show);
        Assert.Contains("execution record", show);

        var (verifyCode, verify) = await KisekiProcess.InProcessAsync("verify", "--store", store);
        Assert.True(verifyCode == 1, verify);
        Assert.Contains("execution record sha256:", verify);
        Assert.Contains("was changed", verify);

        var (runCode, run) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store);
        Assert.True(runCode == 1, run);
        Assert.DoesNotContain("   at ", run);
        Assert.Equal(before, File.ReadAllBytes(database));
    }

    [Fact]
    public async Task Verify_WholeStore_IntactStorePassesWithEveryRecordSealed()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunOnce(folder);
        Assert.Equal(0, (await KisekiProcess.InProcessAsync("run", workflow, "--store", store)).Code);

        var (code, output) = await KisekiProcess.InProcessAsync("verify", "--store", store, "--json");
        Assert.True(code == 0, output);
        var report = JsonNode.Parse(output)!;
        Assert.True(report["passed"]!.GetValue<bool>());
        Assert.Equal(0, report["unsealed"]!.GetValue<int>());
        Assert.Equal(report["records"]!.GetValue<int>(), report["sealed"]!.GetValue<int>());
        Assert.Equal(2, report["chained_runs"]!.GetValue<int>());
    }

    [Fact]
    public async Task Records_StepRecordRemovedAfterTheRunFinished_BreaksTheRunsChain()
    {
        using var folder = new TempDirectory();
        var (store, _) = await RunOnce(folder);
        string runId;
        using (var provenance = StoreChecks.OpenReadOnly(store))
        {
            runId = provenance.ListRuns(1).Single().Id;
        }

        // Deleting a whole record leaves every remaining record's own seal intact; only the chain sees it.
        using (var database = new LiteDB.LiteDatabase(Path.Combine(store, LiteDbProvenanceStore.FileName)))
        {
            Assert.True(database.GetCollection("run_steps").Delete(runId + "/total"));
        }

        var (code, output) = await KisekiProcess.InProcessAsync("verify", "--store", store);
        Assert.True(code == 1, output);
        Assert.Contains($"run {runId}", output);
        var (showCode, show) = await KisekiProcess.InProcessAsync("verify", runId, "--store", store);
        Assert.True(showCode == 1, show);
        Assert.DoesNotContain("   at ", show);
    }

    [Fact]
    public async Task Commands_FieldBrokenBySingleByteChanges_ClearErrorNoStackTraceAndNothingWritten()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunOnce(folder);
        var database = Path.Combine(store, LiteDbProvenanceStore.FileName);
        var pristine = File.ReadAllBytes(database);
        var damages = new (string What, string Marker, int Offset, byte Value, bool Every)[]
        {
            ("a hash that is not hex", "sha256:", 9, (byte)'z', true),
            ("a status that is not a status", "Succeeded", 0, (byte)'X', true),
            ("a hash without its prefix", "sha256:", 0, (byte)'x', true),
            ("a changed parameter", "\"value\":3", 8, (byte)'7', false),
        };
        foreach (var (what, marker, offset, value, every) in damages)
        {
            var bytes = (byte[])pristine.Clone();
            var needle = Encoding.ASCII.GetBytes(marker);
            var found = 0;
            for (var at = IndexOf(bytes, needle); at >= 0; at = every ? NextIndexOf(bytes, needle, at + 1) : -1)
            {
                bytes[at + offset] = value;
                found++;
            }

            Assert.True(found > 0, marker);
            File.WriteAllBytes(database, bytes);
            File.Delete(database + ".verified");
            foreach (var arguments in new string[][] { ["log", "--store", store], ["show", "pick", "--store", store], ["run", workflow, "--store", store] })
            {
                var (code, output) = await KisekiProcess.InProcessAsync(arguments);
                Assert.True(code is 0 or 1, $"{what} {arguments[0]}: exit {code}\n{output}");
                Assert.DoesNotContain("   at ", output);
                Assert.DoesNotContain("Exception", output);
                Assert.DoesNotContain("internal error", output);
                if (arguments[0] == "run")
                {
                    Assert.True(code == 1, $"{what}: run used a damaged store:\n{output}");
                    Assert.Equal(bytes, File.ReadAllBytes(database));
                }
            }
        }
    }

    [Fact]
    public async Task Open_DatabaseCutBelowOnePage_IsRefusedWithARecoveryHint()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunOnce(folder);
        var database = Path.Combine(store, LiteDbProvenanceStore.FileName);
        using (var stream = new FileStream(database, FileMode.Open))
        {
            stream.SetLength(8191);
        }

        foreach (var arguments in new string[][] { ["log", "--store", store], ["run", workflow, "--store", store] })
        {
            var (code, output) = await KisekiProcess.InProcessAsync(arguments);
            Assert.True(code == 1, output);
            Assert.Contains("truncated", output);
            Assert.Contains("backup", output);
            Assert.DoesNotContain("no provenance store", output);
        }

        Assert.Equal(8191, new FileInfo(database).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_RecordedOutputNameWithDotDot_WritesNothingOutsideTheDestination(bool zip)
    {
        using var folder = new TempDirectory();
        var (store, _) = await RunOnce(folder);
        string runId;
        using (var provenance = LiteDbProvenanceStore.Open(store))
        {
            var run = provenance.ListRuns(1).Single();
            var step = provenance.RunSteps(run.Id).Single(s => s.StepId == "pick");
            var execution = provenance.FindSuccessfulExecution(step.StepKey!.Value)!;
            var key = ContentHash.Of("crafted"u8);
            runId = Ulid.NewUlid(TimeProvider.System);
            provenance.BeginRun(run with { Id = runId, Status = RunStatus.Running });
            provenance.RecordExecution(execution with
            {
                StepKey = key, RunId = runId,
                OutputHashes = new Dictionary<string, ContentHash> { ["../../../../zzzz"] = execution.OutputHashes.Values.Single() },
            });
            provenance.RecordRunStep(step with { RunId = runId, StepKey = key });
            provenance.UpdateRunStatus(runId, RunStatus.Succeeded, DateTimeOffset.UtcNow, null);
        }

        var destination = folder.Combine("deep", "er", "export");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var before = Directory.GetFileSystemEntries(folder.Path, "*", SearchOption.AllDirectories).ToHashSet();
        string[] arguments = zip
            ? ["export", runId, "--store", store, "--zip", "--out", destination + ".zip"]
            : ["export", runId, "--store", store, "--out", destination];
        var (code, output) = await KisekiProcess.InProcessAsync(arguments);
        Assert.DoesNotContain("   at ", output);
        var added = Directory.GetFileSystemEntries(folder.Path, "*", SearchOption.AllDirectories).Where(p => !before.Contains(p)).ToList();
        Assert.All(added, p => Assert.StartsWith(destination, p));
        Assert.Empty(Directory.GetFiles("/", "zzzz*"));
        Assert.True(code is 0 or 1, output);
    }

    [Fact]
    public async Task Log_RunWhoseProcessDied_IsShownInterruptedByAReadOnlyOpen()
    {
        using var folder = new TempDirectory();
        var (store, _) = await RunOnce(folder);
        var dead = System.Diagnostics.Process.Start("true")!;
        dead.WaitForExit();
        string runId;
        using (var provenance = LiteDbProvenanceStore.Open(store))
        {
            var run = provenance.ListRuns(1).Single();
            runId = Ulid.NewUlid(TimeProvider.System);
            provenance.BeginRun(run with
            {
                Id = runId, Status = RunStatus.Running, FinishedAt = null,
                Process = new ProcessIdentity(Environment.MachineName, dead.Id, DateTimeOffset.UtcNow.AddSeconds(-1)),
            });
        }

        var (code, output) = await KisekiProcess.InProcessAsync("log", "--store", store, "--json");
        Assert.True(code == 0, output);
        var shown = JsonNode.Parse(output)!.AsArray().Single(r => r!["id"]!.GetValue<string>() == runId)!;
        Assert.Equal("interrupted", shown["status"]!.GetValue<string>());
    }

    private static async Task<(string Store, string Workflow)> RunOnce(TempDirectory folder)
    {
        var store = folder.Combine("store");
        var workflow = folder.Combine("constant.yaml");
        File.WriteAllText(workflow, Constant);
        var (code, output) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store);
        Assert.True(code == 0, output);
        return (store, workflow);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    private static int NextIndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int from)
        => haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? from + i : -1;
}
