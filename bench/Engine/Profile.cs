using System.Diagnostics;
using Kiseki.Cli;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Planning;
using Kiseki.Provenance.LiteDb;

namespace Kiseki.Bench.Engine;

/// <summary>In-process stage timings of planning a workflow (where the time of <c>kiseki plan</c> goes).</summary>
internal static class Profile
{
    public static void Run(string directory)
    {
        Directory.CreateDirectory(directory);
        var workflow = Path.Combine(directory, "fanout.yaml");
        File.WriteAllText(workflow, FanOutWorkflow.Generate(1000).Yaml);
        var clock = Stopwatch.StartNew();
        var catalog = KisekiMethods.CreateCatalog();
        Report("catalog", clock);
        var definition = WorkflowLoader.Load(workflow, catalog);
        Report("load+bind", clock);
        var store = Path.Combine(Path.GetDirectoryName(workflow)!, ".kiseki");
        var objects = ObjectStore.Open(store);
        using var provenance = LiteDbProvenanceStore.Open(store);
        Report("open stores", clock);
        var plan = new Planner(provenance, objects).Plan(definition, new Dictionary<string, Kiseki.Abstractions.Artifacts.FileArtifact>());
        Report($"plan ({plan.Count(PlannedStatus.Cached)} cached)", clock);
        if (plan.Count(PlannedStatus.Cached) == 0)
        {
            var runner = new WorkflowRunner(catalog, provenance, objects,
                new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(store, "scratch"))));
            var result = runner.RunAsync(definition, new RunRequest(), CancellationToken.None).GetAwaiter().GetResult();
            Report($"run ({result.Summary.Status})", clock);
            plan = new Planner(provenance, objects).Plan(definition, new Dictionary<string, Kiseki.Abstractions.Artifacts.FileArtifact>());
            Report($"plan ({plan.Count(PlannedStatus.Cached)} cached)", clock);
        }

        var cachedRunner = new WorkflowRunner(catalog, provenance, objects,
            new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(store, "scratch"))));
        for (var again = 0; again < 3; again++)
        {
            WorkflowLoader.Load(workflow, catalog);
            Report("load+bind again", clock);
            new Planner(provenance, objects).Plan(definition, new Dictionary<string, Kiseki.Abstractions.Artifacts.FileArtifact>());
            Report("plan again", clock);
        }

        var cached = cachedRunner.RunAsync(definition, new RunRequest(), CancellationToken.None).GetAwaiter().GetResult();
        Report($"cached run ({cached.Summary.Status})", clock);
        cached = cachedRunner.RunAsync(definition, new RunRequest(), CancellationToken.None).GetAwaiter().GetResult();
        Report($"cached run again ({cached.Summary.Status})", clock);
        foreach (var step in definition.Steps.Take(200))
        {
            provenance.FindSuccessfulExecution(plan.Steps[0].Key!.Digest);
        }

        Report("200 x FindSuccessfulExecution", clock);
        foreach (var step in definition.Steps.Take(200))
        {
            objects.TryVerify(plan.Steps[0].CachedExecution!.OutputHashes.Values.First(), out _);
        }

        Report("200 x TryVerify", clock);
        foreach (var step in definition.Steps.Take(200))
        {
            provenance.GetArtifact(plan.Steps[0].CachedExecution!.OutputHashes.Values.First());
        }

        Report("200 x GetArtifact", clock);
    }

    private static TimeSpan lastCpu = Process.GetCurrentProcess().TotalProcessorTime;

    private static void Report(string label, Stopwatch clock)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine($"  {label,-34} {clock.Elapsed.TotalMilliseconds,8:0.0} ms wall {(cpu - lastCpu).TotalMilliseconds,8:0.0} ms CPU");
        lastCpu = cpu;
        clock.Restart();
    }
}
