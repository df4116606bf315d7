using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki validate FILE [--set k=v]... [--json]</c>.</summary>
public sealed class ValidateSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The workflow YAML file.")]
    public string File { get; init; } = "";

    [CommandOption("--set <NAME=VALUE>")]
    [Description("Override a workflow parameter (repeatable), e.g. --set components=5.")]
    public string[] Set { get; init; } = [];

    [CommandOption("--json")]
    [Description("Print JSON: {valid, diagnostics:[[{code, severity, file, line, column, message, hint}]], steps}.")]
    public bool Json { get; init; }
}

/// <summary>
/// <c>kiseki validate</c>: reads and binds a workflow without running anything. Prints every problem as
/// <c>file:line:col: error KSK0101: message (hint)</c>; exit code 0 when valid, 2 when not.
/// </summary>
public sealed class ValidateCommand(MethodCatalog catalog, IAnsiConsole console) : Command<ValidateSettings>
{
    /// <summary>Exit code of an invalid workflow.</summary>
    public const int InvalidExitCode = 2;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        WorkflowDefinition? definition = null;
        IReadOnlyList<Diagnostic> diagnostics;
        try
        {
            definition = WorkflowLoader.Load(settings.File, catalog, BindOptions.FromAssignments(settings.Set));
            diagnostics = [];
        }
        catch (WorkflowException e)
        {
            diagnostics = e.Diagnostics;
        }

        if (settings.Json)
        {
            console.Line(ToJson(definition, diagnostics).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            foreach (var diagnostic in diagnostics)
            {
                console.Line(diagnostic.ToString());
            }

            if (definition is not null)
            {
                console.Line(
                    $"{definition.SourcePath}: valid workflow '{definition.Name}' with {definition.Steps.Count} step(s)");
            }
            else
            {
                console.Line($"{diagnostics.Count} problem(s) found");
            }
        }

        return definition is null ? InvalidExitCode : 0;
    }

    private static JsonObject ToJson(WorkflowDefinition? definition, IReadOnlyList<Diagnostic> diagnostics) => new()
    {
        ["valid"] = definition is not null,
        ["name"] = definition?.Name,
        ["steps"] = definition is null ? null : new JsonArray([.. definition.Steps.Select(s => (JsonNode?)new JsonObject
        {
            ["id"] = s.Id,
            ["method"] = s.Method.Reference.ToString(),
            ["dependencies"] = new JsonArray([.. s.Dependencies.Select(d => (JsonNode?)d)]),
        })]),
        ["diagnostics"] = new JsonArray([.. diagnostics.Select(d => (JsonNode?)CliErrors.DiagnosticJson(d))]),
    };
}
