using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Core.Wait;

/// <summary>Waits for <c>milliseconds</c>, honouring cancellation, then passes its input (or the wait time) on.</summary>
[Method("core.wait", version: 1, Summary = "Wait a number of milliseconds (for testing cancellation and parallelism).",
    Remarks = "Utility method for tests; milliseconds of wall time.")]
public sealed class WaitMethod : IMethod<WaitParameters, WaitInputs, WaitOutputs>
{
    /// <inheritdoc />
    public async ValueTask<MethodResult<WaitOutputs>> RunAsync(
        WaitInputs inputs, WaitParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(parameters.Milliseconds, cancellationToken).ConfigureAwait(false);
        context.Progress.Report(new StepProgress(1.0, "waited"));
        var value = inputs.Value ?? JsonArtifact.Integer(parameters.Milliseconds);
        return MethodResult.Success(new WaitOutputs { Value = value });
    }
}

/// <summary>Parameters of <see cref="WaitMethod"/>.</summary>
public sealed record WaitParameters
{
    /// <summary>How long to wait (ms).</summary>
    [Description("How long to wait, in milliseconds.")]
    [Range(0, 86_400_000)]
    public int Milliseconds { get; init; } = 100;
}

/// <summary>Inputs of <see cref="WaitMethod"/>.</summary>
public sealed record WaitInputs
{
    /// <summary>An optional value passed through unchanged.</summary>
    [Description("An optional value passed through unchanged.")]
    public JsonArtifact? Value { get; init; }
}

/// <summary>Outputs of <see cref="WaitMethod"/>.</summary>
public sealed record WaitOutputs
{
    /// <summary>The input value, or the wait time when there is no input.</summary>
    [Description("The input value, or the wait time in milliseconds.")]
    public JsonArtifact Value { get; init; } = JsonArtifact.Number(0);
}
