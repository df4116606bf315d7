namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Options of one binding: workflow parameter overrides from <c>--set name=value</c>.</summary>
public sealed record BindOptions
{
    /// <summary>No overrides.</summary>
    public static BindOptions Default { get; } = new();

    /// <summary>Workflow parameter name → value text, parsed as a YAML value (<c>5</c> is an integer, <c>[2, 3]</c> a list).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Options from <c>--set</c> arguments written <c>name=value</c> (the last of repeated names wins). Throws a
    /// <see cref="WorkflowException"/> (KSK0303) listing every malformed assignment.
    /// </summary>
    public static BindOptions FromAssignments(IEnumerable<string> assignments)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var bag = new DiagnosticBag();
        var index = 0;
        foreach (var assignment in assignments)
        {
            index++;
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? "" : assignment[..equals].Trim();
            if (name.Length == 0)
            {
                bag.Error(DiagnosticCodes.MalformedOverride, OverrideLocation(index),
                    $"'--set {assignment}' is not an assignment", "write --set name=value, e.g. --set components=5");
                continue;
            }

            overrides[name] = assignment[(equals + 1)..];
        }

        bag.ThrowIfErrors();
        return new BindOptions { Overrides = overrides };
    }

    /// <summary>The location given to problems of the n-th <c>--set</c> argument (1-based).</summary>
    internal static SourceLocation OverrideLocation(int index) => new("--set", 1, index);
}
