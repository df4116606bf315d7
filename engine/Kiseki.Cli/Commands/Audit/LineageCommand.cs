using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki lineage</c>.</summary>
public sealed class LineageSettings : StoreSettings
{
    [CommandArgument(0, "<ARTIFACT>")]
    [Description("An artifact hash or unique prefix, or STEP.PORT (an output of a step).")]
    public string Artifact { get; init; } = "";

    [CommandOption("--run <RUN>")]
    [Description("With STEP.PORT: the run (id or unique prefix). Default: the newest run that has the step.")]
    public string? Run { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("text (an indented tree) or dot (Graphviz).")]
    [DefaultValue("text")]
    public string Format { get; init; } = "text";
}

/// <summary><c>kiseki lineage ARTIFACT</c>: the upstream graph of an artifact down to the external inputs.</summary>
public sealed class LineageCommand(IAnsiConsole console) : Command<LineageSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, LineageSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Format is not ("text" or "dot"))
        {
            throw new UsageException($"--format '{settings.Format}' is not known; use text or dot.");
        }

        return AuditCli.Run(console, settings.Store, store =>
        {
            var builder = new LineageBuilder(store);
            var root = builder.Build(builder.Resolve(settings.Artifact.Trim(), settings.Run));
            console.Line(settings.Json ? LineageBuilder.ToJson(root).ToJsonString(AuditCli.Indented)
                : settings.Format == "dot" ? LineageBuilder.ToDot(root) : LineageBuilder.ToText(root));
            return 0;
        });
    }
}
