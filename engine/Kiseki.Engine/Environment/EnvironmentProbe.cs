using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json.Nodes;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Environments;

/// <summary>
/// Captures the environment of a run: OS, CPU model (from /proc/cpuinfo) and ISA flags (AVX2, AVX-512F,
/// <c>Vector&lt;double&gt;.Count</c>), core count, .NET runtime, Kiseki version, git commit of the workflow's
/// repository, and the implementation digests of the methods. Its id is the hash of the canonical JSON.
/// </summary>
public static class EnvironmentProbe
{
    /// <summary>The environment record for a run of a workflow in <paramref name="workflowDirectory"/>.</summary>
    public static EnvironmentRecord Capture(MethodCatalog catalog, string? workflowDirectory)
    {
        var content = Describe(catalog, workflowDirectory);
        return new EnvironmentRecord(CanonicalJson.Hash(content), CanonicalJson.ToText(content));
    }

    /// <summary>The environment as a JSON object.</summary>
    public static JsonObject Describe(MethodCatalog catalog, string? workflowDirectory)
    {
        var digests = new JsonObject();
        foreach (var method in catalog.Methods)
        {
            digests[method.Reference.ToString()] = method.ImplementationDigest;
        }

        return new JsonObject
        {
            ["os"] = RuntimeInformation.OSDescription,
            ["architecture"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            ["cpu"] = CpuModel(),
            ["isa"] = new JsonObject
            {
                ["avx2"] = Avx2.IsSupported,
                ["avx512f"] = Avx512F.IsSupported,
                ["vectorDoubleCount"] = System.Numerics.Vector<double>.Count,
            },
            ["cores"] = System.Environment.ProcessorCount,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["kiseki"] = KisekiVersion(),
            ["gitCommit"] = workflowDirectory is null ? null : GitCommit(workflowDirectory),
            ["methods"] = digests,
        };
    }

    /// <summary>The informational version of the engine assembly.</summary>
    public static string KisekiVersion()
        => typeof(EnvironmentProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
           ?? typeof(EnvironmentProbe).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The CPU model name from /proc/cpuinfo, or the architecture when unavailable.</summary>
    public static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The commit checked out in the git repository holding <paramref name="directory"/> (read from .git, no process started).</summary>
    public static string? GitCommit(string directory)
    {
        try
        {
            var current = new DirectoryInfo(Path.GetFullPath(directory));
            while (current is not null && !Directory.Exists(Path.Combine(current.FullName, ".git")))
            {
                current = current.Parent;
            }

            if (current is null)
            {
                return null;
            }

            var git = Path.Combine(current.FullName, ".git");
            var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return head;
            }

            var reference = head[5..];
            var loose = Path.Combine(git, reference);
            if (File.Exists(loose))
            {
                return File.ReadAllText(loose).Trim();
            }

            var packed = Path.Combine(git, "packed-refs");
            return File.Exists(packed)
                ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == reference)?[0]
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
