using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Commands;

/// <summary>
/// Why a command step differs from its latest recorded execution: <see cref="RerunReason.CodeChanged"/> (command
/// template, outputs, a source file, its own executable file) or <see cref="RerunReason.EnvironmentChanged"/> (a line
/// of the probe's output, the executable found on PATH, the container digest), with a detail naming what changed.
/// </summary>
public static class CommandChanges
{
    /// <summary>The reasons and detail for <paramref name="step"/> against <paramref name="previous"/> (none for method steps or without history).</summary>
    public static (RerunReason Reasons, string? Detail) Compare(BoundStep step, ExecutionRecord? previous)
    {
        if (step.Command is not { } command || previous is null || JsonNode.Parse(previous.KeyComponents)?["command"] is not JsonObject before)
        {
            return (RerunReason.None, null);
        }

        return Compare(before, command.Fingerprint(step.DeclaredId).Components);
    }

    /// <summary>The reasons and detail between two <c>command</c> key components.</summary>
    public static (RerunReason Reasons, string? Detail) Compare(JsonObject before, JsonObject after)
    {
        var reasons = RerunReason.None;
        var details = new List<string>();
        foreach (var part in new[] { "argv", "shell", "outputs" })
        {
            if (!Same(before[part], after[part]))
            {
                reasons |= RerunReason.CodeChanged;
                details.Add(part == "argv" ? "command line changed" : $"{part} changed");
            }
        }

        var sourcesBefore = before["sources"] as JsonObject ?? [];
        var sourcesAfter = after["sources"] as JsonObject ?? [];
        foreach (var name in sourcesBefore.Select(p => p.Key).Union(sourcesAfter.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            if (!Same(sourcesBefore[name], sourcesAfter[name]))
            {
                reasons |= RerunReason.CodeChanged;
                details.Add($"source {name} changed");
            }
        }

        if (!Same(before["executable"], after["executable"]))
        {
            var path = after["executable"]?["path"]?.GetValue<string>() ?? "(container)";
            var samePath = Same(before["executable"]?["path"], after["executable"]?["path"]);
            reasons |= Path.IsPathRooted(path) ? RerunReason.EnvironmentChanged : RerunReason.CodeChanged;
            details.Add(samePath ? $"executable {path} changed (content)" : $"executable changed: {before["executable"]?["path"]} → {path}");
        }

        if (!Same(before["probe"], after["probe"]))
        {
            reasons |= RerunReason.EnvironmentChanged;
            details.Add(ProbeDetail(before["probe"]?["output"]?.GetValue<string>() ?? "", after["probe"]?["output"]?.GetValue<string>() ?? ""));
        }

        if (!Same(before["container"], after["container"]))
        {
            reasons |= RerunReason.EnvironmentChanged;
            details.Add($"container {before["container"]} → {after["container"]}");
        }

        return (reasons, details.Count == 0 ? null : string.Join("; ", details));
    }

    private static string ProbeDetail(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(none)";
            var y = i < b.Length ? b[i] : "(none)";
            if (x != y)
            {
                return $"probe line {i + 1}: '{Short(x)}' → '{Short(y)}'";
            }
        }

        return "probe output changed";
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static bool Same(JsonNode? a, JsonNode? b) => CanonicalJson.ToText(a) == CanonicalJson.ToText(b);
}
