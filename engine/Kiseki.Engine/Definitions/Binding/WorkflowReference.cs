using System.Text.RegularExpressions;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>What a <c>${…}</c> expression refers to.</summary>
internal enum ReferenceKind
{
    Input,
    Parameter,
    StepOutput,
}

/// <summary>A parsed <c>${inputs.x}</c>, <c>${params.x}</c> or <c>${step.outputs.port}</c> expression.</summary>
internal sealed partial record WorkflowReference(ReferenceKind Kind, string Name, string? Port, string Text)
{
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

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
