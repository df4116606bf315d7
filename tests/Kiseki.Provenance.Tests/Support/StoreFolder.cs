using System.Security.Cryptography;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;

namespace Kiseki.Provenance.Tests.Support;

/// <summary>A temporary <c>.kiseki</c> folder.</summary>
internal sealed class StoreFolder : IDisposable
{
    private readonly TempDirectory root = new();

    public string Path => root.Combine(".kiseki");

    public string DatabasePath => System.IO.Path.Combine(Path, LiteDbProvenanceStore.FileName);

    public LiteDbProvenanceStore Open(ProvenanceOpenOptions? options = null) => LiteDbProvenanceStore.Open(Path, options);

    public LiteDbProvenanceStore OpenReadOnly() => LiteDbProvenanceStore.Open(Path, new ProvenanceOpenOptions { ReadOnly = true });

    /// <summary>Names and SHA-256 of every file in the folder (to prove nothing was modified, created or deleted).</summary>
    public string Fingerprint()
    {
        if (!Directory.Exists(Path))
        {
            return "<no folder>";
        }

        return string.Join("\n", Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => System.IO.Path.GetFileName(f) + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))
                + " " + File.GetLastWriteTimeUtc(f).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void Dispose() => root.Dispose();
}
