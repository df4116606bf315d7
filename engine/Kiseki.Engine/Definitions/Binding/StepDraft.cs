using System.Text.Json.Nodes;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>A declared step as read, before matrix expansion. Null members mark parts that failed to bind.</summary>
internal sealed class StepDraft(string id, int index, SourceLocation location)
{
    public string Id { get; } = id;

    /// <summary>Declaration index (topological tie-break).</summary>
    public int Index { get; } = index;

    public SourceLocation Location { get; } = location;

    public MethodDescriptor? Method { get; set; }

    /// <summary>Input port → reference, in declaration order.</summary>
    public List<(string Port, WorkflowReference Reference, SourceLocation Location)> Inputs { get; } = [];

    /// <summary>Converted parameter values from <c>params</c>.</summary>
    public Dictionary<string, object?> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Matrix dimensions in declaration order: parameter name → converted values with their canonical JSON.</summary>
    public List<MatrixDimension> Matrix { get; } = [];

    public StepResources? Resources { get; set; }

    /// <summary>The command of a <c>command:</c> step (then <see cref="Method"/> is <c>kiseki.command@1</c>).</summary>
    public Commands.CommandStep? Command { get; set; }

    /// <summary>The bound <c>evaluate:</c> block of a search step, or null.</summary>
    public Campaigns.EvaluatorDeclaration? Evaluate { get; set; }

    /// <summary>The free-form <c>params</c> of a command step (canonical JSON after <c>${params.x}</c> substitution).</summary>
    public JsonObject CommandParameters { get; } = [];

    /// <summary>Declared ids of the steps this one reads from (valid references only).</summary>
    public IEnumerable<string> Upstream => Inputs
        .Where(i => i.Reference.Kind == ReferenceKind.StepOutput)
        .Select(i => i.Reference.Name)
        .Distinct(StringComparer.Ordinal);

    /// <summary>Declared ids read as whole steps (not as one selected matrix instance): these fan this step out.</summary>
    public IEnumerable<string> FanOutUpstream => Inputs
        .Where(i => i.Reference.Kind == ReferenceKind.StepOutput && i.Reference.Instance is null)
        .Select(i => i.Reference.Name)
        .Distinct(StringComparer.Ordinal);
}

/// <summary>One matrix dimension of a step: the parameter and its values (CLR value plus canonical JSON).</summary>
internal sealed record MatrixDimension(string Name, IReadOnlyList<(object? Value, JsonNode? Json)> Values);

/// <summary>One expanded step instance before it becomes a <see cref="BoundStep"/>.</summary>
internal sealed record StepInstance(StepDraft Draft, int Index, string Id, IReadOnlyList<KeyValuePair<string, JsonNode?>> Assignment)
{
    /// <summary>The bracket suffix of the id (<c>[components=2]</c>), empty for a single instance.</summary>
    public string Suffix => Id[Draft.Id.Length..];
}
