namespace Kiseki.Abstractions.Methods;

/// <summary>
/// Evaluates points of a search through the step's <c>evaluate:</c> block (a built-in method or the user's own command).
/// The engine records every evaluation as a step instance of its own, keyed by the evaluator and the point, so a point
/// evaluated once is never evaluated again: a resumed or repeated campaign reads it from the store.
/// </summary>
/// <remarks>
/// A method that takes an evaluator (<see cref="MethodAttribute.Evaluates"/>) must decide its next points from the
/// evaluations so far and its seeded random source only, so that the proposals after a resume are the same as in an
/// uninterrupted run. Results come back in the order of the points asked for, whatever order they finished in.
/// </remarks>
public interface IPointEvaluator
{
    /// <summary>Evaluates a batch of points (parameter name → value); the results are in the order of <paramref name="points"/>.</summary>
    /// <exception cref="MethodException">An evaluation failed and the block's <c>on_failure</c> is <c>fail</c>.</exception>
    Task<IReadOnlyList<PointEvaluation>> EvaluateAsync(
        IReadOnlyList<IReadOnlyDictionary<string, double>> points, CancellationToken cancellationToken);
}

/// <summary>The value of one evaluated point, or why it has none (an evaluation skipped under <c>on_failure: skip</c>).</summary>
/// <param name="Value">The evaluator's number (NaN when the evaluation failed).</param>
/// <param name="Error">The evaluator's error when it failed; null when it succeeded.</param>
public sealed record PointEvaluation(double Value, string? Error = null)
{
    /// <summary>True when the evaluation produced a value.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A failed evaluation.</summary>
    public static PointEvaluation Failed(string error) => new(double.NaN, error);
}

/// <summary>An evaluator backed by a function, for tests and for running a search outside the engine.</summary>
public sealed class FunctionEvaluator(Func<IReadOnlyDictionary<string, double>, double> function) : IPointEvaluator
{
    /// <summary>How many points were evaluated.</summary>
    public int Calls { get; private set; }

    /// <inheritdoc />
    public Task<IReadOnlyList<PointEvaluation>> EvaluateAsync(
        IReadOnlyList<IReadOnlyDictionary<string, double>> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        Calls += points.Count;
        IReadOnlyList<PointEvaluation> result = [.. points.Select(p => new PointEvaluation(function(p)))];
        return Task.FromResult(result);
    }
}
