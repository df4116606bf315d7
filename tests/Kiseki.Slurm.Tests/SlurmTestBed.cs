using Kiseki.Cli;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Execution.Slurm;
using Kiseki.Engine.Methods;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;

namespace Kiseki.Slurm.Tests;

/// <summary>A temporary workflow folder with a store, runnable locally or through a Slurm executor.</summary>
public sealed class SlurmTestBed : IDisposable
{
    private readonly TempDirectory _directory = new();

    public SlurmTestBed(string store = ".kiseki")
    {
        Catalog = KisekiMethods.CreateCatalog();
        StoreDirectory = _directory.Combine(store);
        Objects = ObjectStore.Open(StoreDirectory);
        Provenance = LiteDbProvenanceStore.Open(StoreDirectory);
    }

    /// <summary>Eight steps: three constants summed, a random array, a phantom spectrum image normalised and decomposed, plus a wait.</summary>
    public static string EightSteps => """
        kiseki: 1
        name: slurm-eight
        seed: 11
        steps:
          one:
            method: core.constant@1
            params: { value: 2.0 }
          two:
            method: core.constant@1
            params: { value: 3.0 }
          three:
            method: core.constant@1
            params: { value: 4.0 }
          total:
            method: core.sum@1
            inputs: { a: "${one.outputs.value}", b: "${two.outputs.value}", c: "${three.outputs.value}" }
          noise:
            method: core.random-array@1
            params: { shape: [8, 50] }
          phantom:
            method: synthetic.spectrum-image@1
            params: { rows: 8, cols: 8, channels: 32, components: 2 }
          normalized:
            method: spectral.normalize@1
            inputs: { image: "${phantom.outputs.image}" }
          svd:
            method: spectral.svd@1
            inputs: { image: "${normalized.outputs.image}" }
            resources: { cpus: 1, memory: 512M, time: 5 }
        publish:
          total: ${total.outputs.sum}
        """;

    public MethodCatalog Catalog { get; }

    public string Directory => _directory.Path;

    public string StoreDirectory { get; }

    public ObjectStore Objects { get; }

    public LiteDbProvenanceStore Provenance { get; }

    /// <summary>The command that starts the kiseki build next to the tests (for real jobs).</summary>
    public static IReadOnlyList<string> KisekiCommand
    {
        get
        {
            var process = Environment.ProcessPath;
            var dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet"
                ? process
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
            return [dotnet, Path.Combine(AppContext.BaseDirectory, "kiseki.dll")];
        }
    }

    public string Write(string name, string text)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    public WorkflowDefinition Load(string text, string name = "workflow.yaml")
        => WorkflowLoader.Load(Write(name, text), Catalog, BindOptions.FromAssignments([]));

    public SlurmExecutor Slurm(ISlurmClient client, WorkflowDefinition workflow, Func<SlurmOptions, SlurmOptions>? configure = null)
    {
        var options = new SlurmOptions
        {
            KisekiCommand = KisekiCommand,
            WorkDirectory = Path.Combine(StoreDirectory, "slurm", Guid.NewGuid().ToString("N")[..12]),
            PollInterval = TimeSpan.FromMilliseconds(50),
            BatchWindow = TimeSpan.FromMilliseconds(50),
        };
        options = configure?.Invoke(options) ?? options;
        return new SlurmExecutor(client, Objects, options, workflow.Steps.ToDictionary(s => s.Id, s => s.Resources, StringComparer.Ordinal));
    }

    public IStepExecutor Local() => new LocalStepExecutor(new StepRunner(new ArtifactCodec(Objects), Path.Combine(Objects.Root, "scratch")));

    public Task<RunResult> RunAsync(
        WorkflowDefinition workflow, IStepExecutor executor, bool keepGoing = false, CancellationToken cancellationToken = default)
        => new WorkflowRunner(Catalog, Provenance, Objects, executor).RunAsync(
            workflow, new RunRequest { Options = new RunOptions { Jobs = 100_000, KeepGoing = keepGoing } }, cancellationToken);

    public void Dispose()
    {
        Provenance.Dispose();
        _directory.Dispose();
    }
}
