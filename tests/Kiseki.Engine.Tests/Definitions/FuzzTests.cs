using CsCheck;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Tests.Definitions;

public sealed class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "kiseki: 1\n", "steps:\n", "  a:\n", "    method: front.scale@1\n", "    inputs: { data: \"${a.outputs.result}\" }\n",
        "    params: { components: ", "}", "{", "[", "]", ",", ": ", "- ", "&x ", "*x", "!!str ", "'", "\"", "\t", "\n", "  ",
        "${params.k}", "${inputs.", "matrix: { size: [1, 2] }\n", "---\n", "? ", "|\n", ">\n", "#", "%YAML 1.2\n", "\uE000", "\\u0000",
        "0x1F", ".nan", "-.inf", "1e309", "9999999999999999999999", "~", "null", "true",
    ];

    [Fact]
    public void Bind_RandomText_OnlyWorkflowException()
    {
        var generator = Gen.Select(Gen.Int[0, Fragments.Length - 1], Gen.Char.AlphaNumeric, (i, c) => Fragments[i] + c)
            .Array[0, 30].Select(parts => string.Concat(parts));
        generator.Sample(Check, iter: 6_000, threads: 1);
    }

    [Fact]
    public void Bind_MutatedValidWorkflow_OnlyWorkflowException()
    {
        var text = Front.Valid;
        var generator = Gen.Select(Gen.Int[0, text.Length], Gen.Int[0, 5], Gen.Int[0, Fragments.Length - 1], Gen.Int[0, 2])
            .Array[1, 4]
            .Select(edits =>
            {
                var mutated = text;
                foreach (var (at, length, fragment, kind) in edits)
                {
                    var position = Math.Min(at, mutated.Length);
                    var cut = Math.Min(length, mutated.Length - position);
                    mutated = kind switch
                    {
                        0 => mutated.Remove(position, cut),
                        1 => mutated.Insert(position, Fragments[fragment]),
                        _ => mutated.Remove(position, cut).Insert(position, Fragments[fragment]),
                    };
                }

                return mutated;
            });
        generator.Sample(Check, iter: 6_000, threads: 1);
    }

    private static void Check(string text)
    {
        try
        {
            Front.Bind(text);
        }
        catch (WorkflowException e)
        {
            Assert.All(e.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Code)));
        }
    }
}
