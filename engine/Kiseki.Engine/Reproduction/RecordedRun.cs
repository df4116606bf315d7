using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Audit;
using Kiseki.Provenance;

namespace Kiseki.Engine.Reproduction;

/// <summary>
/// The recorded steps of a run in a store, read once (so the store can be closed before the re-run) and judged later by
/// <see cref="RunJudge"/>: output artifacts are read from the store's object files and checked against their hashes.
/// </summary>
public static class RecordedRun
{
    /// <summary>Step id → what the judge needs, for run <paramref name="run"/> of <paramref name="store"/>.</summary>
    public static IReadOnlyDictionary<string, RecordedStep> Read(AuditStore store, RunRecord run)
    {
        var result = new Dictionary<string, RecordedStep>(StringComparer.Ordinal);
        foreach (var view in store.Steps(run))
        {
            var execution = view.Execution;
            var outputs = execution is { Status: ExecutionStatus.Succeeded }
                ? execution.OutputHashes.ToDictionary(p => p.Key, p => Side(store, p.Value, store.Provenance.GetArtifact(p.Value)?.Kind ?? ArtifactKind.File), StringComparer.Ordinal)
                : null;
            var inputs = execution?.InputHashes.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal) ?? [];
            result[view.Id] = new RecordedStep(outputs, inputs, []);
        }

        return result;
    }

    private static OutputSide Side(AuditStore store, ContentHash hash, string kind) => new(hash, () =>
    {
        var bytes = Read(store, hash);
        return kind switch
        {
            ArtifactKind.NdArray => NpyFormat.Read(bytes),
            ArtifactKind.SpectrumImage => SpectrumImage(store, bytes),
            ArtifactKind.Table => Table.ParseCsv(Encoding.UTF8.GetString(bytes), hash.ToString()),
            ArtifactKind.Figure => new Figure(bytes),
            ArtifactKind.Json => new JsonArtifact(JsonNode.Parse(bytes) ?? throw ArtifactDataErrors.JsonNull($"object {hash}")),
            _ => throw ArtifactDataErrors.HashOnly(kind),
        };
    });

    private static SpectrumImage SpectrumImage(AuditStore store, byte[] manifestBytes)
    {
        var manifest = JsonNode.Parse(manifestBytes)?.AsObject() ?? throw ArtifactDataErrors.JsonNull("a spectrum-image manifest");
        var data = ContentHash.Parse(manifest["data"]?.GetValue<string>() ?? throw ArtifactDataErrors.ManifestWithoutData());
        return ArtifactCodec.SpectrumImageFrom(manifest, NpyFormat.Read(Read(store, data)));
    }

    private static byte[] Read(AuditStore store, ContentHash hash)
    {
        var state = store.Check(hash, out var actual);
        return state switch
        {
            ObjectState.Intact => File.ReadAllBytes(store.PathOf(hash)),
            ObjectState.Missing => throw AuditException.MissingObject("recorded object", hash, store.PathOf(hash)),
            _ => throw AuditException.CorruptedObject("recorded object", hash, $"its content hashes to {actual}"),
        };
    }
}

/// <summary>The "Latest reproduction" section of a run's HTML report (empty when the run was never reproduced).</summary>
public static class ReproductionSection
{
    /// <summary>The HTML fragment for run <paramref name="runId"/> in the store folder <paramref name="storeDirectory"/>.</summary>
    public static string Html(string storeDirectory, string runId)
    {
        if (ReproductionReport.Latest(storeDirectory, runId) is not { } latest)
        {
            return "";
        }

        var html = new StringBuilder("<h2>Latest reproduction</h2>\n<table id=\"reproduction\">");
        void Row(string name, string? value) => html.Append("<tr><th>").Append(name).Append("</th><td>").Append(WebUtility.HtmlEncode(value ?? "—")).Append("</td></tr>");
        Row("verdict", RunCrate.Text(latest, "verdict"));
        Row("recorded run", RunCrate.Text(latest, "source_run"));
        Row("re-executed as run", RunCrate.Text(latest, "new_run"));
        Row("when", RunCrate.Text(latest, "at"));
        var outputs = (latest["outputs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        Row("outputs", string.Join(", ", outputs.GroupBy(o => RunCrate.Text(o, "verdict")).Select(g => $"{g.Count()} {g.Key}")));
        if (latest["first_divergence"] is JsonObject d)
        {
            Row("first diverging step", $"{RunCrate.Text(d, "step")}: {string.Join("; ", (d["reasons"] as JsonArray ?? []).Select(r => r?.GetValue<string>()))}");
        }

        return html.Append("</table>\n").ToString();
    }
}
