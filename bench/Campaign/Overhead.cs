using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Cli;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Methods.Transport.DominantPointCampaign;
using Kiseki.Provenance.LiteDb;

namespace Kiseki.Bench.Campaign;

/// <summary>Engine cost per evaluation: the same random-order campaign of N points run four ways.</summary>
internal static class Overhead
{
    public static async Task RunAsync(int n)
    {
        var work = Path.Combine(Path.GetTempPath(), "kiseki-bench-campaign-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var grid = (int)Math.Ceiling(Math.Sqrt(n)) + 1;
            Console.WriteLine($"{n} evaluations, random order on a {grid}×{grid} grid, 1 job");
            var direct = Stopwatch.StartNew();
            var evaluator = new FunctionEvaluator(p => -Math.Cos(2 * Math.PI * p["x"]) - Math.Cos(2 * Math.PI * p["y"]));
            var context = new MethodContext
            {
                StepId = "search", Seed = 1, Random = new Xoshiro256StarStar(1), Log = NullStepLog.Instance,
                Progress = new Progress<StepProgress>(), ScratchDirectory = work, Evaluator = evaluator,
            };
            await new DominantPointCampaignMethod().RunAsync(
                new DominantPointCampaignInputs(),
                new DominantPointCampaignParameters { Grid = [grid, grid], Budget = n, Samples = 2, Strategy = Methods.Transport.DominantPointSearch.SearchStrategy.Random },
                context, default);
            var directSeconds = direct.Elapsed.TotalSeconds;
            Report("search calling a function (no engine)", directSeconds, n);

            var builtIn = Workflow(grid, n, "method: transport.pes-point@1");
            var (cold, cached) = await Engine(work, "builtin", builtIn);
            Report("engine, built-in evaluator (cold)", cold, n);
            Report("engine, built-in evaluator: per evaluation minus the direct search", cold - directSeconds, n);
            Report("engine, re-run of the finished campaign (cached step)", cached, 1);

            var command = Workflow(grid, n, "command: [\"/bin/sh\", \"-c\", \"echo 0 > \\\"$0\\\"\", \"{outputs.value}\"]\n      outputs: { value: value.json }");
            var (commandCold, _) = await Engine(work, "command", command);
            Report("engine, command evaluator /bin/sh (cold)", commandCold, n);
            var floor = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo 0 > /dev/null"]) { UseShellExecute = false })!;
                process.WaitForExit();
            }

            var floorSeconds = floor.Elapsed.TotalSeconds;
            Report("/bin/sh started directly (process floor)", floorSeconds, n);
            Report("engine, command evaluator: per evaluation minus direct search and process floor", commandCold - directSeconds - floorSeconds, n);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Workflow(int grid, int n, string evaluator) => string.Create(CultureInfo.InvariantCulture, $$"""
        kiseki: 1
        name: overhead
        seed: 1
        steps:
          search:
            method: transport.dominant-point-search@2
            params: { grid: [{{grid}}, {{grid}}], budget: {{n}}, samples: 2, strategy: random }
            evaluate:
              {{evaluator}}
        """);

    private static async Task<(double Cold, double Cached)> Engine(string work, string name, string yaml)
    {
        var folder = Path.Combine(work, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "campaign.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var catalog = KisekiMethods.CreateCatalog();
        var store = Path.Combine(folder, ".kiseki");
        var objects = ObjectStore.Open(store);
        using var provenance = LiteDbProvenanceStore.Open(store);
        var runner = new WorkflowRunner(catalog, provenance, objects,
            new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(objects.Root, "scratch"))));
        var request = new RunRequest { Options = new RunOptions { Jobs = 1 } };
        var clock = Stopwatch.StartNew();
        var first = await runner.RunAsync(WorkflowLoader.Load(path, catalog, BindOptions.FromAssignments([])), request, CancellationToken.None);
        var cold = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var second = await runner.RunAsync(WorkflowLoader.Load(path, catalog, BindOptions.FromAssignments([])), request, CancellationToken.None);
        var cached = clock.Elapsed.TotalSeconds;
        if (first.Summary.Status != Kiseki.Provenance.RunStatus.Succeeded || second.Summary.Status != Kiseki.Provenance.RunStatus.Succeeded)
        {
            throw new InvalidOperationException($"{name}: {first.Summary.Error ?? second.Summary.Error}");
        }

        return (cold, cached);
    }

    private static void Report(string label, double seconds, int count)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-82} {seconds,8:F3} s  ({1000 * seconds / count,8:F2} ms each)"));
}
