using System.Globalization;
using System.Text;

namespace Kiseki.Bench.Engine;

/// <summary>Generates a fan-out/fan-in workflow: one root constant, L sums reading it, then an 8-ary tree of sums.</summary>
internal static class FanOutWorkflow
{
    public static (string Yaml, int Steps, int Leaves) Generate(int targetSteps)
    {
        var leaves = 1;
        while (Count(leaves + 1) <= targetSteps)
        {
            leaves++;
        }

        var builder = new StringBuilder();
        builder.Append("kiseki: 1\nname: fanout\nseed: 1\nsteps:\n  root:\n    method: core.constant@1\n    params: { value: 1.0 }\n");
        var level = new List<string>();
        for (var i = 0; i < leaves; i++)
        {
            var id = $"leaf_{i}";
            builder.Append(CultureInfo.InvariantCulture, $"  {id}:\n    method: core.sum@1\n    inputs: {{ a: \"${{root.outputs.value}}\" }}\n    params: {{ offset: {i}.0 }}\n");
            level.Add(id);
        }

        var depth = 0;
        while (level.Count > 1)
        {
            var next = new List<string>();
            for (var g = 0; g * 8 < level.Count; g++)
            {
                var id = $"sum_{depth}_{g}";
                var ports = level.Skip(g * 8).Take(8).Select((s, k) => $"{(char)('a' + k)}: \"${{{s}.outputs.sum}}\"");
                builder.Append(CultureInfo.InvariantCulture, $"  {id}:\n    method: core.sum@1\n    inputs: {{ {string.Join(", ", ports)} }}\n");
                next.Add(id);
            }

            level = next;
            depth++;
        }

        builder.Append(CultureInfo.InvariantCulture, $"publish:\n  total: ${{{level[0]}.outputs.sum}}\n");
        return (builder.ToString(), Count(leaves), leaves);
    }

    private static int Count(int leaves)
    {
        var total = 1 + leaves;
        var level = leaves;
        while (level > 1)
        {
            level = (level + 7) / 8;
            total += level;
        }

        return total;
    }
}
