using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki invoke</c>.</summary>
public sealed class InvokeSettings : CommandSettings
{
    [CommandArgument(0, "<METHOD@VERSION>")]
    [Description("The method to run, e.g. core.sum@1.")]
    public string Method { get; init; } = "";

    [CommandOption("--input <NAME=PATH>")]
    [Description("An input port and file (repeatable): .npy → array, .csv → table, .json → JSON, other files as files; a spectrum-image port reads the file with io.read-spectrum-image@1.")]
    public string[] Input { get; init; } = [];

    [CommandOption("--param <NAME=VALUE>")]
    [Description("A parameter value (repeatable), written as in YAML/JSON: 5, 0.1, true, [[2, 3]], text.")]
    public string[] Param { get; init; } = [];

    [CommandOption("--out <DIR>")]
    [Description("Folder receiving the outputs as files (.npy, .csv, .png, .json).")]
    public string? Out { get; init; }

    [CommandOption("--store <DIR>")]
    [Description("The store folder. Default: the nearest .kiseki in the current folder or a parent (or KISEKI_STORE).")]
    public string? Store { get; init; }

    [CommandOption("--seed <N>")]
    [Description("The seed of the method's random source.")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--threads <N>")]
    [Description("Threads the method may use. Default: the number of cores.")]
    public int? Threads { get; init; }
}

/// <summary>
/// <c>kiseki invoke METHOD@V</c>: runs one method outside a workflow file as a recorded one-step run (same hashing,
/// cache, store and provenance as <c>kiseki run</c>; listed by <c>kiseki log</c>, checked by <c>kiseki verify</c>).
/// </summary>
public sealed class InvokeCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<InvokeSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, InvokeSettings settings, CancellationToken cancellationToken)
    {
        var method = Find(settings.Method);
        if (settings.Out is null)
        {
            throw new UsageException("--out DIR is required: the folder receiving the outputs.");
        }

        var store = StoreLocation.Resolve(settings.Store);
        var objects = ObjectStore.Open(store);
        var codec = new ArtifactCodec(objects);
        var inputs = new List<InvocationInput>();
        foreach (var (name, path) in settings.Input.Select(a => Split(a, "--input")))
        {
            var port = method.FindInput(name)
                       ?? throw new UsageException($"{method.Reference} has no input '{name}'. " + DidYouMean.Hint(name, [.. method.Inputs.Select(p => p.Name)], "inputs"));
            inputs.Add(await ReadInputAsync(port, Path.GetFullPath(path), codec, settings.Seed, cancellationToken));
        }

        var output = Path.GetFullPath(settings.Out);
        var invocation = Invocation.Create(method, Parameters(method, settings.Param), inputs, settings.Seed, output);
        using var provenance = LiteDbProvenanceStore.Open(store);
        var request = new RunRequest
        {
            Options = new RunOptions { Jobs = 1, ThreadsPerStep = settings.Threads ?? Environment.ProcessorCount },
            ResultsDirectory = output,
            FolderPerRun = false,
            CommandLine = "kiseki " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
        };
        var executor = new LocalStepExecutor(new StepRunner(codec, Path.Combine(objects.Root, "scratch")));
        var plan = new RunPlanner(provenance, objects).Plan(invocation.Workflow, invocation.Inputs, request);
        var observer = new WarningRunObserver(console);
        var result = await new RunSession(catalog, provenance, objects, executor, observer).RunAsync(plan, request, invocation.Origin, cancellationToken);
        var report = result.Summary[Invocation.StepId];
        if (report.Status is not (RunStepStatus.Succeeded or RunStepStatus.Cached) || result.Summary.Status != RunStatus.Succeeded)
        {
            console.Line($"run {result.Summary.RunId} {result.Summary.Status.ToString().ToLowerInvariant()}");
            console.Line("error: " + (report.Detail ?? result.Summary.Error));
            return result.Summary.ExitCode;
        }

        console.Line($"{method.Reference}  key {report.Key}" + (report.Status == RunStepStatus.Cached ? "  (cached)" : ""));
        foreach (var (port, hash) in report.Outputs)
        {
            console.Line($"  {port}: {provenance.GetArtifact(hash)?.Kind} {hash}");
        }

        foreach (var file in result.PublishedFiles)
        {
            console.Line($"wrote {file}");
        }

        console.Line($"run {result.Summary.RunId} recorded in {store}");
        return 0;
    }

    private MethodDescriptor Find(string text)
    {
        if (MethodRef.TryParse(text, out var reference) && catalog.TryGet(reference, out var method))
        {
            return method;
        }

        var id = text.Split('@')[0];
        var versions = catalog.Versions(id);
        if (versions.Count > 0)
        {
            throw new UsageException($"'{text}': write the version, e.g. {versions[^1].Reference}.");
        }

        throw new UsageException($"unknown method '{text}'. " + DidYouMean.Hint(id, [.. catalog.Methods.Select(m => m.Id).Distinct()], "methods"));
    }

    private async Task<InvocationInput> ReadInputAsync(
        PortDescriptor port, string path, ArtifactCodec codec, ulong seed, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--input {port.Name}: file {path} does not exist.");
        }

        var hasher = new FileHasher(codec.Store.Memo);
        var file = new FileArtifact(path, hasher.Hash(path), new FileInfo(path).Length);
        IArtifact artifact;
        switch (port.ArtifactKind)
        {
            case ArtifactKind.File:
                return new InvocationInput(port.Name, path, file, null);
            case ArtifactKind.SpectrumImage:
                artifact = await ReadSpectrumImageAsync(file, seed, cancellationToken);
                break;
            default:
                artifact = Path.GetExtension(path).ToLowerInvariant() switch
                {
                    ".npy" => NpyFormat.Read(await File.ReadAllBytesAsync(path, cancellationToken)),
                    ".csv" => Kiseki.Abstractions.Artifacts.Table.ParseCsv(await File.ReadAllTextAsync(path, cancellationToken), path),
                    ".json" => new JsonArtifact(JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))
                                                ?? throw new UsageException($"{path} holds JSON null.")),
                    ".png" => new Figure(await File.ReadAllBytesAsync(path, cancellationToken)),
                    _ => file,
                };
                break;
        }

        if (!port.ArtifactType.IsInstanceOfType(artifact))
        {
            throw new UsageException($"--input {port.Name}: expects {port.ArtifactKind}, but {Path.GetFileName(path)} reads as {artifact.Kind}.");
        }

        var stored = codec.Encode(artifact);
        return new InvocationInput(port.Name, path, file, stored.Kind == ArtifactKind.File ? null : stored);
    }

    private async Task<SpectrumImage> ReadSpectrumImageAsync(FileArtifact file, ulong seed, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(new MethodRef("io.read-spectrum-image", 1), out var reader))
        {
            throw new UsageException("this build has no io.read-spectrum-image@1 to read spectrum images.");
        }

        var invocation = await reader.InvokeAsync(
            new Dictionary<string, IArtifact?> { ["file"] = file }, reader.CreateParameters(new Dictionary<string, object?>()),
            MethodContext.CreateStandalone(seed), cancellationToken);
        return (SpectrumImage)invocation.Outputs["image"];
    }

    private static Dictionary<string, object?> Parameters(MethodDescriptor method, IEnumerable<string> assignments)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, text) in assignments.Select(a => Split(a, "--param")))
        {
            var parameter = method.FindParameter(name)
                            ?? throw new UsageException($"{method.Reference} has no parameter '{name}'. " + DidYouMean.Hint(name, [.. method.Parameters.Select(p => p.Name)], "parameters"));
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                node = JsonValue.Create(text);
            }

            var conversion = ParameterConverter.Convert(parameter, node);
            if (!conversion.Succeeded)
            {
                throw new UsageException($"--param {name}={text}: {conversion.Message}" + (conversion.Hint is null ? "" : $" ({conversion.Hint})"));
            }

            values[name] = conversion.Value;
        }

        var missing = method.Parameters.Where(p => p.IsRequired && !values.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"{method.Reference} needs --param for: {string.Join(", ", missing)}.");
        }

        return values;
    }

    private static (string Name, string Value) Split(string assignment, string option)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"{option} {assignment}: write NAME=VALUE.");
        }

        return (assignment[..equals].Trim(), assignment[(equals + 1)..]);
    }
}
