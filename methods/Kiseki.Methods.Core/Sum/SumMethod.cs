using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Core.Sum;

/// <summary>Adds the numbers on its optional inputs <c>a</c>…<c>h</c> and <c>values</c> (a number or a list) plus an offset.</summary>
[Method("core.sum", version: 1, Summary = "Sum JSON numbers from the inputs a..h and values, plus an offset.",
    Remarks = "Utility method for tests and benchmarks; unitless. Terms are added in port order a..h, then values.")]
public sealed class SumMethod : IMethod<SumParameters, SumInputs, SumOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<SumOutputs>> RunAsync(
        SumInputs inputs, SumParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var total = parameters.Offset;
        var terms = 0;
        foreach (var (port, artifact) in inputs.Ports())
        {
            if (artifact is null)
            {
                continue;
            }

            foreach (var value in Numbers(port, artifact.Value))
            {
                total += value;
                terms++;
            }
        }

        if (!double.IsFinite(total))
        {
            throw MethodException.Failed($"the sum of {terms} terms is not finite ({total}).");
        }

        var outputs = new SumOutputs { Sum = JsonArtifact.Number(total) };
        return ValueTask.FromResult(MethodResult.Success(
            outputs, metrics: new Dictionary<string, double> { ["terms"] = terms }));
    }

    private static IEnumerable<double> Numbers(string port, JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var value in Numbers(port, item))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<double>(out var number):
                yield return number;
                break;
            default:
                throw MethodException.InvalidInput(
                    port, $"expected a JSON number or a list of numbers, got {node?.ToJsonString() ?? "null"}.");
        }
    }
}

/// <summary>Parameters of <see cref="SumMethod"/>.</summary>
public sealed record SumParameters
{
    /// <summary>A number added to the sum of the inputs.</summary>
    [Description("A number added to the sum of the inputs.")]
    public double Offset { get; init; }
}

/// <summary>Inputs of <see cref="SumMethod"/>: every port is optional.</summary>
public sealed record SumInputs
{
    [Description("A number.")] public JsonArtifact? A { get; init; }

    [Description("A number.")] public JsonArtifact? B { get; init; }

    [Description("A number.")] public JsonArtifact? C { get; init; }

    [Description("A number.")] public JsonArtifact? D { get; init; }

    [Description("A number.")] public JsonArtifact? E { get; init; }

    [Description("A number.")] public JsonArtifact? F { get; init; }

    [Description("A number.")] public JsonArtifact? G { get; init; }

    [Description("A number.")] public JsonArtifact? H { get; init; }

    /// <summary>A number or a (nested) list of numbers.</summary>
    [Description("A number or a list of numbers.")]
    public JsonArtifact? Values { get; init; }

    internal IEnumerable<(string Port, JsonArtifact? Artifact)> Ports()
        => [("a", A), ("b", B), ("c", C), ("d", D), ("e", E), ("f", F), ("g", G), ("h", H), ("values", Values)];
}

/// <summary>Outputs of <see cref="SumMethod"/>.</summary>
public sealed record SumOutputs
{
    /// <summary>The sum as a JSON number.</summary>
    [Description("The sum as a JSON number.")]
    public JsonArtifact Sum { get; init; } = JsonArtifact.Number(0);
}
