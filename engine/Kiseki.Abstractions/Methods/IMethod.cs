namespace Kiseki.Abstractions.Methods;

/// <summary>Non-generic marker of a method module; implement <see cref="IMethod{TParameters, TInputs, TOutputs}"/>.</summary>
public interface IMethod;

/// <summary>
/// A method module: a pure function of (inputs, parameters, seeded randomness). Implementations are sealed, carry
/// <see cref="MethodAttribute"/>, touch only their <see cref="MethodContext"/>, and report non-convergence as data.
/// </summary>
/// <typeparam name="TParameters">A sealed record with init-only properties (defaults in code).</typeparam>
/// <typeparam name="TInputs">A sealed record whose properties are artifacts (nullable = optional port).</typeparam>
/// <typeparam name="TOutputs">A sealed record whose properties are artifacts (nullable = optional output).</typeparam>
public interface IMethod<TParameters, TInputs, TOutputs> : IMethod
    where TParameters : class
    where TInputs : class
    where TOutputs : class
{
    ValueTask<MethodResult<TOutputs>> RunAsync(
        TInputs inputs, TParameters parameters, MethodContext context, CancellationToken cancellationToken);
}

/// <summary>Inputs of a method that takes no artifacts.</summary>
public sealed record NoInputs;

/// <summary>Convergence diagnostics of an iterative method: recorded, never thrown.</summary>
public sealed record Convergence(bool Converged, int Iterations, string Reason)
{
    public static Convergence NotIterative { get; } = new(true, 0, "not iterative");
}

/// <summary>What a method returns: its outputs plus diagnostics the engine records.</summary>
public sealed record MethodResult<TOutputs>(TOutputs Outputs)
    where TOutputs : class
{
    public Convergence Convergence { get; init; } = Convergence.NotIterative;

    /// <summary>Named scalar results (final objective, chosen K, …) shown by <c>kiseki diff</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}

/// <summary>Factory helpers for <see cref="MethodResult{TOutputs}"/>.</summary>
public static class MethodResult
{
    public static MethodResult<T> Success<T>(
        T outputs, Convergence? convergence = null, IReadOnlyDictionary<string, double>? metrics = null)
        where T : class
        => new(outputs)
        {
            Convergence = convergence ?? Convergence.NotIterative,
            Metrics = metrics ?? new Dictionary<string, double>(),
        };
}
