using Kiseki.Cli;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Integration;

/// <summary>A temporary workflow folder with its store, for end-to-end engine tests.</summary>
public sealed class EngineHarness : IDisposable
{
    private readonly TempDirectory _directory = new();

    public EngineHarness()
    {
        Catalog = KisekiMethods.CreateCatalog();
        Objects = ObjectStore.Open(StoreDirectory);
        Provenance = LiteDbProvenanceStore.Open(StoreDirectory);
    }

    public static string SmallWorkflow => """
        kiseki: 1
        name: small
        seed: 7
        params:
          base: 2.0
        steps:
          one:
            method: core.constant@1
            params: { value: "${params.base}" }
          two:
            method: core.constant@1
            params: { value: 3.0 }
          total:
            method: core.sum@1
            inputs: { a: "${one.outputs.value}", b: "${two.outputs.value}" }
          noise:
            method: core.random-array@1
            params: { shape: [40, 300] }
        publish:
          total: ${total.outputs.sum}
          noise: ${noise.outputs.array}
        """;

    public MethodCatalog Catalog { get; }

    public string Directory => _directory.Path;

    public string StoreDirectory => _directory.Combine(".kiseki");

    public ObjectStore Objects { get; }

    public LiteDbProvenanceStore Provenance { get; }

    public string Write(string name, string text)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    public WorkflowDefinition Load(string text, params string[] overrides)
    {
        var path = Write("workflow.yaml", text);
        return WorkflowLoader.Load(path, Catalog, BindOptions.FromAssignments(overrides));
    }

    /// <summary>A runner over this harness's stores; <paramref name="arrayBudget"/> sets the steps' array memory budget.</summary>
    public WorkflowRunner Runner(IRunObserver? observer = null, long? arrayBudget = null)
    {
        var codec = new ArtifactCodec(Objects);
        var scratch = Path.Combine(Objects.Root, "scratch");
        var steps = arrayBudget is { } budget ? new StepRunner(codec, scratch) { ArrayMemoryBudget = budget } : new StepRunner(codec, scratch);

        return new(Catalog, Provenance, Objects, new LocalStepExecutor(steps), observer);
    }

    public Task<RunResult> RunAsync(WorkflowDefinition workflow, RunRequest? request = null, IRunObserver? observer = null, CancellationToken cancellationToken = default)
        => Runner(observer).RunAsync(workflow, request ?? new RunRequest(), cancellationToken);

    public void Dispose()
    {
        Provenance.Dispose();
        _directory.Dispose();
    }
}
