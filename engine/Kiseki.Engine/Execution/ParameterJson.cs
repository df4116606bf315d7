using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Execution;

/// <summary>Rebuilds a typed parameter record from its canonical JSON (the inverse of <see cref="MethodDescriptor.CanonicalParameters"/>).</summary>
public static class ParameterJson
{
    /// <summary>The parameter record of <paramref name="method"/> holding the values of <paramref name="json"/> (absent keys keep their defaults).</summary>
    public static object ToRecord(MethodDescriptor method, JsonObject json)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in json)
        {
            var parameter = method.FindParameter(name)
                            ?? throw new ArgumentException($"{method.Reference} has no parameter '{name}'.", nameof(json));
            values[name] = node is null ? null : Convert(parameter, node);
        }

        return method.CreateParameters(values);
    }

    private static object Convert(ParameterDescriptor parameter, JsonNode node) => parameter.Kind switch
    {
        ParameterKind.Integer => checked((int)Integer(node)),
        ParameterKind.Long => Integer(node),
        ParameterKind.Number => Number(node),
        ParameterKind.Boolean => node.GetValue<bool>(),
        ParameterKind.Text => node.GetValue<string>(),
        ParameterKind.Choice => Choice(parameter, node.GetValue<string>()),
        ParameterKind.IntegerList => node.AsArray().Select(n => checked((int)Integer(n!))).ToArray(),
        ParameterKind.NumberList => node.AsArray().Select(n => Number(n!)).ToArray(),
        ParameterKind.NumberMatrix => node.AsArray().Select(r => r!.AsArray().Select(n => Number(n!)).ToArray()).ToArray(),
        ParameterKind.TextList => node.AsArray().Select(n => n!.GetValue<string>()).ToArray(),
        _ => throw new ArgumentException($"Parameter '{parameter.Name}' has unsupported kind {parameter.Kind}."),
    };

    private static long Integer(JsonNode node)
    {
        var value = node.AsValue();
        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        return value.TryGetValue<System.Text.Json.JsonElement>(out var element) ? element.GetInt64() : value.GetValue<long>();
    }

    private static double Number(JsonNode node)
    {
        var value = node.AsValue();
        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        return value.TryGetValue<System.Text.Json.JsonElement>(out var element) ? element.GetDouble() : Integer(node);
    }

    private static object Choice(ParameterDescriptor parameter, string name)
    {
        foreach (Enum value in Enum.GetValues(parameter.EnumType!))
        {
            if (Names.OfChoice(value) == name)
            {
                return value;
            }
        }

        throw new ArgumentException($"Parameter '{parameter.Name}': '{name}' is not one of {string.Join(", ", parameter.Choices)}.");
    }
}
