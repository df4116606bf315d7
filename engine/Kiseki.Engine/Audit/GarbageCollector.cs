using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>What <c>kiseki gc</c> did (or would do with <c>--dry-run</c>).</summary>
/// <param name="DryRun">Whether nothing was deleted.</param>
/// <param name="Scanned">Object files examined.</param>
/// <param name="Kept">Objects kept.</param>
/// <param name="Deleted">Objects deleted (or to delete) with their sizes.</param>
/// <param name="KeptRuns">With <c>--keep-last</c>: the runs whose objects were kept.</param>
/// <param name="Notes">Remarks (running runs protected, …).</param>
public sealed record GcReport(
    bool DryRun, int Scanned, int Kept, IReadOnlyList<(ContentHash Hash, long Size)> Deleted, IReadOnlyList<string>? KeptRuns,
    IReadOnlyList<string> Notes)
{
    /// <summary>Bytes freed (or that would be freed).</summary>
    public long BytesFreed => Deleted.Sum(d => d.Size);

    /// <summary>The report as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["dry_run"] = DryRun,
        ["scanned"] = Scanned,
        ["kept"] = Kept,
        ["deleted"] = new JsonArray([.. Deleted.Select(d => (JsonNode?)new JsonObject { ["hash"] = d.Hash.ToString(), ["size"] = d.Size })]),
        ["bytes_freed"] = BytesFreed,
        ["kept_runs"] = KeptRuns is null ? null : new JsonArray([.. KeptRuns.Select(r => (JsonNode?)r)]),
        ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)n)]),
    };

    /// <summary>Plain text lines.</summary>
    public IEnumerable<string> ToLines()
    {
        foreach (var note in Notes)
        {
            yield return "note: " + note;
        }

        foreach (var (hash, size) in Deleted)
        {
            yield return $"{(DryRun ? "would delete" : "deleted")} {hash}  {Bytes(size)}";
        }

        yield return $"{Scanned} objects: {Kept} kept, {Deleted.Count} {(DryRun ? "unreferenced (dry run: nothing deleted)" : "deleted")}; "
                     + $"{(DryRun ? "would free" : "freed")} {Bytes(BytesFreed)}";
    }

    /// <summary>A size such as <c>1.5 MiB</c>.</summary>
    public static string Bytes(long size) => size switch
    {
        < 1024 => size.ToString(CultureInfo.InvariantCulture) + " B",
        < 1 << 20 => (size / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1 << 30 => (size / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (size / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}

/// <summary>
/// Deletes object files that no recorded run refers to (or, with <c>keepLast</c>, that none of the newest N runs refers
/// to), and the temporary files that writes killed half-way left behind. It holds the store's exclusive lease
/// (<see cref="StoreLease"/>) throughout, so no run is writing or recording while it decides: every object a run
/// recorded is referenced by then, and every temporary file is an orphan. Objects written after the start of a run
/// still marked running (on another host) are kept as well. The database is only read.
/// </summary>
public sealed class GarbageCollector(AuditStore store)
{
    /// <summary>Collects; with <paramref name="dryRun"/> only reports. <paramref name="onWait"/> is told when runs in progress make it wait.</summary>
    public GcReport Collect(bool dryRun, int? keepLast = null, Action? onWait = null, CancellationToken cancellationToken = default)
    {
        if (dryRun)
        {
            // Deletes nothing, so it needs no lease and writes nothing (not even the lease file).
            return CollectLeased(dryRun, keepLast);
        }

        using var lease = StoreLease.Exclusive(store.Layout, onWait, cancellationToken);
        return CollectLeased(dryRun, keepLast);
    }

    private GcReport CollectLeased(bool dryRun, int? keepLast)
    {
        var provenance = store.Provenance;
        var notes = new List<string>();
        var runs = provenance.ListRuns(int.MaxValue);
        var running = runs.Where(r => r.Status == RunStatus.Running).ToList();
        IReadOnlySet<ContentHash> referenced;
        IReadOnlyList<string>? keptRuns = null;
        if (keepLast is { } n)
        {
            keptRuns = [.. runs.Take(Math.Max(0, n)).Select(r => r.Id).Union(running.Select(r => r.Id))];
            referenced = provenance.ObjectHashesReferencedByRuns(keptRuns);
            notes.Add($"keeping the objects of the newest {n} run(s){(running.Count > 0 ? " and of runs in progress" : "")}; "
                      + "older runs' cached results will be recomputed when needed");
        }
        else
        {
            referenced = provenance.AllReferencedObjectHashes();
        }

        DateTimeOffset? protectAfter = running.Count == 0 ? null : running.Min(r => r.StartedAt).AddMinutes(-1);
        if (protectAfter is not null)
        {
            notes.Add($"{running.Count} run(s) in progress: objects written since {protectAfter.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} are kept");
        }

        var scanned = 0;
        var kept = 0;
        var deleted = new List<(ContentHash, long)>();
        foreach (var (hash, file) in store.Layout.EnumerateObjects())
        {
            scanned++;
            var info = new FileInfo(file);
            if (referenced.Contains(hash) || (protectAfter is { } after && info.LastWriteTimeUtc >= after.UtcDateTime))
            {
                kept++;
                continue;
            }

            deleted.Add((hash, info.Exists ? info.Length : 0));
            if (!dryRun)
            {
                Delete(file);
            }
        }

        var temporary = store.Layout.EnumerateTemporaryFiles().Select(f => new FileInfo(f)).ToList();
        if (temporary.Count > 0)
        {
            var bytes = temporary.Sum(t => t.Exists ? t.Length : 0);
            notes.Add($"{temporary.Count} temporary file(s) left by interrupted writes ({GcReport.Bytes(bytes)}) "
                      + (dryRun ? "would be deleted" : "deleted"));
            if (!dryRun)
            {
                temporary.ForEach(t => Delete(t.FullName));
            }
        }

        return new GcReport(dryRun, scanned, kept, deleted, keptRuns, notes);
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
