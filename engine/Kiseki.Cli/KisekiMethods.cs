using System.Reflection;
using Kiseki.Engine.Methods;

namespace Kiseki.Cli;

/// <summary>The method catalog of this build: every method in the Kiseki.Methods.* assemblies the CLI references.</summary>
public static class KisekiMethods
{
    private static readonly string[] AssemblyNames =
    [
        "Kiseki.Methods.Core",
        "Kiseki.Methods.Io",
        "Kiseki.Methods.Plots",
        "Kiseki.Methods.Spectral",
        "Kiseki.Methods.Statistics",
        "Kiseki.Methods.Gaussian",
        "Kiseki.Methods.Precipitate",
        "Kiseki.Methods.Transport",
    ];

    private static readonly Lazy<MethodCatalog> Shared = new(Build);

    /// <summary>The catalog (built once per process; catalogs are immutable).</summary>
    public static MethodCatalog CreateCatalog() => Shared.Value;

    private static MethodCatalog Build()
        => MethodCatalog.Create(builder =>
        {
            foreach (var name in AssemblyNames)
            {
                builder.AddMethodsFrom(Assembly.Load(name));
            }
        });
}
