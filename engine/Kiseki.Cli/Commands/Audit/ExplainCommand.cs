using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki explain</c>.</summary>
public sealed class ExplainSettings : StoreSettings
{
    [CommandArgument(0, "<STEP>")]
    [Description("The step id (a matrix instance id such as nmf[[components=3]]).")]
    public string Step { get; init; } = "";

    [CommandOption("--run <RUN>")]
    [Description("The run (id or unique prefix). Default: the newest run that has the step.")]
    public string? Run { get; init; }
}

/// <summary><c>kiseki explain STEP</c>: the step key components and what changed since the previous execution.</summary>
public sealed class ExplainCommand(IAnsiConsole console) : Command<ExplainSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExplainSettings settings, CancellationToken cancellationToken)
        => AuditCli.Run(console, settings.Store, store =>
        {
            var explanation = new StepExplainer(store).Explain(settings.Step.Trim(), settings.Run);
            AuditCli.Print(console, settings.Json, explanation.ToJson(), explanation.ToLines());
            return 0;
        });
}
