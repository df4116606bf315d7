using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>One component of a step key that differs between two executions.</summary>
/// <param name="Component"><c>method</c>, <c>version</c>, <c>parameter</c>, <c>input</c>, <c>seed</c> or <c>key</c>.</param>
/// <param name="Name">The parameter or input port name (the method id for <c>method</c>/<c>version</c>).</param>
/// <param name="Before">The earlier value as compact JSON; null when absent.</param>
/// <param name="After">The later value as compact JSON; null when absent.</param>
public sealed record KeyChange(string Component, string Name, string? Before, string? After)
{
    /// <summary>A line such as <c>parameter components: 3 → 4</c>.</summary>
    public override string ToString() => Component switch
    {
        "method" => $"method: {Before} → {After}",
        "version" => $"method version of {Name}: {Before} → {After}",
        "seed" => $"seed: {Before} → {After}",
        _ => $"{Component} {Name}: {Before ?? "(absent)"} → {After ?? "(absent)"}",
    };

    /// <summary>The change as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["component"] = Component,
        ["name"] = Name,
        ["before"] = Before,
        ["after"] = After,
    };
}

/// <summary>The parsed components of a step key: <c>{key, method:{id,version}, params, inputs, seed}</c>.</summary>
public sealed record KeyComponents(string KeyVersion, string MethodId, long MethodVersion, JsonObject Parameters, JsonObject Inputs, string Seed)
{
    /// <summary>Parses the canonical JSON recorded with an execution.</summary>
    public static KeyComponents Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw AuditException.MalformedKeyComponents();
        var method = root["method"] as JsonObject ?? [];
        return new KeyComponents(
            root["key"]?.ToString() ?? "",
            method["id"]?.ToString() ?? "",
            method["version"] is JsonValue v && v.TryGetValue<long>(out var version) ? version : 0,
            root["params"] as JsonObject ?? [],
            root["inputs"] as JsonObject ?? [],
            root["seed"]?.ToJsonString() ?? "")
        {
            Command = root["command"] as JsonObject,
        };
    }

    /// <summary>The code and environment of a command step (argv, sources, executable, probe, container); null for method steps.</summary>
    public JsonObject? Command { get; init; }

    /// <summary>Exactly which components differ from <paramref name="before"/> to this one.</summary>
    public IReadOnlyList<KeyChange> ChangesFrom(KeyComponents before)
    {
        var changes = new List<KeyChange>();
        if (before.KeyVersion != KeyVersion)
        {
            changes.Add(new KeyChange("key", "format", before.KeyVersion, KeyVersion));
        }

        if (before.MethodId != MethodId)
        {
            changes.Add(new KeyChange("method", MethodId, $"{before.MethodId}@{Num(before.MethodVersion)}", $"{MethodId}@{Num(MethodVersion)}"));
        }
        else if (before.MethodVersion != MethodVersion)
        {
            changes.Add(new KeyChange("version", MethodId, Num(before.MethodVersion), Num(MethodVersion)));
        }

        changes.AddRange(Compare("parameter", before.Parameters, Parameters));
        changes.AddRange(Compare("input", before.Inputs, Inputs));
        if (before.Seed != Seed)
        {
            changes.Add(new KeyChange("seed", "seed", before.Seed, Seed));
        }

        changes.AddRange(Compare("command", CommandKeyRows.Flatten(before.Command), CommandKeyRows.Flatten(Command)));
        return changes;
    }

    /// <summary>The components as a flat list of (component, name, value) rows for display.</summary>
    public IEnumerable<(string Component, string Name, string Value)> Rows()
    {
        yield return ("method", MethodId, $"{MethodId}@{Num(MethodVersion)}");
        foreach (var (name, value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return ("parameter", name, value?.ToJsonString() ?? "null");
        }

        foreach (var (name, value) in Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return ("input", name, value?.ToString() ?? "null");
        }

        yield return ("seed", "seed", Seed);
        foreach (var (name, value) in CommandKeyRows.Flatten(Command))
        {
            yield return ("command", name, Text(value));
        }
    }

    /// <summary>Changes between two JSON objects, key by key (ordinal order).</summary>
    public static IEnumerable<KeyChange> Compare(string component, JsonObject before, JsonObject after)
    {
        var names = before.Select(p => p.Key).Union(after.Select(p => p.Key)).OrderBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var a = before.TryGetPropertyValue(name, out var x) ? Text(x) : null;
            var b = after.TryGetPropertyValue(name, out var y) ? Text(y) : null;
            if (a != b)
            {
                yield return new KeyChange(component, name, a, b);
            }
        }
    }

    private static string Text(JsonNode? node)
        => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "null";

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
