using System.CodeDom.Compiler;
using System.Reflection;
using System.Runtime.CompilerServices;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Tests.Conventions;

/// <summary>Reflection rules over every method assembly shipped with the CLI (Kiseki.Methods.*.dll beside the tests).</summary>
public sealed class MethodConventionTests
{
    private static readonly Lazy<IReadOnlyList<Assembly>> Assemblies = new(() =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, "Kiseki.Methods.*.dll")
            .Order(StringComparer.Ordinal)
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))]);

    private static IEnumerable<Type> MethodTypes()
        => Assemblies.Value.SelectMany(SafeTypes).Where(t => typeof(IMethod).IsAssignableFrom(t) && !t.IsInterface);

    [Fact]
    public void MethodAssemblies_Found()
        => Assert.Contains(Assemblies.Value, a => a.GetName().Name == "Kiseki.Methods.Core");

    [Fact]
    public void Methods_AreSealedWithMethodAttribute()
    {
        var offenders = MethodTypes()
            .Where(t => !t.IsSealed || t.IsAbstract || t.GetCustomAttribute<MethodAttribute>() is null)
            .Select(t => t.FullName);
        Assert.Empty(offenders);
    }

    [Fact]
    public void Methods_IdsValidAndUnique()
    {
        var attributes = MethodTypes().Select(t => t.GetCustomAttribute<MethodAttribute>()).OfType<MethodAttribute>().ToList();
        Assert.Empty(attributes.Where(a => !MethodRef.IsValidId(a.Id) || a.Version < 1).Select(a => $"{a.Id}@{a.Version}"));
        Assert.Empty(attributes.GroupBy(a => (a.Id, a.Version)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Id}@{g.Key.Version}"));
    }

    [Fact]
    public void Methods_ReflectIntoCatalog()
    {
        // The reflector enforces the rest of the contract: parameter types, init-only setters, artifact ports.
        var catalog = MethodCatalog.Create(b =>
        {
            foreach (var type in MethodTypes().Where(t => t.IsPublic && t.GetCustomAttribute<MethodAttribute>() is not null))
            {
                b.Add(type);
            }
        });
        Assert.Equal(MethodTypes().Count(t => t.IsPublic && t.GetCustomAttribute<MethodAttribute>() is not null), catalog.Methods.Count);
    }

    [Fact]
    public void ParameterRecords_SealedWithInitOnlySetters()
    {
        var offenders = new List<string>();
        foreach (var method in MethodTypes())
        {
            var contract = method.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IMethod<,,>));
            if (contract is null)
            {
                offenders.Add($"{method.FullName} does not implement IMethod<,,>");
                continue;
            }

            foreach (var record in contract.GetGenericArguments())
            {
                if (!record.IsSealed)
                {
                    offenders.Add($"{record.FullName} is not sealed");
                }

                foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    var setter = property.SetMethod;
                    if (setter is not null && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                    {
                        offenders.Add($"{record.FullName}.{property.Name} has a mutable setter");
                    }
                }
            }
        }

        Assert.Empty(offenders.Distinct());
    }

    [Fact]
    public void MethodAssemblies_HaveNoMutableStaticFields()
    {
        var offenders = Assemblies.Value
            .SelectMany(SafeTypes)
            .Where(t => !IsGenerated(t))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsLiteral && !f.IsInitOnly && !IsGenerated(f))
                .Select(f => $"{t.FullName}.{f.Name}"));
        Assert.Empty(offenders);
    }

    private static bool IsGenerated(MemberInfo member)
        => member.Name.Contains('<') || member.GetCustomAttribute<CompilerGeneratedAttribute>() is not null
           || member.GetCustomAttribute<GeneratedCodeAttribute>() is not null
           || (member.DeclaringType is { } declaring && IsGenerated(declaring));

    private static Type[] SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return [.. e.Types.OfType<Type>()];
        }
    }
}
