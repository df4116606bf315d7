using System.Diagnostics;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution.Slurm;
using Kiseki.Testing;

namespace Kiseki.Slurm.Tests;

public sealed class SbatchScriptTests
{
    private static readonly SlurmOptions Options = new() { KisekiCommand = ["/usr/bin/dotnet", "/opt/kiseki/kiseki.dll"], WorkDirectory = "/tmp/w" };

    [Fact]
    public void Arguments_Resources_MapToSbatchOptions()
    {
        var arguments = SbatchScript.Arguments(Options with { Partition = "gpu", ExtraOptions = ["qos=short"] }, new StepResources(4, 8192, 120), 12, "kiseki-x", "/tmp/w/logs");

        Assert.Equal(
            ["--parsable", "--job-name=kiseki-x", "--array=0-11", "--output=/tmp/w/logs/%A_%a.log", "--ntasks=1", "--cpus-per-task=4",
             "--mem=8192M", "--time=120", "--partition=gpu", "--qos=short"],
            arguments);
    }

    [Theory]
    [InlineData("qos=short", "--qos=short")]
    [InlineData("--exclusive", "--exclusive")]
    [InlineData("constraint=avx512", "--constraint=avx512")]
    public void ToSbatchOption_KeyValue_BecomesLongOption(string given, string expected)
        => Assert.Equal(expected, SlurmOptions.ToSbatchOption(given));

    [Fact]
    public void ToSbatchOption_Empty_Throws() => Assert.Throws<ArgumentException>(() => SlurmOptions.ToSbatchOption(" "));

    [Fact]
    public async Task Script_ArrayTask_ExecsKisekiOnItsManifestLine()
    {
        using var directory = new TempDirectory();
        var manifest = directory.Combine("it's a manifest");
        var specs = new[] { directory.Combine("spec 0.json"), directory.Combine("spec1.json"), directory.Combine("spec2.json") };
        await File.WriteAllTextAsync(manifest, SbatchScript.Manifest(specs));
        var script = directory.Combine("job.sh");
        await File.WriteAllTextAsync(script, SbatchScript.Script(["/bin/echo", "kiseki dll"], manifest, ["--array=0-2"]));

        for (var task = 0; task < specs.Length; task++)
        {
            var (code, text) = await BashAsync(script, task);
            Assert.Equal(0, code);
            Assert.EndsWith($"kiseki dll exec-step {specs[task]}", text.Trim().Split('\n')[^1]);
        }

        var (missing, message) = await BashAsync(script, 3);
        Assert.Equal(2, missing);
        Assert.Contains("no spec for array task 3", message);
    }

    [Fact]
    public void Quote_ShellSpecials_AreSingleQuoted()
    {
        Assert.Equal("/a/b.json", SbatchScript.Quote("/a/b.json"));
        Assert.Equal("'a b'", SbatchScript.Quote("a b"));
        Assert.Equal("'it'\\''s'", SbatchScript.Quote("it's"));
        Assert.Equal("'$HOME'", SbatchScript.Quote("$HOME"));
    }

    private static async Task<(int Code, string Text)> BashAsync(string script, int task)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.Environment["SLURM_ARRAY_TASK_ID"] = task.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}

public sealed class SlurmStateTests
{
    [Theory]
    [InlineData("RUNNING", false)]
    [InlineData("PENDING", false)]
    [InlineData("COMPLETING", false)]
    [InlineData("COMPLETED", true)]
    [InlineData("CANCELLED by 0", true)]
    [InlineData("TIMEOUT", true)]
    [InlineData("OUT_OF_MEMORY", true)]
    [InlineData("CA", true)]
    public void IsFinished_State_Classified(string state, bool finished) => Assert.Equal(finished, SlurmStates.IsFinished(state));

    [Fact]
    public void Parse_SqueueAndSacctLines_GivesStates()
    {
        var states = SlurmCommandClient.Parse("12_0|COMPLETED|None\n12_1|RUNNING|None\n\n13|CANCELLED by 0|0:15\n");

        Assert.Equal(
            [new SlurmJobState("12_0", "COMPLETED", "None"), new SlurmJobState("12_1", "RUNNING", "None"), new SlurmJobState("13", "CANCELLED", "0:15")],
            states);
    }
}
