namespace Kiseki.Abstractions.Methods;

/// <summary>
/// Declares output ports of a method that together form one factorisation whose components have no fixed order
/// (and, with <see cref="SignFree"/>, no fixed sign): the last axis of every named array indexes the components, and
/// a permutation (or a sign flip) applied jointly to all of them describes the same result. Verdicts of re-executions
/// (<c>kiseki reproduce</c>, <c>kiseki verify --execute</c>, <c>kiseki snapshot test</c>) then report such outputs as
/// <em>equivalent up to component order/sign</em> instead of different.
/// </summary>
/// <remarks>
/// Matrix factorisations X ≈ C Sᵀ are invariant under C → C P D, S → S P D for a permutation P and, when the
/// factors may be negative (SVD/PCA), a diagonal D of ±1; non-negative factorisations (NMF) only under P.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FactorSetAttribute : Attribute
{
    /// <summary>Declares the output ports <paramref name="outputs"/> (snake-case names as in YAML) as one factor set.</summary>
    public FactorSetAttribute(params string[] outputs)
    {
        Outputs = outputs;
    }

    /// <summary>The ports whose last axis indexes the components; the sign flips apply jointly to them.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Ports whose last axis follows the component order but never changes sign (singular values, λ, explained variance).</summary>
    public string[] Companions { get; init; } = [];

    /// <summary>Whether a component may change sign jointly across <see cref="Outputs"/> (SVD, PCA).</summary>
    public bool SignFree { get; init; }
}
