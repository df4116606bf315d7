using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>The result of converting a YAML value to a parameter's CLR type: a value, or a coded problem.</summary>
public sealed record ParameterConversion(object? Value, string? Code, string? Message, string? Hint)
{
    public bool Succeeded => Code is null;

    internal static ParameterConversion Ok(object? value) => new(value, null, null, null);

    internal static ParameterConversion Fail(string code, string message, string? hint = null) => new(null, code, message, hint);
}

/// <summary>
/// Converts typed YAML values (as JSON) to the CLR type a <see cref="ParameterDescriptor"/> expects, with range and
/// choice checks. Integers widen to numbers; numbers never narrow to integers; text parameters accept scalars.
/// </summary>
public static class ParameterConverter
{
    public static ParameterConversion Convert(ParameterDescriptor parameter, JsonNode? value)
    {
        if (value is null)
        {
            return parameter.IsNullable
                ? ParameterConversion.Ok(null)
                : Type(parameter, value, "it is not optional; remove the line to use the default");
        }

        return parameter.Kind switch
        {
            ParameterKind.Integer => Scalar(parameter, value, v => Integer(v, int.MinValue, int.MaxValue) is { } l ? (int)l : null),
            ParameterKind.Long => Scalar(parameter, value, v => Integer(v, long.MinValue, long.MaxValue)),
            ParameterKind.Number => Scalar(parameter, value, v => Number(v)),
            ParameterKind.Boolean => Scalar(parameter, value, v => v is JsonValue b && b.TryGetValue<bool>(out var flag) ? flag : null),
            ParameterKind.Text => Scalar(parameter, value, v => v is JsonValue and not null ? ScalarValues.Format(v) : null),
            ParameterKind.Choice => Choice(parameter, value),
            ParameterKind.IntegerList => List(parameter, value, v => Integer(v, int.MinValue, int.MaxValue) is { } l ? (int)l : null, n => new int[n]),
            ParameterKind.NumberList => List(parameter, value, v => Number(v), n => new double[n]),
            ParameterKind.TextList => List(parameter, value, v => v is JsonValue ? ScalarValues.Format(v) : null, n => new string[n]),
            ParameterKind.NumberMatrix => Matrix(parameter, value),
            _ => Type(parameter, value),
        };
    }

    private static ParameterConversion Scalar(ParameterDescriptor parameter, JsonNode value, Func<JsonNode, object?> convert)
    {
        if (NonFinite(value))
        {
            return ParameterConversion.Fail(DiagnosticCodes.ParameterType,
                $"parameter '{parameter.Name}' must be a finite number, got {ScalarValues.Format(value)}");
        }

        var result = value is JsonValue ? convert(value) : null;
        if (result is null)
        {
            return Type(parameter, value);
        }

        return CheckRange(parameter, result, null) ?? ParameterConversion.Ok(result);
    }

    private static ParameterConversion List(
        ParameterDescriptor parameter, JsonNode value, Func<JsonNode, object?> convert, Func<int, Array> create)
    {
        if (value is not JsonArray array)
        {
            return Type(parameter, value, "write a list such as [1, 2, 3]");
        }

        var result = create(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var converted = item is JsonValue && !NonFinite(item) ? convert(item) : null;
            if (converted is null)
            {
                return ParameterConversion.Fail(DiagnosticCodes.ParameterType,
                    $"parameter '{parameter.Name}' expects {parameter.TypeName}; item {i + 1} is {ScalarValues.Describe(item)}");
            }

            if (CheckRange(parameter, converted, i) is { } failure)
            {
                return failure;
            }

            result.SetValue(converted, i);
        }

        return ParameterConversion.Ok(result);
    }

