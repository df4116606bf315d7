using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Tests.Definitions;

public sealed record FrontSourceParameters
{
    [Description("Number of values.")]
    [Range(1, 100)]
    public int Size { get; init; } = 3;
}

public sealed record FrontSourceOutputs
{
    [Description("The values.")]
    public NdArray? Data { get; init; }
}

[Method("front.source", 1, Summary = "Makes a small array.", Remarks = "Test method.", Cpus = 2, MemoryMb = 2048, TimeMinutes = 10)]
public sealed class FrontSourceMethod : IMethod<FrontSourceParameters, NoInputs, FrontSourceOutputs>
{
    public ValueTask<MethodResult<FrontSourceOutputs>> RunAsync(
        NoInputs inputs, FrontSourceParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(MethodResult.Success(new FrontSourceOutputs { Data = NdArray.Create(new double[parameters.Size], parameters.Size) }));
}

public enum FrontMode
{
    Fast,
    SlowAndSteady,
    [ChoiceName("malspy-0.4.0")]
    Malspy,
}

public sealed record FrontScaleParameters
{
    [Range(1, 64)]
    public required int Components { get; init; }

    [Range(0.0, 10.0)]
    public double Factor { get; init; } = 1.0;

    public FrontMode Mode { get; init; } = FrontMode.Fast;

    /// <summary>Added after runs were recorded: left out of the canonical parameters while it holds its default.</summary>
    [OmittedAtDefault]
    public FrontMode Precision { get; init; } = FrontMode.Fast;
}

public sealed record FrontScaleInputs
{
    public NdArray Data { get; init; } = null!;

    public NdArray? Extra { get; init; }
}

public sealed record FrontScaleOutputs
{
    public NdArray Result { get; init; } = null!;

    public Figure? Plot { get; init; }
}

[Method("front.scale", 1, Summary = "Scales an array.")]
public sealed class FrontScaleMethod : IMethod<FrontScaleParameters, FrontScaleInputs, FrontScaleOutputs>
{
    public ValueTask<MethodResult<FrontScaleOutputs>> RunAsync(
        FrontScaleInputs inputs, FrontScaleParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(MethodResult.Success(new FrontScaleOutputs { Result = inputs.Data }));
}

[Method("front.scale", 2, Summary = "Scales an array (v2).")]
public sealed class FrontScaleV2Method : IMethod<FrontScaleParameters, FrontScaleInputs, FrontScaleOutputs>
{
    public ValueTask<MethodResult<FrontScaleOutputs>> RunAsync(
        FrontScaleInputs inputs, FrontScaleParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(MethodResult.Success(new FrontScaleOutputs { Result = inputs.Data }));
}

public sealed record FrontReadInputs
{
    public FileArtifact File { get; init; } = null!;
}

public sealed record FrontReadOutputs
{
    public NdArray Data { get; init; } = null!;
}

public sealed record FrontEmptyParameters;

[Method("front.read", 1, Summary = "Reads a file.")]
public sealed class FrontReadMethod : IMethod<FrontEmptyParameters, FrontReadInputs, FrontReadOutputs>
{
    public ValueTask<MethodResult<FrontReadOutputs>> RunAsync(
        FrontReadInputs inputs, FrontEmptyParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => throw new NotSupportedException();
}

public sealed record FrontAnyInputs
{
    public IArtifact Anything { get; init; } = null!;
}

public sealed record FrontAnyOutputs
{
    public JsonArtifact Summary { get; init; } = null!;
}

public sealed record FrontListsParameters
{
    public int[] Sizes { get; init; } = [1, 2];

    public double[] Weights { get; init; } = [];

    public double[][] Grid { get; init; } = [];

    public string[] Labels { get; init; } = [];

    public string Label { get; init; } = "x";

    public bool Flag { get; init; }

    public long Big { get; init; }

    public int? Maybe { get; init; }

    public double? Alpha { get; init; }

    public string? Note { get; init; }
}

[Method("front.any", 1, Summary = "Summarises any artifact.")]
public sealed class FrontAnyMethod : IMethod<FrontListsParameters, FrontAnyInputs, FrontAnyOutputs>
{
    public ValueTask<MethodResult<FrontAnyOutputs>> RunAsync(
        FrontAnyInputs inputs, FrontListsParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => throw new NotSupportedException();
}

public sealed record FrontSearchParameters
{
    [Description("Points to evaluate.")]
    [Range(1, 100)]
    public int Budget { get; init; } = 3;
}

public sealed record FrontSearchOutputs
{
    [Description("The best value.")]
    public JsonArtifact? Best { get; init; }
}

[Method("front.search", 1, Summary = "Searches by evaluating points.", Evaluates = true)]
public sealed class FrontSearchMethod : IMethod<FrontSearchParameters, NoInputs, FrontSearchOutputs>
{
    public ValueTask<MethodResult<FrontSearchOutputs>> RunAsync(
        NoInputs inputs, FrontSearchParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => throw new NotSupportedException();
}

public sealed record FrontPointParameters
{
    [Description("Coordinate.")]
    public double X { get; init; }
}

public sealed record FrontPointOutputs
{
    [Description("The value at the point.")]
    public JsonArtifact? Value { get; init; }
}

[Method("front.point", 1, Summary = "Evaluates one point.")]
public sealed class FrontPointMethod : IMethod<FrontPointParameters, NoInputs, FrontPointOutputs>
{
    public ValueTask<MethodResult<FrontPointOutputs>> RunAsync(
        NoInputs inputs, FrontPointParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => throw new NotSupportedException();
}

/// <summary>The catalog of test-only methods used by the front-end tests.</summary>
public static class FrontCatalog
{
    public static MethodCatalog Instance { get; } = MethodCatalog.Create(b => b
        .Add(typeof(FrontSourceMethod))
        .Add(typeof(FrontScaleMethod))
        .Add(typeof(FrontScaleV2Method))
        .Add(typeof(FrontReadMethod))
        .Add(typeof(FrontAnyMethod))
        .Add(typeof(FrontSearchMethod))
        .Add(typeof(FrontPointMethod)));
}

public sealed record FrontBadOmittedParameters
{
    [OmittedAtDefault]
    public int? Limit { get; init; }
}

/// <summary>Not in the catalog: an omitted-at-default parameter without a default breaks the method contract.</summary>
[Method("front.bad-omitted", 1, Summary = "Broken on purpose.")]
public sealed class FrontBadOmittedMethod : IMethod<FrontBadOmittedParameters, NoInputs, FrontSourceOutputs>
{
    public ValueTask<MethodResult<FrontSourceOutputs>> RunAsync(
        NoInputs inputs, FrontBadOmittedParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(MethodResult.Success(new FrontSourceOutputs()));
}
