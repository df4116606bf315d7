using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// The object store under attack: gc racing a run, damage that keeps an object's mtime, editing published results,
/// links planted in the store, a workflow that is not a regular file, temp files left by crashes and an object
/// replaced by a folder.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StoreTrustTests
{
    private const string Published = """
        kiseki: 1
        name: published
        seed: 11
        steps:
          big:
            method: core.random-array@1
            params: { shape: [64, 64] }
          tag:
            method: core.constant@1
            params: { value: 4.5 }
        publish:
          big: ${big.outputs.array}
        """;

    [Fact]
    public void Gc_StartedBeforeARunWithManyUnreferencedObjects_NeverDeletesWhatTheRunRecorded()
    {
        using var folder = new TempDirectory();
        var store = folder.Combine("store");
        var workflow = folder.Combine("chain.yaml");
        File.WriteAllText(workflow, Workflows.Chain(21, waitMilliseconds: 20));
        Assert.Equal(0, KisekiProcess.Run("run", workflow, "--store", store, "--jobs", "1").Code);

        // Many unreferenced objects make the collection slow enough for a run to write and record meanwhile.
        var objects = Path.Combine(store, "objects", "sha256");
        var random = new Random(5);
        var name = new byte[32];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(name);
            var hex = Convert.ToHexStringLower(name);
            Directory.CreateDirectory(Path.Combine(objects, hex[..2]));
            File.WriteAllBytes(Path.Combine(objects, hex[..2], hex[2..]), name);
        }

        File.WriteAllText(workflow, Workflows.Chain(22, waitMilliseconds: 20));
        var gcOutput = new StringBuilder();
        using var gc = KisekiProcess.Start(gcOutput, "gc", "--store", store);
        Thread.Sleep(300);
        var (code, output) = KisekiProcess.Run("run", workflow, "--store", store, "--jobs", "1");
        Assert.True(gc.WaitForExit(TimeSpan.FromMinutes(2)), KisekiProcess.Text(gcOutput));
        gc.WaitForExit();
        Assert.True(gc.ExitCode == 0, KisekiProcess.Text(gcOutput));
        Assert.True(code == 0, output);

        using var provenance = StoreChecks.OpenReadOnly(store);
        Assert.All(provenance.ListRuns(10), r => Assert.Equal(Kiseki.Provenance.RunStatus.Succeeded, r.Status));
        StoreChecks.AssertReferencedOutputsIntact(provenance, store);
        var (planCode, plan) = KisekiProcess.Run("plan", workflow, "--store", store, "--json");
        Assert.True(planCode == 0, plan);
        Assert.All(JsonNode.Parse(plan)!["steps"]!.AsArray(), s => Assert.Equal("cached", s!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Run_ObjectDamagedWithItsMtimeRestored_IsRecomputedNotPublished()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunPublished(folder);
        var hash = OutputOf(store, "big");
        var path = Path.Combine(store, "objects", "sha256", hash.Hex[..2], hash.Hex[2..]);

        // A plan well after the write verifies the object and lets the memo remember it.
        Thread.Sleep(200);
        Assert.Equal(0, (await KisekiProcess.InProcessAsync("plan", workflow, "--store", store)).Code);
        var mtime = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, mtime); // touch -r

        var (planCode, plan) = await KisekiProcess.InProcessAsync("plan", workflow, "--store", store, "--json");
        Assert.True(planCode == 0, plan);
        var big = JsonNode.Parse(plan)!["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "big")!;
        Assert.Equal("to-run", big["status"]!.GetValue<string>());
        Assert.Contains(hash.ToString(), big["detail"]!.GetValue<string>());

        var (again, text) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store);
        Assert.True(again == 0, text);
        foreach (var published in Directory.EnumerateFiles(folder.Combine("results"), "big.npy", SearchOption.AllDirectories))
        {
            Assert.Equal(hash, ContentHash.Of(File.ReadAllBytes(published)));
        }

        StoreChecks.AssertObjectsMatchTheirNames(store);
    }

    [Fact]
    public async Task Publish_EditingOneRunsResult_TouchesNeitherTheStoreNorAnotherRunsResult()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunPublished(folder);
        Assert.Equal(0, (await KisekiProcess.InProcessAsync("run", workflow, "--store", store)).Code);
        var files = Directory.GetFiles(folder.Combine("results"), "big.npy", SearchOption.AllDirectories);
        Assert.Equal(2, files.Length);
        var hash = OutputOf(store, "big");
        var original = File.ReadAllBytes(files[1]);

        File.AppendAllText(files[0], "edited by the user");

        Assert.Equal(original, File.ReadAllBytes(files[1]));
        Assert.Equal(hash, ContentHash.Of(File.ReadAllBytes(Path.Combine(store, "objects", "sha256", hash.Hex[..2], hash.Hex[2..]))));
        StoreChecks.AssertObjectsMatchTheirNames(store);
    }

    [Fact]
    public async Task Run_LinksPlantedAtLockAndMemoFiles_NothingIsWrittenOutsideTheStore()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunPublished(folder);
        var outside = folder.Combine("outside");
        Directory.CreateDirectory(outside);

        foreach (var lockFile in Directory.GetFiles(Path.Combine(store, "locks"), "*.lock"))
        {
            File.Delete(lockFile);
            File.CreateSymbolicLink(lockFile, Path.Combine(outside, Path.GetFileName(lockFile)));
        }

        var memo = Path.Combine(store, "memo", "objects");
        File.Delete(memo);
        File.CreateSymbolicLink(memo, Path.Combine(outside, "memo-objects"));

        var (code, output) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store, "--force", "big", "--force", "tag");
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.True(code != 0, output);
        Assert.Contains("symbolic link", output);
        Assert.DoesNotContain("   at ", output);
    }

    [SkippableTheory]
    [InlineData("/dev/zero")]
    [InlineData("pipe")]
    public void Validate_WorkflowThatIsNotARegularFile_IsReadWithABound(string source)
    {
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero and a shell");
        string[] arguments = source == "pipe"
            ? ["-c", $"\"${{DOTNET_HOST_PATH:-dotnet}}\" {KisekiProcess.Dll} validate <(yes '# x')"]
            : ["-c", $"\"${{DOTNET_HOST_PATH:-dotnet}}\" {KisekiProcess.Dll} validate /dev/zero"];
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peak = 0L;
        while (!process.WaitForExit(100))
        {
            peak = Math.Max(peak, ChildMemory(process.Id));
            if (peak > 1L << 30)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var text = stdout.Result + stderr.Result;
        Assert.True(peak < 1L << 30, $"validate used {peak >> 20} MiB:\n{text}");
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("KSK0104", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Gc_TemporaryFilesLeftByKilledWrites_AreDeleted()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunPublished(folder);
        var objects = Path.Combine(store, "objects", "sha256");
        var leftovers = new[]
        {
            Path.Combine(objects, "ab", ".abcdef12." + Guid.NewGuid().ToString("N") + ".tmp"),
            Path.Combine(objects, "tmp", Guid.NewGuid().ToString("N")),
        };
        foreach (var leftover in leftovers)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
            File.WriteAllBytes(leftover, new byte[4096]);
        }

        var (code, output) = await KisekiProcess.InProcessAsync("gc", "--store", store);
        Assert.True(code == 0, output);
        Assert.All(leftovers, l => Assert.False(File.Exists(l), l));
        Assert.Contains("temporary file", output);
        StoreChecks.AssertObjectsMatchTheirNames(store);
        Assert.Equal(0, (await KisekiProcess.InProcessAsync("run", workflow, "--store", store)).Code);
    }

    [Fact]
    public async Task Run_ObjectReplacedByAFolder_IsRecomputed()
    {
        using var folder = new TempDirectory();
        var (store, workflow) = await RunPublished(folder);
        var hash = OutputOf(store, "big");
        var path = Path.Combine(store, "objects", "sha256", hash.Hex[..2], hash.Hex[2..]);
        File.Delete(path);
        Directory.CreateDirectory(Path.Combine(path, "inner"));

        var (code, output) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(path));
        Assert.Equal(hash, ContentHash.Of(File.ReadAllBytes(path)));
    }

    private static async Task<(string Store, string Workflow)> RunPublished(TempDirectory folder)
    {
        var store = folder.Combine("store");
        var workflow = folder.Combine("published.yaml");
        File.WriteAllText(workflow, Published);
        var (code, output) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store);
        Assert.True(code == 0, output);
        return (store, workflow);
    }

    private static ContentHash OutputOf(string store, string stepId)
    {
        using var provenance = StoreChecks.OpenReadOnly(store);
        var run = provenance.ListRuns(1).Single();
        var key = provenance.RunSteps(run.Id).Single(s => s.StepId == stepId).StepKey!.Value;
        return provenance.FindSuccessfulExecution(key)!.OutputHashes.Values.Single();
    }

    private static long ChildMemory(int shellPid)
    {
        // The shell (which may have become kiseki itself) and its children: their resident sets.
        long total = 0;
        var pid = shellPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var status in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "status")))
        {
            try
            {
                var lines = File.ReadAllLines(status);
                var parent = lines.FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                var rss = lines.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                var self = Path.GetFileName(Path.GetDirectoryName(status));
                if (parent is not null && rss is not null && (self == pid || parent.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1].Trim() == pid))
                {
                    total += long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // A process that ended meanwhile.
            }
        }

        return total;
    }
}
