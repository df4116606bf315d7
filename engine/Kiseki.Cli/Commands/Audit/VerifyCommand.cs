using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki verify</c>.</summary>
public sealed class VerifySettings : StoreSettings
{
    [CommandArgument(0, "[RUN]")]
    [Description("The run (id or unique prefix). Without it, the whole store is checked: every record against its SHA-256 seal, every finished run's chain, every object.")]
    public string? Run { get; init; }

    [CommandOption("--execute")]
    [Description("Re-execute every step in a scratch store and compare each output (identical, within tolerance, different).")]
    public bool Execute { get; init; }

    [CommandOption("--mirror <DIR>")]
    [Description("A folder searched by content hash for external input files (repeatable).")]
    public string[] Mirror { get; init; } = [];

    [CommandOption("--threads <N>")]
    [Description("Threads each re-executed step may use. Default: the number of cores.")]
    public int? Threads { get; init; }
}

/// <summary><c>kiseki verify RUN [--execute]</c>: re-hash outputs; optionally recompute and compare. Exit 1 when anything fails.</summary>
public sealed class VerifyCommand(IAnsiConsole console, Engine.Methods.MethodCatalog catalog) : AsyncCommand<VerifySettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, VerifySettings settings, CancellationToken cancellationToken)
        => AuditCli.RunAsync(console, settings.Store, async store =>
        {
            if (string.IsNullOrWhiteSpace(settings.Run))
            {
                var whole = new StoreVerifier(store).Verify(cancellationToken);
                AuditCli.Print(console, settings.Json, whole.ToJson(), whole.ToLines());
                return whole.Passed ? 0 : 1;
            }

            var scratch = Path.Combine(Path.GetTempPath(), "kiseki-verify-" + Guid.NewGuid().ToString("N"));
            try
            {
                var reexecutor = settings.Execute
                    ? new StepReexecutor(store, catalog, scratch, [.. settings.Mirror.Select(Path.GetFullPath)], settings.Threads ?? 0)
                    : null;
                var report = await new RunVerifier(store).VerifyAsync(settings.Run, reexecutor, cancellationToken);
                AuditCli.Print(console, settings.Json, report.ToJson(), report.ToLines());
                return report.Passed ? 0 : 1;
            }
            finally
            {
                if (Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
        });
}
