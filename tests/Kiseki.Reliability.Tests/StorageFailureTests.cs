using System.Diagnostics;
using Kiseki.Provenance;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// Writes that fail for real: a store on a tiny tmpfs that fills up, and an object folder made immutable
/// (<c>chattr +i</c>). The run fails with a message naming what could not be written; the store stays consistent
/// (earlier runs intact, no object under a wrong name, nothing left running) and works again once space is back.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StorageFailureTests
{
    [SkippableFact]
    public void Run_DiskFullOnTinyTmpfs_FailsWithMessageAndStoreStaysConsistent()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root", "mounting a tmpfs needs root on Linux.");
        using var folder = new TempDirectory();
        var mount = folder.Combine("tiny");
        Directory.CreateDirectory(mount);
        Skip.IfNot(Command("mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", mount), "mounting a tmpfs is not allowed here.");
        try
        {
            var store = Path.Combine(mount, "store");
            var small = folder.Combine("small.yaml");
            File.WriteAllText(small, Workflows.Chain(21, waitMilliseconds: 1));
            var (code, output) = KisekiProcess.Run("run", small, "--store", store, "--jobs", "1");
            Assert.True(code == 0, output);
            var before = SnapshotOf(store);

            // An array of 3.2 MB cannot fit in what is left.
            var large = folder.Combine("large.yaml");
            File.WriteAllText(large, Workflows.Chain(22, waitMilliseconds: 1).Replace("[256, 256]", "[640, 640]", StringComparison.Ordinal));
            var (failed, text) = KisekiProcess.Run("run", large, "--store", store, "--jobs", "1");
            Assert.True(failed == 1, $"exit {failed}:\n{text}");
            Assert.Contains("No space left on device", text);
            Assert.Contains("big", text);
            Assert.DoesNotContain("   at ", text);
            AssertConsistent(store, before);
        }
        finally
        {
            Command("umount", "-l", mount);
        }
    }

    [SkippableFact]
    public void Run_ImmutableObjectFolder_FailsWithMessageAndStoreStaysConsistent()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "chattr is Linux only.");
        using var folder = new TempDirectory();
        var store = folder.Combine("store");
        var first = folder.Combine("first.yaml");
        File.WriteAllText(first, Workflows.Chain(31, waitMilliseconds: 1));
        var (code, output) = KisekiProcess.Run("run", first, "--store", store, "--jobs", "1");
        Assert.True(code == 0, output);
        var before = SnapshotOf(store);

        var objects = Path.Combine(store, "objects", "sha256");
        var folders = Directory.EnumerateDirectories(objects).Append(objects).ToList();
        Skip.IfNot(Command("chattr", ["+i", .. folders]), "chattr +i is not available here (needs root and a supporting file system).");
        try
        {
            var second = folder.Combine("second.yaml");
            File.WriteAllText(second, Workflows.Chain(32, waitMilliseconds: 1));
            var (failed, text) = KisekiProcess.Run("run", second, "--store", store, "--jobs", "1");
            Assert.True(failed == 1, $"exit {failed}:\n{text}");
            Assert.Contains("failed: step 'big'", text);
            Assert.Contains(objects, text);
            Assert.DoesNotContain("   at ", text);
        }
        finally
        {
            Command("chattr", ["-i", .. folders]);
        }

        AssertConsistent(store, before);
    }

    private static void AssertConsistent(string store, IReadOnlyDictionary<string, string> before)
    {
        using var provenance = StoreChecks.OpenReadWrite(store);
        var after = StoreChecks.Snapshot(provenance);
        foreach (var (id, text) in before)
        {
            Assert.Equal(text, after[id]);
        }

        var latest = provenance.ListRuns(1).Single();
        Assert.False(before.ContainsKey(latest.Id), "the failed run was not recorded.");
        Assert.True(latest.Status is RunStatus.Failed or RunStatus.Interrupted, $"the failed run is {latest.Status}.");
        Assert.DoesNotContain(provenance.RunSteps(latest.Id), s => s.Status is RunStepStatus.Running or RunStepStatus.Pending);
        StoreChecks.AssertObjectsMatchTheirNames(store);
        StoreChecks.AssertReferencedOutputsIntact(provenance, store);
        var leftovers = Directory.EnumerateFiles(Path.Combine(store, "objects"), "*.tmp", SearchOption.AllDirectories).ToList();
        Assert.True(leftovers.Count == 0, "temp files left behind: " + string.Join(", ", leftovers));
    }

    private static IReadOnlyDictionary<string, string> SnapshotOf(string store)
    {
        using var provenance = StoreChecks.OpenReadOnly(store);
        return StoreChecks.Snapshot(provenance);
    }

    private static bool Command(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
