using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Reproduction;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki reproduce</c>.</summary>
public sealed class ReproduceSettings : CommandSettings
{
    [CommandArgument(0, "<CRATE>")]
    [Description("A crate written by `kiseki export --format rocrate` (.zip file or unpacked folder).")]
    public string Crate { get; init; } = "";

    [CommandOption("--store <DIR>")]
    [Description("The store the reproduction is recorded in (a zip is unpacked below it). Default: .kiseki in the current folder.")]
    public string? Store { get; init; }

    [CommandOption("--mirror <DIR>")]
    [Description("A folder searched by content hash for input files the crate does not carry (repeatable).")]
    public string[] Mirror { get; init; } = [];

    [CommandOption("-j|--jobs <N>")]
    [Description("Steps run at once. Default: the number of cores.")]
    public int? Jobs { get; init; }

    [CommandOption("--json")]
    [Description("Print the verdict as JSON.")]
    public bool Json { get; init; }
}

/// <summary><c>kiseki reproduce CRATE</c>: re-execute a published run from its crate and judge every output.</summary>
public sealed class ReproduceCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<ReproduceSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ReproduceSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Jobs is < 1)
        {
            throw new UsageException("--jobs must be at least 1.");
        }

        var target = StoreLocation.Resolve(settings.Store);
        try
        {
            var unpackTo = Path.Combine(target, "crates", Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(settings.Crate))
                                                          + "-" + Guid.NewGuid().ToString("N")[..8]);
            var crate = RunCrate.Open(CrateArchive.Open(settings.Crate, unpackTo), settings.Crate);
            var objects = ObjectStore.Open(target);
            using var store = LiteDbProvenanceStore.Open(target);
            var executor = new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(objects.Root, "scratch")));
            var request = new RunRequest
            {
                Mirrors = [.. settings.Mirror.Select(Path.GetFullPath)],
                Options = new RunOptions { Jobs = settings.Jobs ?? Environment.ProcessorCount },
                CommandLine = "kiseki " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            };
            if (!settings.Json)
            {
                console.Line($"reproducing run {crate.RunId} from {settings.Crate} into {target}");
            }

            var report = await new CrateReproducer(catalog).ReproduceAsync(crate, store, objects, executor, request, cancellationToken);
            report.Save(target);
            AuditCli.Print(console, settings.Json, report.ToJson(), report.ToLines());
            return report.Passed ? 0 : CliErrors.Failed;
        }
        catch (CrateException e)
        {
            console.Line("error: " + e.Message);
            return CliErrors.Failed;
        }
    }
}
