using System.Text;
using System.Text.RegularExpressions;
using Kiseki.Cli;
using Kiseki.Engine.Tests.Integration;
using Snapshooter.Xunit;
using Spectre.Console;

namespace Kiseki.Engine.Tests.Cli;

public sealed partial class CliTests
{
    [Fact]
    public async Task Help_Snapshot()
    {
        var (code, text) = await RunAsync(["--help"]);
        Assert.Equal(0, code);
        Snapshot.Match(text);
    }

    [Fact]
    public async Task RunHelp_Snapshot()
    {
        var (code, text) = await RunAsync(["run", "--help"]);
        Assert.Equal(0, code);
        Snapshot.Match(text);
    }

    [Fact]
    public async Task Plan_AfterParameterChange_Snapshot()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", EngineHarness.SmallWorkflow);
        var (first, _) = await RunAsync(["run", path, "--jobs", "2", "--store", harness.StoreDirectory]);
        Assert.Equal(0, first);

        var (code, text) = await RunAsync(["plan", path, "--set", "base=4", "--force", "noise", "--store", harness.StoreDirectory]);

        Assert.Equal(0, code);
        Snapshot.Match(Normalise(text, harness.Directory));
    }

    [Fact]
    public async Task Run_InvalidWorkflow_PrintsDiagnosticsAndExits2()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", """
            kiseki: 1
            name: broken
            steps:
              one:
                method: core.constant@1
                params: { valeu: 1.0 }
              two:
                method: core.summ@1
            """);

        var (code, text) = await RunAsync(["run", path]);

        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", text);
        Snapshot.Match(Normalise(text, harness.Directory));
    }

    [Fact]
    public async Task Run_FailingStep_Exit1AndNamesStep()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", """
            kiseki: 1
            name: failing
            steps:
              broken:
                method: core.fail@1
                params: { message: "no luck" }
              after:
                method: core.sum@1
                inputs: { a: "${broken.outputs.value}" }
            """);

        var (code, text) = await RunAsync(["run", path, "--store", harness.StoreDirectory]);

        Assert.Equal(1, code);
        Assert.Contains("failed: step 'broken' (core.fail@1): no luck", text);
        Assert.Contains("skipped: after", text);
    }

    internal static async Task<(int Code, string Text)> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var writer = new StringWriter(new StringBuilder());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 120;
        var code = await KisekiApp.RunAsync(args, console, cancellationToken);
        return (code, writer.ToString().Replace("\r\n", "\n"));
    }

    private static string Normalise(string text, string directory)
        => Hash().Replace(Ulid().Replace(text.Replace(directory, "<dir>"), "<run-id>"), "sha256:<hash>");

    [GeneratedRegex("sha256:[0-9a-f]{64}")]
    private static partial Regex Hash();

    [GeneratedRegex("\\b[0-7][0-9A-HJKMNP-TV-Z]{25}\\b")]
    private static partial Regex Ulid();
}
