using Kiseki.Cli;
using Kiseki.Engine.Audit;
using Kiseki.Provenance.LiteDb;

namespace Kiseki.Engine.Tests.Audit;

/// <summary>
/// Runs <c>snapshot test</c> for every shipped workflow (workflows/*.yaml) against tests/snapshots/&lt;name&gt;.json, so a
/// method whose output changes without a version bump fails CI. Workflows that would take long run a reduced variant:
/// the <c>--set</c> overrides are recorded in each snapshot file (and listed in <see cref="ReducedVariants"/> for
/// creating them); external inputs are found in the shared data folder when present. A workflow without a snapshot,
/// or whose external data is absent, is skipped with a message.
/// </summary>
public sealed class ShippedWorkflowSnapshotTests
{
    /// <summary>Per-workflow <c>--set</c> overrides used when creating snapshots (<c>kiseki snapshot create W --set …</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ReducedVariants = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // Several minutes in full (the bootstrap test and ARD on the real DM3 window dominate); smaller phantoms, the
        // fewest replicates α = 0.05 allows, one ARD restart and a 450–545 eV window (Ti-L2,3 and O-K onset) keep
        // every step. The bootstrap fits keep their defaults (converged). Needs the real DM3 file (shared data
        // folder), else it skips.
        ["component-count.yaml"] =
        [
            "replicates=20", "calibration_replicates=59", "max_components=4", "rows=16", "cols=16", "channels=64", "ard_restarts=1",
            "ard_iterations=100", "window_start=450", "window_end=545",
        ],

        // About 40 s in full; a smaller ARD start and lower counts keep every step.
        ["eels-decomposition.yaml"] = ["max_components=4", "counts=200"],

        // About 30 s in full; a 16×16 phantom and 60 iterations keep every method and every match.
        ["nmf-benchmark.yaml"] = ["rows=16", "cols=16", "iterations=60"],

        // About 6.5 min in full (a 50×50 grid, 500 evaluations per strategy); a 20×20 grid, 60 evaluations and two
        // observed radii take a few seconds.
        ["precipitate-shape.yaml"] = ["grid_size=20", "budget=60", "radii=[5,20]"],

        // Many minutes in full (the 32³ perovskite search with a budget of 3277); a 10³ perovskite grid, 16² analytic
        // surfaces, 40 posterior samples and budgets of 100 take a few seconds.
        ["proton-path.yaml"] =
        [
            "perovskite_grid=[10,10,10]", "surface_grid=[16,16]", "samples=40", "budget=100", "random_budget=100",
        ],
    };

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(Repository.Root, "workflows");
        var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList() : [];
        foreach (var file in files)
        {
            data.Add(Path.GetFileName(file));
        }

        if (files.Count == 0)
        {
            data.Add("(none)");
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Workflows))]
    public void ShippedWorkflow_SnapshotOverrides_MatchReducedVariants(string workflow)
    {
        Skip.If(workflow == "(none)", "no shipped workflows in workflows/*.yaml yet");
        var snapshot = Path.Combine(Repository.Root, "tests", "snapshots", Path.ChangeExtension(workflow, ".json"));
        Skip.IfNot(File.Exists(snapshot), $"no snapshot for {workflow}");
        var expected = ReducedVariants.TryGetValue(workflow, out var set) ? set : [];
        Assert.Equal(expected, SnapshotSuite.SetOf(SnapshotSuite.Load(snapshot)));
    }

    [SkippableTheory]
    [MemberData(nameof(Workflows))]
    public async Task ShippedWorkflow_MatchesItsSnapshot(string workflow)
    {
        Skip.If(workflow == "(none)", "no shipped workflows in workflows/*.yaml yet");
        var snapshot = Path.Combine(Repository.Root, "tests", "snapshots", Path.ChangeExtension(workflow, ".json"));
        Skip.IfNot(File.Exists(snapshot), $"no snapshot for {workflow}: run `kiseki snapshot create workflows/{workflow}` from the repository root");
        var suite = new SnapshotSuite(KisekiMethods.CreateCatalog(), d => LiteDbProvenanceStore.Open(d));
        var recorded = SnapshotSuite.Load(snapshot);

        System.Text.Json.Nodes.JsonObject fresh;
        try
        {
            var mirrors = Kiseki.Testing.SharedData.Directory is { } data ? new[] { data } : [];
            fresh = await suite.Record(Path.Combine(Repository.Root, "workflows", workflow), SnapshotSuite.SetOf(recorded), default, mirrors);
        }
        catch (Kiseki.Engine.Artifacts.InputException e)
        {
            throw new SkipException($"{workflow}: external input unavailable here: {e.Message}");
        }

        var failures = suite.Compare(recorded, fresh).Where(f => f.Fails).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

/// <summary>Finds the repository root (the folder holding Kiseki.slnx) from the test's working folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kiseki.slnx")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
