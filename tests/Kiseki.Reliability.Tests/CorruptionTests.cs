using System.Text.Json.Nodes;
using Kiseki.Provenance;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// Damaged objects are detected on reuse (named in the plan), the step re-executes and the object is healed;
/// a damaged or foreign <c>provenance.db</c> is refused with a clear error and left byte-identical.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CorruptionTests
{
    [Theory]
    [InlineData("big", "flip")]
    [InlineData("normal", "truncate")]
    public async Task Run_DamagedCachedObject_DetectedNamedAndRecomputed(string stepId, string damage)
    {
        using var folder = new TempDirectory();
        var store = folder.Combine("store");
        var workflow = folder.Combine("chain.yaml");
        File.WriteAllText(workflow, Workflows.Chain(7, waitMilliseconds: 1));
        var (code, output) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store, "--jobs", "1");
        Assert.True(code == 0, output);

        string hashText;
        string path;
        using (var provenance = StoreChecks.OpenReadOnly(store))
        {
            var run = provenance.ListRuns(1).Single();
            var key = provenance.RunSteps(run.Id).Single(s => s.StepId == stepId).StepKey!.Value;
            var hash = provenance.FindSuccessfulExecution(key)!.OutputHashes.Values.Single();
            hashText = hash.ToString();
            path = Path.Combine(store, "objects", "sha256", hash.Hex[..2], hash.Hex[2..]);
        }

        var bytes = File.ReadAllBytes(path);
        if (damage == "flip")
        {
            bytes[bytes.Length / 2] ^= 0x10;
        }
        else
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        File.WriteAllBytes(path, bytes);

        // Detected on reuse: the plan names the damaged object and re-runs the step.
        var (planCode, plan) = await KisekiProcess.InProcessAsync("plan", workflow, "--store", store, "--json");
        Assert.True(planCode == 0, plan);
        var planned = JsonNode.Parse(plan)!["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == stepId)!;
        Assert.Equal("to-run", planned["status"]!.GetValue<string>());
        Assert.Contains("OutputMissing", planned["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains(hashText, planned["detail"]!.GetValue<string>());

        // The run re-executes it, heals the object, and reuses everything else.
        var (again, text) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store, "--jobs", "1");
        Assert.True(again == 0, text);
        using (var provenance = StoreChecks.OpenReadOnly(store))
        {
            var latest = provenance.ListRuns(1).Single();
            var steps = provenance.RunSteps(latest.Id);
            Assert.Equal(RunStepStatus.Succeeded, steps.Single(s => s.StepId == stepId).Status);
            Assert.Contains(steps, s => s.Status == RunStepStatus.Cached);
        }

        StoreChecks.AssertObjectsMatchTheirNames(store);
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("foreign")]
    [InlineData("header")]
    [InlineData("truncated")]
    [InlineData("empty-header-page")]
    public async Task Commands_DamagedOrForeignDatabase_ClearErrorAndFileUntouched(string damage)
    {
        using var folder = new TempDirectory();
        var store = folder.Combine("store");
        var workflow = folder.Combine("chain.yaml");
        File.WriteAllText(workflow, Workflows.Chain(8, waitMilliseconds: 1));
        var (code, output) = await KisekiProcess.InProcessAsync("run", workflow, "--store", store, "--jobs", "1");
        Assert.True(code == 0, output);

        var database = Path.Combine(store, "provenance.db");
        var bytes = File.ReadAllBytes(database);
        bytes = damage switch
        {
            "foreign" => "PK\u0003\u0004 this is a zip file, not a provenance store"u8.ToArray(),
            "header" => Damage(bytes, 0, 64),
            "truncated" => bytes[..(bytes.Length / 3)],
            _ => Damage(bytes, 0, 8192),
        };
        File.WriteAllBytes(database, bytes);
        var logFile = database[..^3] + "-log.db";
        var before = Snapshot(store);

        // The real tool, in a child process, and the read verbs in this process.
        var (runCode, runText) = KisekiProcess.Run("run", workflow, "--store", store, "--jobs", "1");
        AssertRefused(runCode, runText, database);
        foreach (var verb in new[] { "log", "plan" })
        {
            string[] arguments = verb == "log" ? ["log", "--store", store] : ["plan", workflow, "--store", store];
            var (verbCode, verbText) = await KisekiProcess.InProcessAsync(arguments);
            AssertRefused(verbCode, verbText, database);
        }

        var after = Snapshot(store);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (file, content) in before)
        {
            Assert.True(content.AsSpan().SequenceEqual(after[file]), $"{file} changed ({damage}).");
        }

        Assert.False(File.Exists(logFile) && !before.ContainsKey(logFile), "a LiteDB log file was created beside the damaged store.");
    }

    private static void AssertRefused(int code, string text, string database)
    {
        Assert.True(code == 1, $"expected exit 1, got {code}:\n{text}");
        Assert.Contains("error:", text);
        Assert.Contains(database, text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("internal error", text);
    }

    private static byte[] Damage(byte[] bytes, int start, int length)
    {
        var copy = (byte[])bytes.Clone();
        var random = new Random(length);
        for (var i = start; i < Math.Min(copy.Length, start + length); i++)
        {
            copy[i] = (byte)random.Next(256);
        }

        return copy;
    }

    private static Dictionary<string, byte[]> Snapshot(string store)
        => Directory.EnumerateFiles(store, "provenance*", SearchOption.TopDirectoryOnly).ToDictionary(f => f, File.ReadAllBytes);
}
