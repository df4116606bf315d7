using System.Reflection;
using System.Xml.Linq;
using Kiseki.Abstractions.Methods;
using Kiseki.Cli;
using Kiseki.Engine.Methods;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Conventions;

/// <summary>
/// The module rules of methods/: a method project references only Abstractions and libraries that declare no method,
/// never another method project; every method assembly is registered through its one <see cref="IMethodModule"/>
/// marker; a method's implementation digest covers every Kiseki assembly its code can reach.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Lazy<IReadOnlyList<Project>> Projects = new(LoadProjects);

    [Fact]
    public void MethodFolder_HasMethodModulesAndLibraries()
    {
        Assert.Contains(Projects.Value, p => p.Name == "Kiseki.Methods.Spectral" && p.IsMethodModule);
        Assert.Contains(Projects.Value, p => p.Name == "Kiseki.Numerics.Decomposition" && !p.IsMethodModule);
        Assert.Contains(Projects.Value, p => p.Name == "Kiseki.Plotting" && !p.IsMethodModule);
    }

    [Fact]
    public void EveryAssembly_DeclaresMethodsExactlyWhenItHasOneModuleMarker()
    {
        var offenders = new List<string>();
        foreach (var project in Projects.Value)
        {
            var markers = project.Assembly.GetExportedTypes().Count(t => typeof(IMethodModule).IsAssignableFrom(t) && !t.IsInterface);
            var methods = project.Assembly.GetExportedTypes().Count(t => t.GetCustomAttribute<MethodAttribute>() is not null);
            if (methods > 0 != (markers == 1) || markers > 1)
            {
                offenders.Add($"{project.Name}: {methods} methods, {markers} module markers");
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void MethodProjects_ReferenceOnlyAbstractionsAndLibraries()
    {
        var modules = Projects.Value.Where(p => p.IsMethodModule).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var allowed = Projects.Value.Where(p => !p.IsMethodModule).Select(p => p.Name).Append("Kiseki.Abstractions").ToHashSet(StringComparer.Ordinal);
        var offenders = new List<string>();
        foreach (var project in Projects.Value)
        {
            // Both the project file and the compiled references: a library may not reach a method module either.
            var references = project.ProjectReferences
                .Concat(project.Assembly.GetReferencedAssemblies().Select(n => n.Name!).Where(n => n.StartsWith("Kiseki.", StringComparison.Ordinal)))
                .Distinct(StringComparer.Ordinal);
            offenders.AddRange(references.Where(r => !allowed.Contains(r) || modules.Contains(r)).Select(r => $"{project.Name} → {r}"));
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void Cli_RegistersEveryMethodModule()
    {
        var registered = KisekiMethods.CreateCatalog().Methods.Select(m => m.MethodType.Assembly.GetName().Name!).ToHashSet(StringComparer.Ordinal);
        var modules = Projects.Value.Where(p => p.IsMethodModule).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(modules.Order(StringComparer.Ordinal), registered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ImplementationDigest_ChangesWithEveryReachableKisekiAssembly()
    {
        var offenders = new List<string>();
        var catalog = KisekiMethods.CreateCatalog();
        foreach (var method in catalog.Methods)
        {
            var reachable = ImplementationDigests.Reachable(method.MethodType.Assembly);
            foreach (var direct in method.MethodType.Assembly.GetReferencedAssemblies().Where(n => n.Name!.StartsWith("Kiseki.", StringComparison.Ordinal)))
            {
                if (reachable.All(a => a.GetName().Name != direct.Name))
                {
                    offenders.Add($"{method.Reference}: {direct.Name} not covered");
                }
            }

            Assert.Equal(method.ImplementationDigest, ImplementationDigests.Of(method.MethodType));
            foreach (var assembly in reachable)
            {
                var changed = ImplementationDigests.Of(method.MethodType, a => a == assembly ? Guid.Empty : a.ManifestModule.ModuleVersionId);
                if (changed == method.ImplementationDigest)
                {
                    offenders.Add($"{method.Reference}: a change in {assembly.GetName().Name} leaves the digest unchanged");
                }
            }
        }

        Assert.Empty(offenders);
        Assert.True(catalog.TryGet(new MethodRef("spectral.nmf-so", 1), out var nmfSo));
        Assert.Contains(ImplementationDigests.Reachable(nmfSo.MethodType.Assembly), a => a.GetName().Name == "Kiseki.Numerics.Decomposition");
    }

    private static IReadOnlyList<Project> LoadProjects()
    {
        var methods = Path.Combine(SharedData.RepositoryRoot, "methods");
        var result = new List<Project>();
        foreach (var file in Directory.GetFiles(methods, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var references = XDocument.Load(file).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).ToList();
            var assembly = Assembly.Load(name);
            var isModule = assembly.GetExportedTypes().Any(t => t.GetCustomAttribute<MethodAttribute>() is not null);
            result.Add(new Project(name, assembly, references, isModule));
        }

        return result;
    }

    private sealed record Project(string Name, Assembly Assembly, IReadOnlyList<string> ProjectReferences, bool IsMethodModule);
}
