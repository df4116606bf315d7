using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>One input of an invocation: the file given on the command line and what the step receives from it.</summary>
/// <param name="Port">The method's input port.</param>
/// <param name="Path">The absolute path of the file read.</param>
/// <param name="Stored">The artifact stored from the file; null when the port takes the file itself.</param>
/// <param name="File">The file with its content hash.</param>
public sealed record InvocationInput(string Port, string Path, FileArtifact File, StoredArtifact? Stored)
{
    /// <summary>The hash the step key sees: the stored artifact's, or the file's for a file port.</summary>
    public ContentHash Hash => Stored?.Hash ?? File.Hash;
}

/// <summary>
/// One method run outside a workflow file (<c>kiseki invoke</c>) as a one-step workflow, so that it is planned,
/// cached, recorded and published by the same <see cref="RunSession"/> as any run. The step is named
/// <see cref="StepId"/> and its seed is the given seed itself (no derivation), so its step key is
/// <c>StepKey(method, parameters, inputs, seed)</c>. The recorded workflow text describes the invocation.
/// </summary>
public sealed class Invocation
{
    /// <summary>The id of the single step.</summary>
    public const string StepId = "invoke";

    private Invocation(WorkflowDefinition workflow, IReadOnlyDictionary<string, FileArtifact> inputs, RunOrigin origin)
    {
        Workflow = workflow;
        Inputs = inputs;
        Origin = origin;
    }

    /// <summary>The one-step workflow; every output port is published.</summary>
    public WorkflowDefinition Workflow { get; }

    /// <summary>The resolved inputs handed to the planner (typed inputs under their stored artifact's hash).</summary>
    public IReadOnlyDictionary<string, FileArtifact> Inputs { get; }

    /// <summary>The run's origin: the typed inputs already stored.</summary>
    public RunOrigin Origin { get; }

    /// <summary>
    /// The invocation of <paramref name="method"/> with canonical <paramref name="parameters"/> on <paramref name="inputs"/>,
    /// named after a nominal workflow file <c>invoke.yaml</c> in <paramref name="directory"/>.
    /// </summary>
    public static Invocation Create(
        MethodDescriptor method, IReadOnlyDictionary<string, object?> parameters, IReadOnlyList<InvocationInput> inputs, ulong seed,
        string directory)
    {
        var typed = method.CreateParameters(parameters);
        var canonical = method.CanonicalParameters(typed);
        var location = new SourceLocation(System.IO.Path.Combine(directory, "invoke.yaml"), 1, 1);
        var externals = inputs.Select(i => new ExternalInput(i.Port, i.Path, i.File.Hash, null, location) { Kind = i.Stored?.Kind ?? ArtifactKind.File }).ToList();
        var step = new BoundStep(
            StepId, StepId, new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(), method, typed,
            inputs.ToDictionary(i => i.Port, InputBinding (i) => new ExternalInputBinding(i.Port), StringComparer.Ordinal), [], seed,
            new StepResources(method.Attribute.Cpus, method.Attribute.MemoryMb, method.Attribute.TimeMinutes), location);
        var publish = method.Outputs.Select(o => new PublishEntry(o.Name, StepId, o.Name, location) { IfProduced = o.IsOptional }).ToList();
        var text = Describe(method, CanonicalJson.ToText(canonical), inputs, seed);
        var workflow = new WorkflowDefinition(
            "invoke " + method.Reference, null, location.File, text, seed, new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(),
            externals, [step], publish);
        var resolved = inputs.ToDictionary(i => i.Port, i => new FileArtifact(i.Path, i.Hash, i.File.Length), StringComparer.Ordinal);
        var stored = inputs.Where(i => i.Stored is not null).Select(i => StepRecords.ArtifactRecordOf(i.Stored!, null)).ToList();
        return new Invocation(workflow, resolved, new RunOrigin { StoredInputs = stored });
    }

    private static string Describe(MethodDescriptor method, string parameters, IReadOnlyList<InvocationInput> inputs, ulong seed)
    {
        var text = new StringBuilder();
        text.Append("# kiseki invoke: one method run outside a workflow file\n");
        text.Append(CultureInfo.InvariantCulture, $"workflow: \"invoke {method.Reference}\"\nseed: {seed}\n");
        if (inputs.Count > 0)
        {
            text.Append("inputs:\n");
            foreach (var input in inputs)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {input.Port}: {{path: {Quote(input.Path)}, sha256: {input.File.Hash.Hex}}}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"steps:\n  {StepId}:\n    method: {method.Reference}\n");
        if (inputs.Count > 0)
        {
            text.Append("    inputs:\n");
            foreach (var input in inputs)
            {
                text.Append(CultureInfo.InvariantCulture, $"      {input.Port}: ${{inputs.{input.Port}}}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"    params: {parameters}\n");
        return text.ToString();
    }

    private static string Quote(string path) => System.Text.Json.JsonSerializer.Serialize(path);
}
