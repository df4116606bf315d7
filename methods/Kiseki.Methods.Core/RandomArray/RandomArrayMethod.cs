using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Core.RandomArray;

/// <summary>Draws a float64 array from the step's seeded random source (uniform in [0, 1) or standard normal).</summary>
[Method("core.random-array", version: 1, Summary = "A seeded random float64 array (for determinism tests).",
    Remarks = "Utility method; values are unitless. Chunks of 4096 elements draw from Random.Derive(\"chunk/<i>\") so the " +
              "result does not depend on the thread count.")]
public sealed class RandomArrayMethod : IMethod<RandomArrayParameters, NoInputs, RandomArrayOutputs>
{
    private const int ChunkSize = 4096;

    /// <inheritdoc />
    public ValueTask<MethodResult<RandomArrayOutputs>> RunAsync(
        NoInputs inputs, RandomArrayParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        if (parameters.Shape.Length == 0 || parameters.Shape.Any(d => d < 1))
        {
            throw MethodException.InvalidParameter("shape", "expected one or more positive dimensions, e.g. [4, 8].");
        }

        var count = NdArray.ElementCount(parameters.Shape);
        if (count > 100_000_000)
        {
            throw MethodException.InvalidParameter("shape", $"{count} elements is more than the 100,000,000 allowed.");
        }

        var data = new double[count];
        var chunks = (int)((count + ChunkSize - 1) / ChunkSize);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, context.MaxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, chunks, options, chunk =>
        {
            var random = context.Random.Derive($"chunk/{chunk}");
            var end = Math.Min(count, (long)(chunk + 1) * ChunkSize);
            for (var i = (long)chunk * ChunkSize; i < end; i++)
            {
                data[i] = parameters.Distribution == RandomDistribution.Normal ? random.NextGaussian() : random.NextDouble();
            }
        });
        return ValueTask.FromResult(MethodResult.Success(
            new RandomArrayOutputs { Array = NdArray.Create(data, parameters.Shape) }));
    }
}

/// <summary>The distribution of <see cref="RandomArrayMethod"/>'s values.</summary>
public enum RandomDistribution
{
    /// <summary>Uniform in [0, 1).</summary>
    Uniform,

    /// <summary>Standard normal.</summary>
    Normal,
}

/// <summary>Parameters of <see cref="RandomArrayMethod"/>.</summary>
public sealed record RandomArrayParameters
{
    /// <summary>Array shape.</summary>
    [Description("Array shape, e.g. [4, 8].")]
    public int[] Shape { get; init; } = [16];

    /// <summary>Distribution of the values.</summary>
    [Description("Distribution of the values.")]
    public RandomDistribution Distribution { get; init; } = RandomDistribution.Uniform;
}

/// <summary>Outputs of <see cref="RandomArrayMethod"/>.</summary>
public sealed record RandomArrayOutputs
{
    /// <summary>The random array.</summary>
    [Description("The random float64 array.")]
    public NdArray Array { get; init; } = NdArray.Create(new double[1], 1);
}
