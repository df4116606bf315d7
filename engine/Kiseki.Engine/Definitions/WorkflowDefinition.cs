using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions;

/// <summary>
/// A bound, validated workflow: typed steps (matrix expanded) in topological order. Only the binder creates one.
/// </summary>
public sealed class WorkflowDefinition
{
    internal WorkflowDefinition(
        string name, string? description, string sourcePath, string text, ulong seed,
        IReadOnlyDictionary<string, JsonNode?> parameters, IReadOnlyList<ExternalInput> inputs,
        IReadOnlyList<BoundStep> steps, IReadOnlyList<PublishEntry> publish)
    {
        Name = name;
        Description = description;
        SourcePath = sourcePath;
        Text = text;
        TextHash = ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(text));
        Seed = seed;
        Parameters = parameters;
        Inputs = inputs;
        Steps = steps;
        Publish = publish;
    }

    public string Name { get; }

    public string? Description { get; }

    /// <summary>Absolute path of the workflow file.</summary>
    public string SourcePath { get; }

    /// <summary>The exact workflow text as read.</summary>
    public string Text { get; }

    public ContentHash TextHash { get; }

    /// <summary>The root seed.</summary>
    public ulong Seed { get; }

    /// <summary>Workflow parameters after <c>--set</c> overrides (canonical JSON values).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Parameters { get; }

    public IReadOnlyList<ExternalInput> Inputs { get; }

    /// <summary>Steps in a deterministic topological order (matrix instances expanded).</summary>
    public IReadOnlyList<BoundStep> Steps { get; }

    public IReadOnlyList<PublishEntry> Publish { get; }

    public BoundStep? FindStep(string id) => Steps.FirstOrDefault(s => s.Id == id);
}

/// <summary>An external input file of the workflow, optionally pinned by sha256 and resolvable by URL.</summary>
public sealed record ExternalInput(string Name, string Path, ContentHash? Sha256, Uri? Url, SourceLocation Location)
{
    /// <summary>
    /// The artifact kind steps receive: <c>file</c> for workflow inputs; an invocation's typed input (an array read
    /// from <c>.npy</c>, …) is already in the object store under its resolved hash.
    /// </summary>
    public string Kind { get; init; } = ArtifactKind.File;
}

/// <summary>Where a step input comes from.</summary>
public abstract record InputBinding;

/// <summary>An external workflow input (<c>${inputs.name}</c>).</summary>
public sealed record ExternalInputBinding(string InputName) : InputBinding;

/// <summary>An output of another step (<c>${step.outputs.port}</c>).</summary>
public sealed record StepOutputBinding(string StepId, string Port) : InputBinding;

/// <summary>Scheduler resources of a step (YAML <c>resources</c>, defaulting to the method's).</summary>
public sealed record StepResources(int Cpus, int MemoryMb, int TimeMinutes);

/// <summary>One step instance bound to a method, with typed parameters and resolved input bindings.</summary>
public sealed class BoundStep
{
    internal BoundStep(
        string id, string declaredId, IReadOnlyDictionary<string, JsonNode?> matrixValues, MethodDescriptor method,
        object parameters, IReadOnlyDictionary<string, InputBinding> inputs, IReadOnlyList<string> dependencies,
        ulong seed, StepResources resources, SourceLocation location, Commands.CommandStep? command = null,
        Campaigns.EvaluatorDeclaration? evaluate = null)
    {
        Id = id;
        DeclaredId = declaredId;
        MatrixValues = matrixValues;
        Method = method;
        Parameters = parameters;
        CanonicalParameters = parameters is JsonObject json ? (JsonObject)json.DeepClone() : method.CanonicalParameters(parameters);
        Command = command;
        Evaluate = evaluate;
        Inputs = inputs;
        Dependencies = dependencies;
        Seed = seed;
        Resources = resources;
        Location = location;
    }

    /// <summary>Instance id: the declared id, plus <c>[name=value,…]</c> for matrix instances.</summary>
    public string Id { get; }

    /// <summary>The id as written under <c>steps:</c>.</summary>
    public string DeclaredId { get; }

    /// <summary>The matrix values of this instance (empty when the step has no matrix).</summary>
    public IReadOnlyDictionary<string, JsonNode?> MatrixValues { get; }

    public MethodDescriptor Method { get; }

    /// <summary>The typed parameter record, defaults applied.</summary>
    public object Parameters { get; }

    /// <summary>Canonical JSON of <see cref="Parameters"/> (every parameter, defaults applied).</summary>
    public JsonObject CanonicalParameters { get; }

    /// <summary>Input port → binding.</summary>
    public IReadOnlyDictionary<string, InputBinding> Inputs { get; }

    /// <summary>Ids of the step instances this one reads from, sorted.</summary>
    public IReadOnlyList<string> Dependencies { get; }

    /// <summary>The derived step seed.</summary>
    public ulong Seed { get; }

    public StepResources Resources { get; }

    public SourceLocation Location { get; }

    /// <summary>The command of a <c>command:</c> step (its <see cref="Method"/> is then <c>kiseki.command@1</c>); null for method steps.</summary>
    public Commands.CommandStep? Command { get; }

    /// <summary>The <c>evaluate:</c> block of a search step whose method asks for evaluations; null otherwise.</summary>
    public Campaigns.EvaluatorDeclaration? Evaluate { get; }

    public override string ToString() => $"{Id} ({Method.Reference})";
}

/// <summary>A published output: <c>publish: {name: "${step.outputs.port}"}</c>; matrix steps publish one entry per instance.</summary>
public sealed record PublishEntry(string Name, string StepId, string Port, SourceLocation Location)
{
    /// <summary>Whether the entry is written only when its (optional) output was produced, rather than missing being an error.</summary>
    public bool IfProduced { get; init; }
}
