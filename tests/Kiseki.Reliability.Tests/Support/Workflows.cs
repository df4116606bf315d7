using System.Globalization;

namespace Kiseki.Reliability.Tests.Support;

/// <summary>Workflows of the utility methods used by the reliability tests.</summary>
internal static class Workflows
{
    /// <summary>
    /// A chain of eight steps (arrays, constants, waits, sums) whose keys all depend on <paramref name="seed"/>;
    /// run with <c>--jobs 1</c> its steps finish one after another, so a kill at any moment leaves some done.
    /// </summary>
    public static string Chain(int seed, int waitMilliseconds = 150) => string.Create(CultureInfo.InvariantCulture, $$"""
        kiseki: 1
        name: chain
        seed: {{seed}}
        steps:
          big:
            method: core.random-array@1
            params: { shape: [256, 256] }
          tag:
            method: core.constant@1
            params: { value: {{seed}} }
          w1:
            method: core.wait@1
            params: { milliseconds: {{waitMilliseconds}} }
            inputs: { value: "${tag.outputs.value}" }
          normal:
            method: core.random-array@1
            params: { shape: [128, 64], distribution: normal }
          w2:
            method: core.wait@1
            params: { milliseconds: {{waitMilliseconds}} }
            inputs: { value: "${w1.outputs.value}" }
          s1:
            method: core.sum@1
            params: { offset: 1.5 }
            inputs: { a: "${w2.outputs.value}", b: "${tag.outputs.value}" }
          w3:
            method: core.wait@1
            params: { milliseconds: {{waitMilliseconds}} }
            inputs: { value: "${s1.outputs.sum}" }
          total:
            method: core.sum@1
            inputs: { a: "${w3.outputs.value}", b: "${s1.outputs.sum}" }
        """);

    /// <summary>
    /// Two overlapping workflows: both contain the steps <c>shared</c>, <c>slow</c> and <c>sum</c> with the same keys
    /// (same seed, same ids, same parameters), and each has its own extra step.
    /// </summary>
    public static string Overlapping(string extra, double value) => string.Create(CultureInfo.InvariantCulture, $$"""
        kiseki: 1
        name: overlap-{{extra}}
        seed: 5
        steps:
          shared:
            method: core.random-array@1
            params: { shape: [200, 200] }
          one:
            method: core.constant@1
            params: { value: 1.0 }
          slow:
            method: core.wait@1
            params: { milliseconds: 4000 }
            inputs: { value: "${one.outputs.value}" }
          sum:
            method: core.sum@1
            inputs: { a: "${slow.outputs.value}", b: "${one.outputs.value}" }
          {{extra}}:
            method: core.constant@1
            params: { value: {{value}} }
        """);
}
