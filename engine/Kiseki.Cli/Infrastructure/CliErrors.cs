using System.Text.Json.Nodes;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Provenance;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Infrastructure;

/// <summary>
/// Renders user errors as plain messages with the exit codes of the README (2 invalid workflow or usage, 1 otherwise,
/// 130 cancelled); never a stack trace for them. With <c>--json</c> the error is one JSON document.
/// </summary>
internal static class CliErrors
{
    public const int Failed = 1;
    public const int Invalid = 2;
    public const int Cancelled = 130;

    public static int Handle(Exception exception, IAnsiConsole console, UsageContext? usage = null)
    {
        var json = usage?.Json == true;
        switch (exception)
        {
            case WorkflowException workflow:
                var errors = workflow.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                if (json)
                {
                    console.Line(new JsonObject
                    {
                        ["valid"] = false,
                        ["error"] = $"{errors} error(s); nothing was run.",
                        ["diagnostics"] = new JsonArray([.. workflow.Diagnostics.Select(d => (JsonNode?)DiagnosticJson(d))]),
                    }.ToJsonString(Kiseki.Cli.Commands.Audit.AuditCli.Indented));
                    return Invalid;
                }

                foreach (var diagnostic in workflow.Diagnostics)
                {
                    console.Line(diagnostic.ToString());
                }

                console.Line($"{errors} error(s); nothing was run.");
                return Invalid;
            case CommandParseException when usage?.UnknownOptionMessage() is { } unknown:
                return Report(console, json, unknown, Invalid);
            case InputException or UsageException or CommandAppException:
                return Report(console, json, exception.Message, Invalid);
            case ProvenanceStoreException or Kiseki.Engine.Audit.AuditException or ObjectStoreException or IOException or UnauthorizedAccessException
                or InvalidDataException or Kiseki.Methods.Io.FileFormatException:
                return Report(console, json, exception.Message, Failed);
            case OperationCanceledException:
                return Report(console, json, "cancelled", Cancelled, prefix: "");
            default:
                return Report(console, json, $"internal error: {exception}", Failed, prefix: "");
        }
    }

    /// <summary>Prints <c>error: message</c>, or <c>{"error": message, "exit_code": code}</c> with --json; returns <paramref name="code"/>.</summary>
    public static int Report(IAnsiConsole console, bool json, string message, int code, string prefix = "error: ")
    {
        console.Line(json
            ? new JsonObject { ["error"] = message, ["exit_code"] = code }.ToJsonString(Kiseki.Cli.Commands.Audit.AuditCli.Indented)
            : prefix + message);
        return code;
    }

    /// <summary>One diagnostic as JSON: code, severity, file, line, column, message, hint.</summary>
    public static JsonObject DiagnosticJson(Diagnostic d)
        => new()
        {
            ["code"] = d.Code,
            ["severity"] = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
            ["file"] = d.Location.File,
            ["line"] = d.Location.Line,
            ["column"] = d.Location.Column,
            ["message"] = d.Message,
            ["hint"] = d.Hint,
        };
}
