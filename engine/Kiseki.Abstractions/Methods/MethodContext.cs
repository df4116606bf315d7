using Kiseki.Abstractions.Randomness;

namespace Kiseki.Abstractions.Methods;

/// <summary>A method's only window on the world: seeded randomness, a log, progress, parallelism and scratch space.</summary>
public sealed class MethodContext
{
    /// <summary>Id of the step being run (e.g. <c>decompose</c> or <c>sweep[components=2]</c>).</summary>
    public required string StepId { get; init; }

    /// <summary>The step seed derived by the engine from the workflow seed and the step id.</summary>
    public required ulong Seed { get; init; }

    /// <summary>A random source seeded with <see cref="Seed"/>; the only randomness a method may use.</summary>
    public required IRandomSource Random { get; init; }

    public required IStepLog Log { get; init; }

    public required IProgress<StepProgress> Progress { get; init; }

    /// <summary>Threads the method may use. Outputs must not depend on this number.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>A private folder for temporary files, deleted after the step.</summary>
    public required string ScratchDirectory { get; init; }

    /// <summary>
    /// The evaluator of the step's <c>evaluate:</c> block; null when the step has none. Only methods marked
    /// <see cref="MethodAttribute.Evaluates"/> receive one.
    /// </summary>
    public IPointEvaluator? Evaluator { get; init; }

    /// <summary>
    /// Bytes of array data a method may hold in memory for one input. A method that can stream reads a larger input
    /// left in a file (<see cref="Artifacts.SpectrumImage.File"/>) by rows instead of loading it; the outputs are the
    /// same either way. Default <see cref="DefaultArrayMemoryBudget"/>.
    /// </summary>
    public long ArrayMemoryBudget { get; init; } = DefaultArrayMemoryBudget;

    /// <summary>A quarter of the memory available to this process.</summary>
    public static long DefaultArrayMemoryBudget => Math.Max(1L << 26, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>A context for tests and for running methods outside the engine.</summary>
    public static MethodContext CreateStandalone(ulong seed = 1, int maxDegreeOfParallelism = 1, IStepLog? log = null, long? arrayMemoryBudget = null)
        => new()
        {
            ArrayMemoryBudget = arrayMemoryBudget ?? DefaultArrayMemoryBudget,
            StepId = "standalone",
            Seed = seed,
            Random = new Xoshiro256StarStar(seed),
            Log = log ?? NullStepLog.Instance,
            Progress = new Progress<StepProgress>(),
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
            ScratchDirectory = Path.GetTempPath(),
        };
}

/// <summary>Progress of a running step: a fraction in [0, 1] and an optional message.</summary>
public readonly record struct StepProgress(double Fraction, string? Message = null);

/// <summary>The step log: its excerpt is recorded with the execution.</summary>
public interface IStepLog
{
    void Info(string message);

    void Warning(string message);
}

/// <summary>A log that discards everything.</summary>
public sealed class NullStepLog : IStepLog
{
    public static NullStepLog Instance { get; } = new();

    private NullStepLog()
    {
    }

    public void Info(string message)
    {
    }

    public void Warning(string message)
    {
    }
}
