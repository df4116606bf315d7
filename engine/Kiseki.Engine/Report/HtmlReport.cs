using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit.Report;

/// <summary>
/// One self-contained HTML page describing a run: inline CSS, no scripts, no network; the step graph as inline SVG,
/// a table of steps (cached or run, reason, duration, convergence, metrics), parameters, environment, the workflow
/// text, and every figure the run produced embedded as a <c>data:</c> URI.
/// </summary>
public sealed class HtmlReport(AuditStore store)
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#222;max-width:1200px}
        h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
        pre{background:#f7f7f7;padding:.8em;overflow:auto}.status-failed{color:#b00020;font-weight:bold}.status-cached{color:#555}
        figure{display:inline-block;margin:.5em;border:1px solid #ddd;padding:.5em}figure img{max-width:520px;height:auto}
        .dag{border:1px solid #ddd;background:#fcfcfc}
        """;

    /// <summary>The HTML page of run <paramref name="runIdOrPrefix"/>.</summary>
    public string Render(string runIdOrPrefix)
    {
        var run = store.ResolveRun(runIdOrPrefix);
        var steps = store.Steps(run);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">");
        html.Append($"<title>Kiseki run {E(run.Id)} — {E(run.WorkflowName)}</title><style>{Css}</style></head><body>\n");
        html.Append($"<h1>Run <code id=\"run-id\">{E(run.Id)}</code> of <span id=\"workflow-name\">{E(run.WorkflowName)}</span></h1>\n");
        html.Append("<table id=\"summary\">");
        Row(html, "status", $"<span class=\"status-{run.Status.ToString().ToLowerInvariant()}\">{E(run.Status.ToString().ToLowerInvariant())}</span>");
        Row(html, "started", E(Time(run.StartedAt)));
        Row(html, "finished", E(run.FinishedAt is { } f ? Time(f) : "—"));
        Row(html, "workflow file", $"<code>{E(run.WorkflowPath)}</code>");
        Row(html, "workflow sha256", $"<code>{E(run.WorkflowTextHash.ToString())}</code>");
        Row(html, "root seed", E(run.RootSeed.ToString(CultureInfo.InvariantCulture)));
        Row(html, "executor", E(run.Executor));
        Row(html, "git commit", E(run.GitCommit ?? "—"));
        Row(html, "command", $"<code>{E(run.CommandLine)}</code>");
        if (run.Error is not null)
        {
            Row(html, "error", $"<span class=\"status-failed\">{E(run.Error)}</span>");
        }

        html.Append("</table>\n").Append(Reproduction.ReproductionSection.Html(store.Root, run.Id)).Append("<h2>Step graph</h2>\n");
        html.Append(Graph(steps));
        html.Append("\n<h2>Steps</h2>\n<table id=\"steps\"><thead><tr><th>step</th><th>method</th><th>status</th><th>cached or run</th><th>reason</th>"
                    + "<th>duration</th><th>convergence</th><th>metrics</th></tr></thead><tbody>\n");
        foreach (var step in steps)
        {
            var e = step.Execution;
            var status = step.Step.Status.ToString().ToLowerInvariant();
            var ran = step.Step.CacheHit ? "cached" : step.Step.Status is RunStepStatus.Succeeded or RunStepStatus.Failed ? "run" : "—";
            var reason = step.Step.CacheHit ? $"same key as run {e?.RunId}" : string.Join(", ", step.Step.RerunReasons);
            if (step.Step.Error is not null || step.Step.SkippedBecause is not null)
            {
                reason += (reason.Length > 0 ? "; " : "") + (step.Step.Error ?? $"skipped because {step.Step.SkippedBecause} failed");
            }

            var duration = e is null ? "—" : e.DurationSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
            var convergence = e?.Convergence is { } c ? $"{(c.Converged ? "converged" : "not converged")}, {c.Iterations} it. ({c.Reason})" : "—";
            var metrics = e is null || e.Metrics.Count == 0 ? "—"
                : string.Join("<br>", e.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => E($"{m.Key} = {m.Value.ToString("G6", CultureInfo.InvariantCulture)}")));
            html.Append($"<tr data-step=\"{E(step.Id)}\"><td><code>{E(step.Id)}</code></td><td>{E(e is null ? "—" : $"{e.MethodId}@{e.MethodVersion}")}</td>"
                        + $"<td class=\"status-{status}\">{E(status)}</td><td>{ran}</td><td>{E(reason)}</td><td>{duration}</td><td>{E(convergence)}</td><td>{metrics}</td></tr>\n");
        }

        html.Append("</tbody></table>\n<h2>Parameters</h2>\n<table id=\"parameters\"><tr><th>name</th><th>value</th></tr>");
        if (JsonNode.Parse(run.ResolvedParameters) is JsonObject parameters)
        {
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                html.Append($"<tr><td><code>{E(name)}</code></td><td><code>{E(value?.ToJsonString() ?? "null")}</code></td></tr>");
            }
        }

        html.Append("</table>\n<details><summary>Bound parameters of each step</summary><table>");
        foreach (var step in steps.Where(s => s.Execution is not null))
        {
            html.Append($"<tr><td><code>{E(step.Id)}</code></td><td><code>{E(step.Execution!.Parameters)}</code></td></tr>");
            foreach (var (row, value) in CommandKeyRows.Of(step.Execution.KeyComponents))
            {
                html.Append($"<tr class=\"command\"><td><code>{E(step.Id)}</code> {E(row)}</td><td><code>{E(value)}</code></td></tr>");
            }
        }

        html.Append("</table></details>\n<h2>Figures</h2>\n<div id=\"figures\">");
        html.Append(Figures(steps));
        html.Append("</div>\n<h2>Environment</h2>\n<table id=\"environment\">");
        var environment = store.Provenance.GetEnvironment(run.EnvironmentId);
        foreach (var (name, value) in RunDiffer.Flatten(environment?.ContentJson))
        {
            html.Append($"<tr><td><code>{E(name)}</code></td><td>{E(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null")}</td></tr>");
        }

        html.Append("</table>\n<h2>Workflow</h2>\n<pre id=\"workflow\">").Append(E(run.WorkflowText)).Append("</pre>\n");
        html.Append($"<p><small>Generated by kiseki report from the provenance store; step keys and hashes identify every result.</small></p>\n</body></html>\n");
        return html.ToString();
    }

    private string Graph(IReadOnlyList<RunStepView> steps)
    {
        var producers = new Dictionary<ContentHash, string>();
        foreach (var step in steps)
        {
            foreach (var hash in step.Execution?.OutputHashes.Values ?? [])
            {
                producers.TryAdd(hash, step.Id);
            }
        }

        var edges = new List<(string, string)>();
        foreach (var step in steps)
        {
            foreach (var hash in step.Execution?.InputHashes.Values ?? [])
            {
                if (producers.TryGetValue(hash, out var from) && from != step.Id)
                {
                    edges.Add((from, step.Id));
                }
            }
        }

        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return DagLayout.ToSvg(
            [.. steps.Select(s => s.Id)], edges,
            id => byId[id].Step.Status switch
            {
                RunStepStatus.Cached => "#e8eef7",
                RunStepStatus.Succeeded => "#d9f2d9",
                RunStepStatus.Failed => "#f7d4d4",
                _ => "#eeeeee",
            },
            id => byId[id].Execution is { } e ? $"{e.MethodId}@{e.MethodVersion} · {byId[id].Step.Status.ToString().ToLowerInvariant()}" : byId[id].Step.Status.ToString().ToLowerInvariant());
    }

    private string Figures(IReadOnlyList<RunStepView> steps)
    {
        var html = new StringBuilder();
        var count = 0;
        foreach (var step in steps)
        {
            foreach (var (port, hash) in (step.Execution?.OutputHashes ?? new Dictionary<string, ContentHash>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (store.Provenance.GetArtifact(hash)?.Kind != ArtifactKind.Figure)
                {
                    continue;
                }

                count++;
                var caption = $"{step.Id}.{port}";
                if (store.Check(hash, out _) != ObjectState.Intact)
                {
                    html.Append($"<figure><figcaption>{E(caption)}: object {E(hash.ToString())} is missing or corrupted</figcaption></figure>");
                    continue;
                }

                var data = Convert.ToBase64String(File.ReadAllBytes(store.PathOf(hash)));
                html.Append($"<figure><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{data}\"><figcaption><code>{E(caption)}</code></figcaption></figure>");
            }
        }

        return count == 0 ? "<p>This run produced no figures.</p>" : html.ToString();
    }

    private static void Row(StringBuilder html, string name, string valueHtml) => html.Append($"<tr><th>{E(name)}</th><td>{valueHtml}</td></tr>");

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
