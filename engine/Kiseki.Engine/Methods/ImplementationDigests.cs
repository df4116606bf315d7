using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Kiseki.Engine.Methods;

/// <summary>
/// The implementation digest of a method: its type name and the module version ids of its assembly and of every Kiseki
/// assembly that assembly reaches through references (shared numerical libraries, Abstractions). A change in any code
/// the method can call changes the digest, so the planner can warn when a cached result came from other code under the
/// same method version. The digest is recorded with each execution; it is not part of the step key.
/// </summary>
public static class ImplementationDigests
{
    private const string Prefix = "Kiseki.";
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyList<Assembly>> Reach = new();

    /// <summary>The digest of <paramref name="methodType"/> (16 hexadecimal digits).</summary>
    public static string Of(Type methodType) => Of(methodType, a => a.ManifestModule.ModuleVersionId);

    /// <summary>The Kiseki assemblies reachable from <paramref name="assembly"/> (itself included), ordered by name.</summary>
    public static IReadOnlyList<Assembly> Reachable(Assembly assembly) => Reach.GetOrAdd(assembly, Walk);

    /// <summary>The digest with module version ids taken from <paramref name="moduleVersionId"/> (tests substitute one).</summary>
    internal static string Of(Type methodType, Func<Assembly, Guid> moduleVersionId)
    {
        var text = new StringBuilder($"{moduleVersionId(methodType.Assembly):N}/{methodType.FullName}");
        foreach (var reached in Reachable(methodType.Assembly).Where(a => a != methodType.Assembly))
        {
            text.Append('\n').Append(reached.GetName().Name).Append(':').Append(moduleVersionId(reached).ToString("N"));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static IReadOnlyList<Assembly> Walk(Assembly root)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal) { [root.GetName().Name!] = root };
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var current))
        {
            foreach (var name in current.GetReferencedAssemblies().Where(n => n.Name?.StartsWith(Prefix, StringComparison.Ordinal) == true))
            {
                if (!seen.ContainsKey(name.Name!))
                {
                    var loaded = Assembly.Load(name);
                    seen[name.Name!] = loaded;
                    pending.Push(loaded);
                }
            }
        }

        return [.. seen.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }
}
