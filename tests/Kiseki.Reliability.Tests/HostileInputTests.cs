using System.Text;
using CsCheck;
using Kiseki.Cli;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Methods;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// Hostile workflow text through the full loading path (<see cref="WorkflowLoader.Load(string, MethodCatalog, BindOptions)"/>
/// with the real method catalog, and the <c>kiseki validate</c>/<c>run</c> commands): mutations of the shipped and test
/// workflows never crash, hang or allocate without bound, and resource bombs are refused with a diagnostic.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const int MutationCases = 6_000;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);
    private const long AllocationBound = 256L * 1024 * 1024;

    private static readonly string[] Fragments =
    [
        "\n", "  ", "    ", ": ", "- ", "{", "}", "[", "]", ",", "'", "\"", "\t", "#", "&a ", "*a", "!!binary ", "? ", "|\n", ">-\n",
        "${", "${params.", "${steps.", ".outputs.", "${inputs.x}", "@1", "@999999999999", "core.sum@1", "core.wait@1", "matrix:\n",
        "milliseconds: -1", "shape: [1000000000, 1000000000]", "value: 1e400", "value: .nan", "seed: -1", "kiseki: 2\n", "---\n",
        "\uFEFF", "\u0000", "\uD800", "\u202E", "~", "null", "0x7FFFFFFF", "9223372036854775808", "steps: []\n", "publish:\n",
    ];

    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly TempDirectory _folder = new();
    private readonly MethodCatalog _catalog = KisekiMethods.CreateCatalog();

    public void Dispose() => _folder.Dispose();

    /// <summary>The shipped workflows (<c>workflows/*.yaml</c>), the golden bad workflows of the engine tests and ours.</summary>
    public static IReadOnlyList<string> Seeds()
    {
        var seeds = new List<string> { Workflows.Chain(3), Workflows.Overlapping("extra", 2.5) };
        foreach (var folder in new[] { "workflows", Path.Combine("tests", "Kiseki.Engine.Tests", "Definitions", "Bad") })
        {
            var directory = Path.Combine(SharedData.RepositoryRoot, folder);
            if (Directory.Exists(directory))
            {
                seeds.AddRange(Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                    .Select(File.ReadAllText));
            }
        }

        return seeds;
    }

    [Fact]
    public void Load_MutatedWorkflows_OnlyDiagnosticsWithinTimeAndMemory()
    {
        var seeds = Seeds();
        var path = _folder.Combine("workflow.yaml");
        var loaded = 0;
        var edit = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 12], Gen.Int[0, Fragments.Length - 1], Gen.Int[0, 3]);
        var generator = Gen.Select(Gen.Int[0, seeds.Count - 1], edit.Array[1, 6]).Select((seed, edits) => Mutate(seeds[seed], edits));
        generator.Sample(text =>
        {
            File.WriteAllBytes(path, Lenient.GetBytes(text));
            long allocated = 0;
            Exception? unexpected = null;
            var task = Task.Run(() =>
            {
                var start = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    WorkflowLoader.Load(path, _catalog, new BindOptions());
                    Interlocked.Increment(ref loaded);
                }
                catch (WorkflowException e)
                {
                    if (e.Diagnostics.Count == 0 || e.Diagnostics.Any(d => string.IsNullOrEmpty(d.Code) || string.IsNullOrEmpty(d.Message)))
                    {
                        unexpected = new InvalidOperationException("a WorkflowException without a proper diagnostic", e);
                    }
                }
                catch (Exception e)
                {
                    unexpected = e;
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - start;
            });
            Assert.True(task.Wait(CaseTimeout), $"loading did not finish within {CaseTimeout.TotalSeconds} s:\n{text}");
            Assert.True(unexpected is null, $"{unexpected}\n--- text ---\n{text}");
            Assert.True(allocated < AllocationBound, $"loading allocated {allocated} bytes:\n{text}");
        }, iter: MutationCases, threads: 1);
        Assert.True(loaded > 0, "no mutation loaded at all: the seeds themselves do not load.");
    }

    public static TheoryData<string, string, string> Bombs() => new()
    {
        { "validate", "nesting", "nesting deeper" },
        { "validate", "laughs", "alias" },
        { "validate", "scalar", "exceeds the limit" },
        { "validate", "file", "limit" },
        { "run", "nesting", "nesting deeper" },
        { "run", "laughs", "alias" },
        { "run", "scalar", "exceeds the limit" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task Cli_ResourceBomb_Exit2WithDiagnosticNoStackTrace(string verb, string bomb, string expected)
    {
        var path = _folder.Combine(bomb + ".yaml");
        File.WriteAllText(path, Bomb(bomb));
        var start = GC.GetAllocatedBytesForCurrentThread();
        // validate takes no --store (options are parsed strictly); run gets one so nothing lands in the current folder.
        string[] store = verb == "validate" ? [] : ["--store", _folder.Combine("store")];
        var (code, output) = await KisekiProcess.InProcessAsync([verb, path, .. store]);
        Assert.True(code == 2, $"exit {code}:\n{Head(output)}");
        Assert.Contains("KSK", output);
        Assert.Contains(expected, output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("internal error", output);
        Assert.DoesNotContain("Unknown command", output, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(_folder.Combine("store", "objects")) && verb == "validate", "validate created a store.");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - start < AllocationBound, "the refusal allocated too much.");
    }

    private static string Bomb(string kind)
    {
        switch (kind)
        {
            case "nesting":
                return "kiseki: 1\nname: deep\nsteps:\n  a:\n    method: core.constant@1\n    params: { value: "
                       + new string('[', 5_000) + "1" + new string(']', 5_000) + " }\n";
            case "laughs":
                var text = new StringBuilder("kiseki: 1\nname: laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (var i = 1; i < 10; i++)
                {
                    text.Append($"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
                }

                return text.Append("steps:\n  a:\n    method: core.constant@1\n    params: { value: 1 }\n").ToString();
            case "scalar":
                return "kiseki: 1\nname: huge\nsteps:\n  a:\n    method: core.constant@1\n    params: { value: 1 }\n    description: \""
                       + new string('x', 3 * 1024 * 1024) + "\"\n";
            default:
                return "kiseki: 1\nname: big\nsteps:\n" + string.Concat(Enumerable.Range(0, 400_000).Select(i => $"# padding line {i}\n"));
        }
    }

    private static string Mutate(string text, (int At, int Length, int Fragment, int Kind)[] edits)
    {
        foreach (var (at, length, fragment, kind) in edits)
        {
            var position = at % (text.Length + 1);
            var cut = Math.Min(length, text.Length - position);
            text = kind switch
            {
                0 => text.Remove(position, cut),
                1 => text.Insert(position, Fragments[fragment]),
                2 => text.Remove(position, cut).Insert(position, Fragments[fragment]),
                _ => text.Insert(position, text.Substring(position, cut)),
            };
        }

        return text;
    }

    private static string Head(string text) => text.Length <= 4000 ? text : text[..4000];
}
