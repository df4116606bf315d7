using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Shared plumbing of the audit verbs: a read-only store, plain error messages, JSON output.</summary>
internal static class AuditCli
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Opens the store read-only and runs <paramref name="body"/>; audit problems reach <see cref="CliErrors"/> (exit 1).</summary>
    public static int Run(IAnsiConsole console, string? storeOption, Func<AuditStore, int> body)
    {
        _ = console;
        var root = StoreLocation.Resolve(storeOption);
        using var provenance = LiteDbProvenanceStore.Open(root, new ProvenanceOpenOptions { ReadOnly = true });
        return body(new AuditStore(provenance, root));
    }

    /// <summary>The async form of <see cref="Run"/>.</summary>
    public static async Task<int> RunAsync(IAnsiConsole console, string? storeOption, Func<AuditStore, Task<int>> body)
    {
        _ = console;
        var root = StoreLocation.Resolve(storeOption);
        using var provenance = LiteDbProvenanceStore.Open(root, new ProvenanceOpenOptions { ReadOnly = true });
        return await body(new AuditStore(provenance, root));
    }

    public static void Print(IAnsiConsole console, bool json, JsonNode node, IEnumerable<string> lines)
    {
        if (json)
        {
            console.Line(node.ToJsonString(Indented));
            return;
        }

        foreach (var line in lines)
        {
            console.Line(line);
        }
    }
}