    private static ParameterConversion Matrix(ParameterDescriptor parameter, JsonNode value)
    {
        if (value is not JsonArray rows)
        {
            return Type(parameter, value, "write a list of lists such as [[1, 2], [3, 4]]");
        }

        var result = new double[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not JsonArray row)
            {
                return ParameterConversion.Fail(DiagnosticCodes.ParameterType,
                    $"parameter '{parameter.Name}' expects number[][]; row {r + 1} is {ScalarValues.Describe(rows[r])}");
            }

            result[r] = new double[row.Count];
            for (var c = 0; c < row.Count; c++)
            {
                if (row[c] is not JsonValue item || NonFinite(item) || Number(item) is not { } d)
                {
                    return ParameterConversion.Fail(DiagnosticCodes.ParameterType,
                        $"parameter '{parameter.Name}' expects number[][]; row {r + 1}, item {c + 1} is {ScalarValues.Describe(row[c])}");
                }

                if (CheckRange(parameter, d, c) is { } failure)
                {
                    return failure;
                }

                result[r][c] = d;
            }
        }

        return ParameterConversion.Ok(result);
    }

    private static ParameterConversion Choice(ParameterDescriptor parameter, JsonNode value)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : value is JsonValue ? ScalarValues.Format(value) : null;
        if (text is null)
        {
            return Type(parameter, value);
        }

        foreach (var member in Enum.GetValues(parameter.EnumType!).Cast<Enum>())
        {
            if (Names.OfChoice(member) == text)
            {
                return ParameterConversion.Ok(member);
            }
        }

        return ParameterConversion.Fail(DiagnosticCodes.InvalidChoice,
            $"parameter '{parameter.Name}' does not accept '{ScalarValues.Shorten(text)}'",
            DidYouMean.Suggest(text, parameter.Choices) is { } near
                ? $"did you mean '{near}'? choices: {string.Join(", ", parameter.Choices)}"
                : $"choices: {string.Join(", ", parameter.Choices)}");
    }

    private static ParameterConversion? CheckRange(ParameterDescriptor parameter, object value, int? index)
    {
        double number;
        switch (value)
        {
            case int i: number = i; break;
            case long l: number = l; break;
            case double d: number = d; break;
            default: return null;
        }

        if ((parameter.Minimum is { } min && number < min) || (parameter.Maximum is { } max && number > max))
        {
            var what = index is null ? "" : $" (item {index + 1})";
            return ParameterConversion.Fail(DiagnosticCodes.ParameterRange,
                $"parameter '{parameter.Name}' is {number.ToString("R", CultureInfo.InvariantCulture)}{what}, outside its range",
                $"allowed range: {Bound(parameter.Minimum)} to {Bound(parameter.Maximum)}");
        }

        return null;
    }

    private static string Bound(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "unbounded";

    private static long? Integer(JsonNode value, long min, long max)
    {
        if (value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number || ScalarValues.IsFloat(v))
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l) || (v.TryGetValue<int>(out var i) && (l = i) == i))
        {
            return l >= min && l <= max ? l : null;
        }

        return null;
    }

    private static double? Number(JsonNode value)
    {
        if (value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return double.IsFinite(d) ? d : null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<ulong>(out var ul))
        {
            return ul;
        }

        return v.TryGetValue<int>(out var i) ? i : null;
    }

    private static bool NonFinite(JsonNode value)
        => value is JsonValue v && v.TryGetValue<double>(out var d) && !double.IsFinite(d);

    private static ParameterConversion Type(ParameterDescriptor parameter, JsonNode? value, string? hint = null)
        => ParameterConversion.Fail(DiagnosticCodes.ParameterType,
            $"parameter '{parameter.Name}' expects {parameter.TypeName}, got {ScalarValues.Describe(value)}",
            hint ?? HintFor(parameter, value));

    private static string? HintFor(ParameterDescriptor parameter, JsonNode? value)
        => parameter.Kind is ParameterKind.Integer or ParameterKind.Long && value is JsonValue v && ScalarValues.IsFloat(v)
            ? "write a whole number without a decimal point"
            : value is JsonValue s && s.TryGetValue<string>(out _) && parameter.Kind is not ParameterKind.Text
                ? "remove the quotes if the value is a number or boolean"
                : null;
}
