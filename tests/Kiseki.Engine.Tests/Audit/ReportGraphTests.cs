using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Audit.Report;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Audit;

/// <summary>
/// The report's step graph: every declared edge is drawn, also for a failed run; no edge runs over a box it does not
/// connect; edges meet a box at distinct points; labels fit their boxes (estimated, and measured in headless Chromium).
/// Recorded warnings (a fit that did not converge) are shown.
/// </summary>
public sealed partial class ReportGraphTests
{
    private const string Failing = """
        kiseki: 1
        name: failing-report
        steps:
          source:
            method: core.constant@1
            params: { value: 1.0 }
          other_source_with_a_rather_long_name_for_its_box:
            method: core.constant@1
            params: { value: 2.0 }
          broken:
            method: core.fail@1
            inputs: { value: "${source.outputs.value}" }
            params: { message: "no luck" }
          after:
            method: core.sum@1
            inputs: { a: "${broken.outputs.value}", b: "${other_source_with_a_rather_long_name_for_its_box.outputs.value}" }
          later:
            method: core.sum@1
            inputs: { a: "${after.outputs.sum}", b: "${source.outputs.value}" }
          last:
            method: core.sum@1
            inputs: { a: "${later.outputs.sum}", b: "${source.outputs.value}" }
        """;

    private static readonly (string From, string To)[] FailingEdges =
    [
        ("source", "broken"), ("broken", "after"), ("other_source_with_a_rather_long_name_for_its_box", "after"),
        ("after", "later"), ("source", "later"), ("later", "last"), ("source", "last"),
    ];

    private const string NotConverging = """
        kiseki: 1
        name: not-converging
        seed: 3
        steps:
          phantom:
            method: synthetic.spectrum-image@1
            params: { rows: 8, cols: 8, channels: 32, components: 2 }
          fit:
            method: spectral.nmf-so@1
            inputs: { image: "${phantom.outputs.image}" }
            params: { components: 2, max_iterations: 10, min_iterations: 2, restarts: 1 }
        """;

