using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiseki.Engine.Reproduction;

/// <summary>The first step whose outputs diverge and the reasons found for it.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Reasons">Why: method or Kiseki version, environment, input, or an altered recorded file.</param>
public sealed record Divergence(string StepId, IReadOnlyList<string> Reasons);

/// <summary>The verdict of a reproduction (<c>kiseki reproduce</c>) or re-run (<c>kiseki rerun</c>) against a recorded run.</summary>
/// <param name="SourceRunId">The recorded run.</param>
/// <param name="WorkflowName">Its workflow.</param>
/// <param name="NewRunId">The re-executed run.</param>
/// <param name="RunSucceeded">Whether every step of the new run succeeded.</param>
/// <param name="Outputs">The verdict per output, in step order.</param>
/// <param name="FirstDivergence">The first step with a different output, or null.</param>
/// <param name="Notes">Substitutions and other remarks.</param>
/// <param name="At">When the reproduction finished.</param>
public sealed record ReproductionReport(
    string SourceRunId, string WorkflowName, string NewRunId, bool RunSucceeded, IReadOnlyList<OutputVerdict> Outputs,
    Divergence? FirstDivergence, IReadOnlyList<string> Notes, DateTimeOffset At)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The folder of a store that holds reproduction verdicts.</summary>
    public const string Folder = "reproductions";

    /// <summary>True when the new run succeeded and every output is identical, within tolerance or equivalent.</summary>
    public bool Passed => RunSucceeded && Outputs.All(o => o.Passes);

    /// <summary>The one-word summary: <c>reproduced</c> or <c>not reproduced</c>.</summary>
    public string Summary => Passed ? "reproduced" : "NOT reproduced";

    /// <summary>Counts per verdict, e.g. <c>12 identical, 1 within tolerance</c>.</summary>
    public string Counts => string.Join(", ", Enum.GetValues<Verdict>().Select(v => (v, n: Outputs.Count(o => o.Verdict == v)))
        .Where(x => x.n > 0).Select(x => $"{x.n} {OutputVerdict.Name(x.v)}"));

    /// <summary>The report as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["source_run"] = SourceRunId, ["workflow"] = WorkflowName, ["new_run"] = NewRunId, ["run_succeeded"] = RunSucceeded,
        ["passed"] = Passed, ["verdict"] = Summary.ToLowerInvariant(), ["at"] = At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["outputs"] = new JsonArray([.. Outputs.Select(o => (JsonNode?)o.ToJson())]),
        ["first_divergence"] = FirstDivergence is null ? null : new JsonObject
        {
            ["step"] = FirstDivergence.StepId, ["reasons"] = new JsonArray([.. FirstDivergence.Reasons.Select(r => (JsonNode?)r)]),
        },
        ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)n)]),
    };

    /// <summary>Plain text lines.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return $"reproduction of run {SourceRunId} ({WorkflowName}) as run {NewRunId}";
        foreach (var note in Notes)
        {
            yield return "note: " + note;
        }

        foreach (var output in Outputs)
        {
            yield return output.ToString();
        }

        if (FirstDivergence is { } d)
        {
            yield return $"first diverging step: {d.StepId} — {string.Join("; ", d.Reasons)}";
        }

        yield return $"{Summary}: {Outputs.Count} outputs compared ({(Outputs.Count == 0 ? "none" : Counts)})" + (RunSucceeded ? "" : "; the new run did not succeed");
    }

    /// <summary>Saves the report under <c>reproductions/</c> of the store <paramref name="storeDirectory"/>.</summary>
    public string Save(string storeDirectory)
    {
        var folder = Path.Combine(storeDirectory, Folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, NewRunId + ".json");
        File.WriteAllText(path, ToJson().ToJsonString(Indented));
        return path;
    }

    /// <summary>The latest saved verdict that concerns run <paramref name="runId"/> (as source or as new run), as JSON; null when none.</summary>
    public static JsonObject? Latest(string storeDirectory, string runId)
    {
        var folder = Path.Combine(storeDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        JsonObject? latest = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(file)) is JsonObject o
                    && (RunCrate.Text(o, "source_run") == runId || RunCrate.Text(o, "new_run") == runId))
                {
                    latest = o; // file names are run ids (ULIDs), so the last match is the latest
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // an unreadable verdict file is skipped; the report then shows an older one or none
            }
        }

        return latest;
    }
}
