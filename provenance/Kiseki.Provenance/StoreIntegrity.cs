namespace Kiseki.Provenance;

/// <summary>What a whole-store check of the recorded provenance found (<c>kiseki verify --store</c>).</summary>
/// <param name="Records">Records read.</param>
/// <param name="Sealed">Records whose SHA-256 seal matches their content.</param>
/// <param name="Unsealed">Records written before records were sealed (read as before; they cannot show tampering).</param>
/// <param name="Runs">Runs read.</param>
/// <param name="Chained">Finished runs whose chain of step records matches.</param>
/// <param name="Problems">Every changed record and broken chain, each naming the record or run.</param>
public sealed record StoreIntegrity(int Records, int Sealed, int Unsealed, int Runs, int Chained, IReadOnlyList<string> Problems)
{
    /// <summary>Whether nothing was found changed.</summary>
    public bool Intact => Problems.Count == 0;
}
