using System.Security.Cryptography;
using System.Text;
using Kiseki.Cli;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Spectre.Console;

namespace Kiseki.Engine.Tests.Audit;

/// <summary>Two recorded runs of the small workflow (base=2, then base=4) in a temporary store.</summary>
public sealed class AuditFixture : IDisposable
{
    private AuditFixture(EngineHarness harness, RunResult first, RunResult second)
    {
        Harness = harness;
        First = first;
        Second = second;
        Store = new AuditStore(harness.Provenance, harness.StoreDirectory);
    }

    public EngineHarness Harness { get; }

    public RunResult First { get; }

    public RunResult Second { get; }

    public AuditStore Store { get; }

    public string FirstId => First.Summary.RunId;

    public string SecondId => Second.Summary.RunId;

    public static async Task<AuditFixture> CreateAsync()
    {
        var harness = new EngineHarness();
        var first = await harness.RunAsync(harness.Load(EngineHarness.SmallWorkflow));
        var second = await harness.RunAsync(harness.Load(EngineHarness.SmallWorkflow.Replace("seed: 7", "seed: 7\ndescription: second"), "base=4"));
        Assert.Equal(0, first.Summary.ExitCode);
        Assert.Equal(0, second.Summary.ExitCode);
        return new AuditFixture(harness, first, second);
    }

    /// <summary>Runs the CLI with <c>--store</c> pointing at the fixture's store.</summary>
    public async Task<(int Code, string Text)> CliAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        var code = await KisekiApp.RunAsync([.. args, "--store", Harness.StoreDirectory], console);
        return (code, writer.ToString());
    }

    /// <summary>A digest of every file under the store folder (names and contents).</summary>
    public string StoreDigest()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Harness.StoreDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetRelativePath(Harness.StoreDirectory, file)).Append(' ')
                .Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        }

        return text.ToString();
    }

    public void Dispose() => Harness.Dispose();
}
