using System.Text.RegularExpressions;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>What a <c>${…}</c> expression refers to.</summary>
internal enum ReferenceKind
{
    Input,
    Parameter,
    StepOutput,
}

/// <summary>
/// A parsed <c>${inputs.x}</c>, <c>${params.x}</c> or <c>${step.outputs.port}</c> expression. A step reference may
/// name one matrix instance, <c>${sweep[components=2].outputs.maps}</c> (<see cref="Instance"/>): that selects the
/// instance instead of fanning the consumer out over the sweep, so results of a sweep can be gathered.
/// </summary>
internal sealed partial record WorkflowReference(ReferenceKind Kind, string Name, string? Port, string Text)
{
    /// <summary>The selected matrix instance id (<c>sweep[components=2]</c>), or null for the whole step.</summary>
    public string? Instance { get; init; }

    /// <summary>Parses a whole-scalar reference; null when the text is not one.</summary>
    public static WorkflowReference? ParseWhole(string text)
    {
        var match = WholePattern().Match(text);
        return match.Success ? FromBody(match.Groups[1].Value, text) : null;
    }

    /// <summary>True when the text contains <c>${</c> at all.</summary>
    public static bool ContainsExpression(string text) => text.Contains("${", StringComparison.Ordinal);

    /// <summary>Every <c>${…}</c> occurrence in a string (for interpolation).</summary>
    public static IEnumerable<Match> Occurrences(string text) => AnyPattern().Matches(text);

    public static WorkflowReference? FromBody(string body, string text)
    {
        var selected = InstancePattern().Match(body.Trim());
        if (selected.Success)
        {
            var selector = string.Join(",", selected.Groups[2].Value.Split(',').Select(p => string.Join("=", p.Split('=').Select(t => t.Trim()))));
            return new(ReferenceKind.StepOutput, selected.Groups[1].Value, selected.Groups[3].Value, text)
            {
                Instance = $"{selected.Groups[1].Value}[{selector}]",
            };
        }

        var parts = body.Trim().Split('.');
        return parts switch
        {
            ["inputs", var name] when IsName(name) => new(ReferenceKind.Input, name, null, text),
            ["params", var name] when IsName(name) => new(ReferenceKind.Parameter, name, null, text),
            [var step, "outputs", var port] when IsName(step) && IsName(port) => new(ReferenceKind.StepOutput, step, port, text),
            _ => null,
        };
    }

    public static bool IsName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex(@"^\$\{([^{}]*)\}$")]
    private static partial Regex WholePattern();

    [GeneratedRegex(@"\$\{([^{}]*)\}")]
    private static partial Regex AnyPattern();

    [GeneratedRegex(@"^([a-z][a-z0-9_]*)\[([^\[\]]+)\]\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)$")]
    private static partial Regex InstancePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
