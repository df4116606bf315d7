using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Core.Fail;

/// <summary>Always fails with its <c>message</c>: exercises failure handling of the engine.</summary>
[Method("core.fail", version: 1, Summary = "Fail with a message (for testing failure handling).",
    Remarks = "Utility method for tests; it never succeeds.")]
public sealed class FailMethod : IMethod<FailParameters, FailInputs, FailOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<FailOutputs>> RunAsync(
        FailInputs inputs, FailParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        context.Log.Info("about to fail on purpose");
        throw MethodException.Failed(parameters.Message);
    }
}

/// <summary>Parameters of <see cref="FailMethod"/>.</summary>
public sealed record FailParameters
{
    /// <summary>The error message.</summary>
    [Description("The error message.")]
    public string Message { get; init; } = "failed on purpose";
}

/// <summary>Inputs of <see cref="FailMethod"/>.</summary>
public sealed record FailInputs
{
    /// <summary>An optional upstream value (only to place the step in a DAG).</summary>
    [Description("An optional upstream value (ignored).")]
    public JsonArtifact? Value { get; init; }
}

/// <summary>Outputs of <see cref="FailMethod"/> (never produced).</summary>
public sealed record FailOutputs
{
    /// <summary>Never produced.</summary>
    [Description("Never produced.")]
    public JsonArtifact Value { get; init; } = JsonArtifact.Number(0);
}