    [Fact]
    public async Task FailedRun_EveryDeclaredEdgeIsDrawn()
    {
        using var harness = new EngineHarness();
        var result = await harness.RunAsync(harness.Load(Failing), new RunRequest { Options = new RunOptions { Jobs = 1, KeepGoing = true } });
        Assert.Equal(RunStatus.Failed, result.Summary.Status);

        var html = new HtmlReport(new AuditStore(harness.Provenance, harness.StoreDirectory)).Render(result.Summary.RunId);

        var drawn = EdgePattern().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal(FailingEdges.Order(), drawn.Order());
        Assert.Contains("data-step=\"last\"", html, StringComparison.Ordinal);
        var last = Regex.Match(html, "<g class=\"node\" data-step=\"last\">.*?</g>", RegexOptions.Singleline).Value;
        Assert.Contains(">core.sum@1<", last, StringComparison.Ordinal); // a skipped step is labelled with its declared method
        Assert.Contains(">skipped<", last, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_LongEdges_PassBetweenBoxesAndMeetBoxesAtDistinctPoints()
    {
        var nodes = new[] { "a", "b", "c", "d", "e", "f" }.Select(id => new DagNode(id, ["core.sum@1", "succeeded"], "#fff")).ToList();
        (string, string)[] edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("a", "c"), ("a", "e"), ("e", "d"), ("b", "f"), ("a", "f")];

        var placement = DagGeometry.Place(nodes, edges);

        Assert.Equal(edges.Length, placement.Edges.Count);
        foreach (var edge in placement.Edges)
        {
            foreach (var (id, box) in placement.Boxes.Where(b => b.Key != edge.From && b.Key != edge.To))
            {
                Assert.DoesNotContain(edge.Samples, p => box.Contains(p.X, p.Y, margin: 1));
            }
        }

        foreach (var id in placement.Boxes.Keys)
        {
            var starts = placement.Edges.Where(e => e.From == id).Select(e => Math.Round(e.Samples[0].Y, 1)).ToList();
            var ends = placement.Edges.Where(e => e.To == id).Select(e => Math.Round(e.Samples[^1].Y, 1)).ToList();
            Assert.Equal(starts.Count, starts.Distinct().Count());
            Assert.Equal(ends.Count, ends.Distinct().Count());
        }
    }

    [Fact]
    public void Layout_LongLabels_FitTheirBoxes()
    {
        var nodes = new[]
        {
            new DagNode("background_unaligned", ["spectral.background-power-law@1", "succeeded · 1 warning"], "#fff"),
            new DagNode("x", ["io.read-spectrum-image@1"], "#fff"),
            new DagNode("ステップ", ["plot.maps@2"], "#fff"),
        };
        var placement = DagGeometry.Place(nodes, [("x", "background_unaligned"), ("x", "ステップ")]);
        foreach (var node in nodes)
        {
            var box = placement.Boxes[node.Id];
            Assert.True(DagLayout.TextWidth(node.Id, DagLayout.TitleSize) + 16 <= box.Width);
            Assert.All(node.Lines, line => Assert.True(DagLayout.TextWidth(line, DagLayout.LineSize) + 16 <= box.Width, line));
        }
    }

    [Fact]
    public async Task NonConvergedFit_WarningShownInTheReportAndTheGraph()
    {
        using var harness = new EngineHarness();
        var result = await harness.RunAsync(harness.Load(NotConverging));
        var html = new HtmlReport(new AuditStore(harness.Provenance, harness.StoreDirectory)).Render(result.Summary.RunId);

        var warnings = Regex.Match(html, "<ul id=\"warnings\">(.*?)</ul>", RegexOptions.Singleline);
        Assert.True(warnings.Success, "no warnings section");
        Assert.Contains("data-step=\"fit\"", warnings.Value, StringComparison.Ordinal);
        Assert.Contains("did not converge: reached max_iterations after 10 iterations", warnings.Value, StringComparison.Ordinal);
        Assert.Contains("succeeded · 1 warning", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task FailedRunReport_InHeadlessChromium_EveryLabelFitsItsBox()
    {
        Skip.IfNot(File.Exists("/usr/bin/chromium"), "/usr/bin/chromium is absent (installed by .ci/setup-system: apt-get install -y chromium)");
        using var harness = new EngineHarness();
        var result = await harness.RunAsync(harness.Load(Failing), new RunRequest { Options = new RunOptions { Jobs = 1, KeepGoing = true } });
        var html = new HtmlReport(new AuditStore(harness.Provenance, harness.StoreDirectory)).Render(result.Summary.RunId);
        var svg = Regex.Match(html, "<svg.*?</svg>", RegexOptions.Singleline).Value;

        // The report itself runs no script; this page wraps its graph with one that measures every label in Chromium.
        using var output = new TempDirectory();
        var page = output.Combine("graph.html");
        File.WriteAllText(page, $$"""
            <!DOCTYPE html><html><body>{{svg}}<pre id="measure"></pre><script>
            const rows = [];
            for (const g of document.querySelectorAll('g.node')) {
              const r = g.querySelector('rect');
              const right = r.x.baseVal.value + r.width.baseVal.value;
              for (const t of g.querySelectorAll('text')) {
                const b = t.getBBox();
                rows.push(g.dataset.step + '|' + t.textContent + '|' + (b.x + b.width).toFixed(1) + '|' + right.toFixed(1));
              }
            }
            document.getElementById('measure').textContent = rows.join('\n');
            </script></body></html>
            """);
        var dom = await Chromium(output, page);
        var rows = Regex.Match(dom, "<pre id=\"measure\">(.*?)</pre>", RegexOptions.Singleline).Groups[1].Value
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('|')).ToList();
        Assert.True(rows.Count >= 12, $"measured {rows.Count} labels: {dom[..Math.Min(dom.Length, 400)]}");
        foreach (var row in rows)
        {
            var (textRight, boxRight) = (double.Parse(row[2], CultureInfo.InvariantCulture), double.Parse(row[3], CultureInfo.InvariantCulture));
            Assert.True(textRight <= boxRight - 2, $"label '{row[1]}' of '{row[0]}' ends at {textRight}, its box at {boxRight}");
        }
    }

    private static async Task<string> Chromium(TempDirectory output, string page)
    {
        var start = new ProcessStartInfo("/usr/bin/chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--user-data-dir=" + output.Combine("profile"), "--dump-dom", "file://" + page,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start)!;
        var errors = chromium.StandardError.ReadToEndAsync();
        var dom = await chromium.StandardOutput.ReadToEndAsync();
        await chromium.WaitForExitAsync();
        await errors;
        return dom;
    }

    [GeneratedRegex("<path class=\"edge\" data-from=\"([^\"]+)\" data-to=\"([^\"]+)\"")]
    private static partial Regex EdgePattern();
}
