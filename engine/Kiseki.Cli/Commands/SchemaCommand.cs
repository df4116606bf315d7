using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Definitions.Schema;
using Kiseki.Engine.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki schema [--out FILE]</c>.</summary>
public sealed class SchemaSettings : CommandSettings
{
    [CommandOption("--out <FILE>")]
    [Description("Write the schema to FILE instead of printing it (e.g. workflows/schema/kiseki-workflow.v1.json).")]
    public string? Out { get; init; }
}

/// <summary><c>kiseki schema</c>: the workflow JSON schema with this build's method ids and parameters.</summary>
public sealed class SchemaCommand(MethodCatalog catalog, IAnsiConsole console) : Command<SchemaSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        var schema = WorkflowSchema.Generate(catalog);
        if (settings.Out is null)
        {
            console.Line(schema.TrimEnd('\n'));
            return 0;
        }

        var path = Path.GetFullPath(settings.Out);
        File.WriteAllText(path, schema);
        console.Line($"schema with {catalog.Methods.Count} methods written to {path}");
        return 0;
    }
}
