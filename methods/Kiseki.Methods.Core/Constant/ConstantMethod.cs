using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Core.Constant;

/// <summary>Emits its <c>value</c> parameter as a JSON number (a source for test and benchmark workflows).</summary>
[Method("core.constant", version: 1, Summary = "Emit a number given as a parameter.",
    Remarks = "Utility method for tests and benchmarks; unitless.")]
public sealed class ConstantMethod : IMethod<ConstantParameters, NoInputs, ConstantOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<ConstantOutputs>> RunAsync(
        NoInputs inputs, ConstantParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(MethodResult.Success(new ConstantOutputs { Value = JsonArtifact.Number(parameters.Value) }));
}

/// <summary>Parameters of <see cref="ConstantMethod"/>.</summary>
public sealed record ConstantParameters
{
    /// <summary>The number to emit.</summary>
    [Description("The number to emit.")]
    public double Value { get; init; }
}

/// <summary>Outputs of <see cref="ConstantMethod"/>.</summary>
public sealed record ConstantOutputs
{
    /// <summary>The value as a JSON number.</summary>
    [Description("The value as a JSON number.")]
    public JsonArtifact Value { get; init; } = JsonArtifact.Number(0);
}
