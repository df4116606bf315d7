using System.Text.Json.Nodes;

namespace Kiseki.Provenance;

/// <summary>The <c>command</c> key component as flat named rows (<c>argv</c>, <c>source scripts/x.py</c>, <c>probe</c>, …) for explain, diff and lineage.</summary>
public static class CommandKeyRows
{
    /// <summary>Row name → value: argv (as one command line), shell, outputs, each source's hash, executable, probe argv and output, container.</summary>
    public static JsonObject Flatten(JsonObject? command)
    {
        var rows = new JsonObject();
        if (command is null)
        {
            return rows;
        }

        rows["argv"] = string.Join(' ', (command["argv"] as JsonArray ?? []).Select(a => ShellQuote(a?.GetValue<string>() ?? "")));
        if (command["shell"] is JsonValue shell && shell.GetValue<bool>())
        {
            rows["shell"] = true;
        }

        rows["outputs"] = command["outputs"]?.DeepClone();
        foreach (var (path, hash) in command["sources"] as JsonObject ?? [])
        {
            rows["source " + path] = hash?.DeepClone();
        }

        if (command["executable"] is JsonObject executable)
        {
            rows["executable"] = $"{executable["path"]} {executable["hash"]}";
        }

        if (command["probe"] is JsonObject probe)
        {
            rows["probe"] = string.Join(' ', (probe["argv"] as JsonArray ?? []).Select(a => ShellQuote(a?.GetValue<string>() ?? "")));
            rows["probe output"] = probe["output"]?.DeepClone();
        }

        if (command["container"] is JsonValue container)
        {
            rows["container"] = container.DeepClone();
        }

        return rows;
    }

    /// <summary>The rows of the <c>command</c> component of recorded key components (empty for method steps), values as text.</summary>
    public static IEnumerable<(string Name, string Value)> Of(string keyComponents)
        => Flatten(Parse(keyComponents)).Select(p => (p.Key, p.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : p.Value?.ToJsonString() ?? "null"));

    /// <summary><c>: COMMAND LINE</c> for a command step's recorded key components; empty for method steps.</summary>
    public static string Suffix(string keyComponents)
        => Parse(keyComponents) is { } command ? ": " + Flatten(command)["argv"]!.GetValue<string>() : "";

    private static JsonObject? Parse(string keyComponents)
    {
        try
        {
            return JsonNode.Parse(keyComponents)?["command"] as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>An argv item as a POSIX shell word: as is when it holds only safe characters, else single-quoted.</summary>
    public static string ShellQuote(string value)
        => value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=+:,%@".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
