using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Schema;

/// <summary>
/// The JSON schema of workflow files (<c>workflows/schema/kiseki-workflow.v1.json</c>): the hand-written structure
/// of the format plus, generated from a <see cref="MethodCatalog"/>, the method ids and each method's parameters with
/// their types, ranges, choices, defaults and descriptions, so editors complete and check them.
/// </summary>
/// <remarks>
/// Generation is idempotent: <see cref="Update"/> replaces only <c>$defs/method</c>, <c>$defs/methodParams</c> and the
/// step's method rules, so edits to the structure survive and regenerating an up-to-date file changes nothing.
/// </remarks>
public static class WorkflowSchema
{
    /// <summary>The schema file name, relative to the <c>workflows</c> folder.</summary>
    public const string RelativePath = "schema/kiseki-workflow.v1.json";

    /// <summary>The comment that makes the YAML language server (VS Code, Neovim, …) use the schema.</summary>
    public const string ModelineToken = "# yaml-language-server: $schema=";

    private const string ParameterReferencePattern = @"^\$\{params\.[A-Za-z_][A-Za-z0-9_-]*\}$";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema shipped with this build, with the methods of <paramref name="catalog"/>.</summary>
    public static string Generate(MethodCatalog catalog)
    {
        using var stream = typeof(WorkflowSchema).Assembly.GetManifestResourceStream("kiseki-workflow.v1.json")
                           ?? throw new InvalidOperationException("the workflow schema resource is missing from this build");
        using var reader = new StreamReader(stream);
        return Update(reader.ReadToEnd(), catalog);
    }

    /// <summary>Replaces the generated method parts of <paramref name="schemaJson"/> with those of <paramref name="catalog"/>.</summary>
    public static string Update(string schemaJson, MethodCatalog catalog)
    {
        var schema = JsonNode.Parse(schemaJson)!.AsObject();
        var defs = schema["$defs"]!.AsObject();
        var methods = catalog.Methods.OrderBy(m => m.Reference.ToString(), StringComparer.Ordinal).ToList();
        defs["parameterReference"] = new JsonObject
        {
            ["type"] = "string",
            ["pattern"] = ParameterReferencePattern,
            ["description"] = "A workflow parameter, ${params.name}.",
        };
        defs["method"] = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "id@version of a method of this build (kiseki methods lists them).",
            ["enum"] = new JsonArray([.. methods.Select(m => (JsonNode?)m.Reference.ToString())]),
        };
        defs["methodParams"] = new JsonObject(methods.Select(m => KeyValuePair.Create(m.Reference.ToString(), (JsonNode?)Parameters(m))));
        var step = (defs["methodStep"] ?? defs["step"])!.AsObject();
        var method = step["properties"]!["method"]!.AsObject();
        method.Clear();
        method["$ref"] = "#/$defs/method";
        step["allOf"] = new JsonArray([.. methods.Select(m => (JsonNode?)new JsonObject
        {
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject { ["method"] = new JsonObject { ["const"] = m.Reference.ToString() } },
                ["required"] = new JsonArray("method"),
            },
            ["then"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["params"] = new JsonObject { ["$ref"] = "#/$defs/methodParams/" + m.Reference },
                    ["inputs"] = new JsonObject { ["propertyNames"] = NameEnum(m.Inputs.Select(p => p.Name)) },
                    ["matrix"] = new JsonObject { ["propertyNames"] = NameEnum(m.Parameters.Select(p => p.Name)) },
                },
            },
        })]);
        return schema.ToJsonString(Options).Replace("\r\n", "\n") + "\n";
    }

    private static JsonObject NameEnum(IEnumerable<string> names) => new() { ["enum"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]) };

    private static JsonObject Parameters(MethodDescriptor method)
        => new()
        {
            ["type"] = "object",
            ["description"] = method.Summary,
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject(method.Parameters.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)Parameter(p)))),
        };

    private static JsonObject Parameter(ParameterDescriptor p)
    {
        var type = ValueSchema(p);
        if (p.IsNullable)
        {
            type = new JsonObject { ["anyOf"] = new JsonArray(type, new JsonObject { ["type"] = "null" }) };
        }

        var schema = new JsonObject
        {
            ["description"] = Describe(p),
            ["anyOf"] = new JsonArray(type, new JsonObject { ["$ref"] = "#/$defs/parameterReference" }),
        };
        if (p.DefaultValue is not null && ParameterValues.ToJson(p, p.DefaultValue) is { } value)
        {
            schema["default"] = value;
        }

        return schema;
    }

    private static string Describe(ParameterDescriptor p)
    {
        var range = p.Minimum is null && p.Maximum is null ? "" : $" Range {Bound(p.Minimum)}..{Bound(p.Maximum)}.";
        return $"{p.Description} ({p.TypeName}{(p.IsRequired ? ", required" : "")}).{range}".Trim();
    }

    private static string Bound(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static JsonObject ValueSchema(ParameterDescriptor p) => p.Kind switch
    {
        ParameterKind.Integer or ParameterKind.Long => Ranged("integer", p),
        ParameterKind.Number => Ranged("number", p),
        ParameterKind.Boolean => new JsonObject { ["type"] = "boolean" },
        ParameterKind.Text => new JsonObject { ["type"] = "string" },
        ParameterKind.Choice => new JsonObject { ["enum"] = new JsonArray([.. p.Choices.Select(c => (JsonNode?)c)]) },
        ParameterKind.IntegerList => Array(Ranged("integer", p)),
        ParameterKind.NumberList => Array(Ranged("number", p)),
        ParameterKind.NumberMatrix => Array(Array(Ranged("number", p))),
        ParameterKind.TextList => Array(new JsonObject { ["type"] = "string" }),
        _ => new JsonObject(),
    };

    private static JsonObject Array(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Ranged(string type, ParameterDescriptor p)
    {
        var schema = new JsonObject { ["type"] = type };
        if (p.Minimum is { } minimum && double.IsFinite(minimum))
        {
            schema["minimum"] = minimum;
        }

        if (p.Maximum is { } maximum && double.IsFinite(maximum))
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }
}
