using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki exec-step</c>.</summary>
public sealed class ExecStepSettings : CommandSettings
{
    [CommandArgument(0, "<SPEC>")]
    [Description("The step spec JSON file (method, params, input hashes, seed, store, result path).")]
    public string Spec { get; init; } = "";
}

/// <summary>
/// <c>kiseki exec-step SPEC</c>: runs one planned step from a spec file, writing objects into the object store and a
/// result JSON file. Never opens the provenance database (safe on cluster nodes).
/// </summary>
public sealed class ExecStepCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<ExecStepSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ExecStepSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Spec))
        {
            throw new UsageException($"spec file '{settings.Spec}' does not exist.");
        }

        var outcome = await StepSpec.ExecuteFileAsync(Path.GetFullPath(settings.Spec), catalog, cancellationToken);
        if (outcome.Error is not null)
        {
            console.Line(outcome.Error);
        }

        return outcome.Status switch
        {
            StepOutcomeStatus.Succeeded => 0,
            StepOutcomeStatus.Cancelled => 130,
            _ => 1,
        };
    }
}
