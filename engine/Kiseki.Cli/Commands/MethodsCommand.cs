using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki methods [--json]</c>.</summary>
public class MethodsSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print JSON.")]
    public bool Json { get; init; }
}

/// <summary><c>kiseki methods</c>: every method of this build as <c>id@version</c> with its summary.</summary>
public sealed class MethodsCommand(MethodCatalog catalog, IAnsiConsole console) : Command<MethodsSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MethodsSettings settings, CancellationToken cancellationToken)
    {
        // A branch's default command is not handed the options written after the branch name (`methods --json`).
        if (settings.Json || context.Arguments.TakeWhile(a => a != "--").Contains("--json"))
        {
            var array = new JsonArray([.. catalog.Methods.Select(m => (JsonNode?)new JsonObject
            {
                ["id"] = m.Id,
                ["version"] = m.Version,
                ["reference"] = m.Reference.ToString(),
                ["summary"] = m.Summary,
            })]);
            console.Line(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        var width = catalog.Methods.Select(m => m.Reference.ToString().Length).DefaultIfEmpty(0).Max();
        foreach (var method in catalog.Methods)
        {
            console.Line($"{method.Reference.ToString().PadRight(width)}  {method.Summary}");
        }

        return 0;
    }
}
