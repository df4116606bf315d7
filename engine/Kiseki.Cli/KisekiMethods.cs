using Kiseki.Engine.Methods;
using Kiseki.Methods.Core;
using Kiseki.Methods.Gaussian;
using Kiseki.Methods.Io;
using Kiseki.Methods.Plots;
using Kiseki.Methods.Precipitate;
using Kiseki.Methods.Spectral;
using Kiseki.Methods.Statistics;
using Kiseki.Methods.Transport;

namespace Kiseki.Cli;

/// <summary>The method catalog of this build: every method module the CLI references, registered by its marker type.</summary>
public static class KisekiMethods
{
    private static readonly Lazy<MethodCatalog> Shared = new(Build);

    /// <summary>The catalog (built once per process; catalogs are immutable).</summary>
    public static MethodCatalog CreateCatalog() => Shared.Value;

    private static MethodCatalog Build()
        => MethodCatalog.Create(builder => builder
            .AddModule<CoreMethods>()
            .AddModule<IoMethods>()
            .AddModule<PlotMethods>()
            .AddModule<SpectralMethods>()
            .AddModule<StatisticsMethods>()
            .AddModule<GaussianMethods>()
            .AddModule<PrecipitateMethods>()
            .AddModule<TransportMethods>());
}
