using System.Text.RegularExpressions;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Environments;
using Kiseki.Provenance;
using Kiseki.Provenance.Export;

namespace Kiseki.Engine.Reproduction;

/// <summary>
/// Gathers what a crate export needs from the recorded workflow text: each external input's name, declared path and
/// URL paired with the hash the run recorded for it (and a local copy when one is found by hash), and the method each
/// declared step names (so steps that never ran still name their method in the crate).
/// </summary>
public static partial class CrateExportOptions
{
    /// <summary>The options for exporting <paramref name="run"/> from <paramref name="store"/>.</summary>
    public static RunCrateOptions For(AuditStore store, RunRecord run, IReadOnlyList<string> mirrors, InputInclusion inclusion, string license)
    {
        var root = Parse(run) as YamlMapping;
        var declared = new Dictionary<string, (string? Path, string? Url, string? Sha)>(StringComparer.Ordinal);
        if (root?["inputs"] is YamlMapping inputs)
        {
            foreach (var entry in inputs.Entries)
            {
                var map = entry.Value as YamlMapping;
                declared[entry.Key.Value] = (Scalar(map?["path"]) ?? Scalar(entry.Value), Scalar(map?["url"]), Scalar(map?["sha256"]));
            }
        }

        var methods = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = new Dictionary<(string Step, string Port), string>();
        if (root?["steps"] is YamlMapping steps)
        {
            foreach (var step in steps.Entries)
            {
                if (step.Value is not YamlMapping body)
                {
                    continue;
                }

                if (Scalar(body["method"]) is { } method)
                {
                    methods[step.Key.Value] = method;
                }

                foreach (var port in (body["inputs"] as YamlMapping)?.Entries ?? [])
                {
                    if (Scalar(port.Value) is { } text && InputReference().Match(text) is { Success: true } m)
                    {
                        ports[(step.Key.Value, port.Key.Value)] = m.Groups[1].Value;
                    }
                }
            }
        }

        var hashes = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var view in store.Steps(run).Where(s => s.Execution is not null))
        {
            foreach (var (port, hash) in view.Execution!.InputHashes)
            {
                if (ports.TryGetValue((view.Step.DeclaredStepId, port), out var name))
                {
                    hashes.TryAdd(name, hash);
                }
            }
        }

        foreach (var (name, (_, _, sha)) in declared.Where(d => !hashes.ContainsKey(d.Key)))
        {
            if (sha is not null && ContentHash.TryParse("sha256:" + sha, out var pinned))
            {
                hashes[name] = pinned;
            }
        }

        var locator = new InputLocator(store, mirrors);
        var list = new List<CrateInput>();
        foreach (var (name, hash) in hashes.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var (path, url, _) = declared.GetValueOrDefault(name);
            string? source = null;
            if (inclusion != InputInclusion.None)
            {
                try
                {
                    source = locator.Locate(run, hash);
                }
                catch (AuditException)
                {
                    source = null; // referenced by name, URL and hash instead
                }
            }

            list.Add(new CrateInput(name, hash, store.Provenance.GetArtifact(hash)?.Size ?? (source is null ? null : new FileInfo(source).Length), url, path, source));
        }

        return new RunCrateOptions
        {
            Inputs = list, Inclusion = inclusion, StepMethods = methods, License = license, ExporterVersion = EnvironmentProbe.KisekiVersion(),
        };
    }

    private static YamlNode? Parse(RunRecord run)
    {
        try
        {
            return YamlWorkflowReader.Parse(run.WorkflowText, run.WorkflowPath).Root;
        }
        catch (WorkflowException)
        {
            return null;
        }
    }

    private static string? Scalar(YamlNode? node) => node is YamlScalar s ? s.Value : null;

    [GeneratedRegex(@"inputs\.([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex InputReference();
}
