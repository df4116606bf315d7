using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Execution;

/// <summary>
/// Spectrum images over the array memory budget go through <c>kiseki run</c> out of core (read step copies the file
/// into the store by blocks, the NMF family streams the stored array by rows) with the same step keys and the same
/// output bytes as in memory.
/// </summary>
public sealed class OutOfCoreRunTests
{
    private static string Workflow(string npy) => ReadThen("out-of-core", npy, """
          so:
            method: spectral.nmf-so@1
            inputs: { image: "${read.outputs.image}" }
            params: { components: 3, restarts: 2, max_iterations: 12, min_iterations: 12 }
          hals:
            method: spectral.nmf@2
            inputs: { image: "${read.outputs.image}" }
            params: { components: 3, restarts: 1, max_iterations: 9, min_iterations: 9 }
          ard:
            method: spectral.nmf-ard-so@1
            inputs: { image: "${read.outputs.image}" }
            params: { components: 4, restarts: 1, max_iterations: 8, min_iterations: 8 }
        """);

    [Fact]
    public async Task Run_ImageOverTheBudget_SameStepKeysAndOutputsAsInMemory()
    {
        using var inMemory = new EngineHarness();
        using var outOfCore = new EngineHarness();
        var expected = await RunAsync(inMemory, null);
        var streamed = await RunAsync(outOfCore, 0);

        AssertSameStepKeysAndOutputs(expected, streamed, 4);

        var log = outOfCore.Provenance.FindSuccessfulExecution(streamed.Steps.Single(s => s.StepId == "read").Key!.Value)!.LogExcerpt;
        Assert.Contains("left in the file", log, StringComparison.Ordinal);
    }

    private static string BetaWorkflow(string npy) => ReadThen("out-of-core-beta", npy, """
          kl:
            method: spectral.beta-nmf@3
            inputs: { image: "${read.outputs.image}" }
            params: { components: 4, beta: 0, restarts: 2, max_iterations: 12, min_iterations: 12 }
          general:
            method: spectral.beta-nmf@3
            inputs: { image: "${read.outputs.image}" }
            params: { components: 3, beta: 0.5, restarts: 1, max_iterations: 7, min_iterations: 7 }
        """);

    [Fact]
    public async Task Run_BetaNmfOverTheBudget_ReadByRows_SameStepKeysAndOutputsAsInMemory()
    {
        using var inMemory = new EngineHarness();
        using var outOfCore = new EngineHarness();
        var expected = await RunAsync(inMemory, null, BetaWorkflow);
        var streamed = await RunAsync(outOfCore, 0, BetaWorkflow);

        AssertSameStepKeysAndOutputs(expected, streamed, 3);

        Assert.Contains("left in the file", Log(outOfCore, streamed, "read"), StringComparison.Ordinal);
        Assert.DoesNotContain("loaded whole", Log(outOfCore, streamed, "kl"), StringComparison.Ordinal);
    }

    private static string DecompositionWorkflow(string npy) => ReadThen("out-of-core-decomposition", npy, """
          pca:
            method: spectral.pca@1
            inputs: { image: "${read.outputs.image}" }
            params: { components: 4 }
          pca_poisson:
            method: spectral.pca@1
            inputs: { image: "${read.outputs.image}" }
            params: { components: 3, poisson_scaling: true }
          svd:
            method: spectral.svd@1
            inputs: { image: "${read.outputs.image}" }
            params: { components: 3, poisson_scaling: true }
        """);

    [Fact]
    public async Task Run_PcaAndSvdOverTheBudget_ReadByRows_SameStepKeysAndOutputsAsInMemory()
    {
        using var inMemory = new EngineHarness();
        using var outOfCore = new EngineHarness();
        var expected = await RunAsync(inMemory, null, DecompositionWorkflow);
        var streamed = await RunAsync(outOfCore, 0, DecompositionWorkflow);

        AssertSameStepKeysAndOutputs(expected, streamed, 4);

        foreach (var id in new[] { "pca", "pca_poisson", "svd" })
        {
            var streamedLog = Log(outOfCore, streamed, id);
            Assert.Contains("read by rows from its file (out of core)", streamedLog, StringComparison.Ordinal);
            Assert.DoesNotContain("out of core", Log(inMemory, expected, id), StringComparison.Ordinal);
        }
    }

    /// <summary>A workflow named <paramref name="name"/> that reads <paramref name="npy"/> (step <c>read</c>) and then runs <paramref name="fits"/> (YAML step entries).</summary>
    private static string ReadThen(string name, string npy, string fits) => $$"""
        kiseki: 1
        name: {{name}}
        seed: 3
        inputs:
          data: { path: {{npy}} }
        steps:
          read:
            method: io.read-spectrum-image@1
            inputs: { file: "${inputs.data}" }
        {{fits}}
        """;

    /// <summary>Both runs succeeded with <paramref name="steps"/> steps, the same step keys and the same output hashes.</summary>
    private static void AssertSameStepKeysAndOutputs(Kiseki.Engine.Execution.RunSummary expected, Kiseki.Engine.Execution.RunSummary streamed, int steps)
    {
        Assert.Equal(RunStatus.Succeeded, expected.Status);
        Assert.Equal(RunStatus.Succeeded, streamed.Status);
        Assert.Equal(steps, expected.Steps.Count);
        foreach (var step in expected.Steps)
        {
            var other = streamed.Steps.Single(s => s.StepId == step.StepId);
            Assert.Equal(step.Key, other.Key);
            Assert.Equal(step.Outputs.OrderBy(o => o.Key), other.Outputs.OrderBy(o => o.Key));
        }
    }

    private static string Log(EngineHarness harness, Kiseki.Engine.Execution.RunSummary summary, string step)
        => harness.Provenance.FindSuccessfulExecution(summary.Steps.Single(s => s.StepId == step).Key!.Value)!.LogExcerpt ?? "";

    private static async Task<Kiseki.Engine.Execution.RunSummary> RunAsync(
        EngineHarness harness, long? budget, Func<string, string>? workflowOf = null)
    {
        var npy = Path.Combine(harness.Directory, "counts.npy");
        using (var stream = File.Create(npy))
        {
            NpyFormat.Write(stream, Counts(23, 29, 40));
        }

        var workflow = harness.Load((workflowOf ?? Workflow)(npy));
        var result = await harness.Runner(arrayBudget: budget).RunAsync(workflow, new RunRequest(), CancellationToken.None);
        return result.Summary;
    }

    /// <summary>Three Gaussian-peak components with smooth maps, as uint16 counts (667 pixels: ragged 256-row chunks).</summary>
    internal static NdArray Counts(int rows, int cols, int channels)
    {
        var values = new ushort[rows * cols * channels];
        for (var p = 0; p < rows * cols; p++)
        {
            for (var j = 0; j < channels; j++)
            {
                var mean = 0.0;
                for (var q = 0; q < 3; q++)
                {
                    var w = 0.5 + (0.5 * Math.Sin((q * 2.1) + (p * 0.013 * (q + 1))));
                    mean += w * (Math.Exp(-Math.Pow((j - (8 + (12 * q))) / 3.0, 2)) + 0.05);
                }

                values[(p * channels) + j] = (ushort)Math.Round((30 * mean) + ((p * 7 + j * 3) % 5));
            }
        }

        return NdArray.Create(values, rows, cols, channels);
    }
}
