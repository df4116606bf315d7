using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki methods describe ID[@VERSION] [--json]</c>.</summary>
public sealed class MethodsDescribeSettings : MethodsSettings
{
    [CommandArgument(0, "<METHOD>")]
    [Description("A method id, optionally with @version (default: the newest version).")]
    public string Method { get; init; } = "";
}

/// <summary><c>kiseki methods describe</c>: summary, remarks, parameters (type, default, range, description) and ports.</summary>
public sealed class MethodsDescribeCommand(MethodCatalog catalog, IAnsiConsole console) : Command<MethodsDescribeSettings>
{
    /// <summary>Exit code when the method is unknown.</summary>
    public const int UnknownExitCode = 2;

    /// <inheritdoc />
    public override int Execute(CommandContext context, MethodsDescribeSettings settings, CancellationToken cancellationToken)
    {
        var method = Find(settings.Method);
        if (method is null)
        {
            var id = settings.Method.Split('@')[0];
            var versions = catalog.Versions(id);
            var hint = versions.Count > 0
                ? $"available: {string.Join(", ", versions.Select(v => v.Reference.ToString()))}"
                : DidYouMean.Hint(id, [.. catalog.Methods.Select(m => m.Id).Distinct()], "methods");
            throw new UsageException($"unknown method '{settings.Method}' ({hint})");
        }

        if (settings.Json)
        {
            console.Line(ToJson(method).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        var lines = new List<string> { $"{method.Reference}  {method.Summary}" };
        if (method.Remarks.Length > 0)
        {
            lines.Add("");
            lines.Add(method.Remarks);
        }

        lines.Add("");
        lines.Add("parameters:");
        lines.AddRange(method.Parameters.Count == 0 ? ["  (none)"] : method.Parameters.Select(Describe));
        lines.Add("inputs:");
        lines.AddRange(method.Inputs.Count == 0 ? ["  (none)"] : method.Inputs.Select(Describe));
        lines.Add("outputs:");
        lines.AddRange(method.Outputs.Count == 0 ? ["  (none)"] : method.Outputs.Select(Describe));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"resources: cpus {method.Attribute.Cpus}, memory {method.Attribute.MemoryMb}M, time {method.Attribute.TimeMinutes}m"));
        foreach (var line in lines)
        {
            console.Line(line);
        }

        return 0;
    }

    private MethodDescriptor? Find(string text)
    {
        if (MethodRef.TryParse(text, out var reference))
        {
            return catalog.TryGet(reference, out var descriptor) ? descriptor : null;
        }

        var versions = catalog.Versions(text);
        return versions.Count > 0 ? versions[^1] : null;
    }

    private static string Describe(ParameterDescriptor p)
    {
        var details = new List<string> { p.TypeName };
        details.Add(p.IsRequired ? "required" : $"default {DefaultText(p)}");
        if (p.Minimum is not null || p.Maximum is not null)
        {
            details.Add($"range {Bound(p.Minimum)}..{Bound(p.Maximum)}");
        }

        return $"  {p.Name} ({string.Join(", ", details)})" + (p.Description.Length > 0 ? $": {p.Description}" : "");
    }

    private static string Describe(PortDescriptor p)
        => $"  {p.Name} ({p.ArtifactKind}{(p.IsOptional ? ", optional" : "")})" + (p.Description.Length > 0 ? $": {p.Description}" : "");

    private static string DefaultText(ParameterDescriptor p)
        => p.DefaultValue is null ? "none" : ParameterValues.ToJson(p, p.DefaultValue)?.ToJsonString() ?? "none";

    private static string Bound(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static JsonObject ToJson(MethodDescriptor method) => new()
    {
        ["id"] = method.Id,
        ["version"] = method.Version,
        ["reference"] = method.Reference.ToString(),
        ["summary"] = method.Summary,
        ["remarks"] = method.Remarks,
        ["relative_tolerance"] = method.Attribute.RelativeTolerance,
        ["resources"] = new JsonObject
        {
            ["cpus"] = method.Attribute.Cpus,
            ["memory_mb"] = method.Attribute.MemoryMb,
            ["time_minutes"] = method.Attribute.TimeMinutes,
        },
        ["parameters"] = new JsonArray([.. method.Parameters.Select(p => (JsonNode?)new JsonObject
        {
            ["name"] = p.Name,
            ["type"] = p.TypeName,
            ["required"] = p.IsRequired,
            ["optional"] = p.IsNullable,
            ["default"] = p.DefaultValue is null ? null : ParameterValues.ToJson(p, p.DefaultValue),
            ["minimum"] = p.Minimum,
            ["maximum"] = p.Maximum,
            ["choices"] = p.Choices.Count == 0 ? null : new JsonArray([.. p.Choices.Select(c => (JsonNode?)c)]),
            ["description"] = p.Description,
        })]),
        ["inputs"] = Ports(method.Inputs),
        ["outputs"] = Ports(method.Outputs),
    };

    private static JsonArray Ports(IReadOnlyList<PortDescriptor> ports)
        => new([.. ports.Select(p => (JsonNode?)new JsonObject
        {
            ["name"] = p.Name,
            ["kind"] = p.ArtifactKind,
            ["optional"] = p.IsOptional,
            ["description"] = p.Description,
        })]);
}
