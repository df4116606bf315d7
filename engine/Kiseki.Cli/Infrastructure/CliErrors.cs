using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Provenance;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Infrastructure;

/// <summary>Renders user errors as plain messages with exit codes (2 invalid workflow or usage, 1 otherwise); never a stack trace for them.</summary>
internal static class CliErrors
{
    public const int Failed = 1;
    public const int Invalid = 2;

    public static int Handle(Exception exception, IAnsiConsole console)
    {
        switch (exception)
        {
            case WorkflowException workflow:
                foreach (var diagnostic in workflow.Diagnostics)
                {
                    console.Line(diagnostic.ToString());
                }

                console.Line($"{workflow.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s); nothing was run.");
                return Invalid;
            case InputException or UsageException or CommandAppException:
                console.Line("error: " + exception.Message);
                return Invalid;
            case ProvenanceStoreException or ObjectStoreException or IOException or UnauthorizedAccessException
                or InvalidDataException or Kiseki.Methods.Io.FileFormatException:
                console.Line("error: " + exception.Message);
                return Failed;
            case OperationCanceledException:
                console.Line("cancelled");
                return 130;
            default:
                console.Line($"internal error: {exception}");
                return Failed;
        }
    }
}

/// <summary>A command was used wrongly (bad argument value); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
