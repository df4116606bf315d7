using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io.WriteNpy;

/// <summary>Element type of the written array.</summary>
public enum NpyElementType
{
    /// <summary>Keep the input's element type.</summary>
    Keep,

    /// <summary>Convert to float32.</summary>
    Float32,

    /// <summary>Convert to float64.</summary>
    Float64,
}

/// <summary>Parameters of <c>io.write-npy@1</c>.</summary>
public sealed record WriteNpyParameters
{
    /// <summary>Element type of the output.</summary>
    [Description("Element type of the written array: keep, float32 or float64.")]
    public NpyElementType Dtype { get; init; } = NpyElementType.Keep;
}

/// <summary>Inputs of <c>io.write-npy@1</c>: exactly one of the two ports.</summary>
public sealed record WriteNpyInputs
{
    /// <summary>An array to write.</summary>
    [Description("An array to write (give this or 'image').")]
    public NdArray? Array { get; init; }

    /// <summary>A spectrum image whose (rows, cols, channels) data is written.</summary>
    [Description("A spectrum image whose (rows, cols, channels) data is written (give this or 'array').")]
    public SpectrumImage? Image { get; init; }
}

/// <summary>Outputs of <c>io.write-npy@1</c>.</summary>
public sealed record WriteNpyOutputs
{
    /// <summary>The array, re-encoded through the .npy format.</summary>
    [Description("The array as written to .npy (little-endian, C order); the engine stores it as an .npy object.")]
    public required NdArray Array { get; init; }
}

/// <summary>
/// Writes an array (or a spectrum image's data) as NumPy <c>.npy</c>. Outputs are artifacts, so the result is the array
/// decoded back from the <c>.npy</c> bytes; the engine stores every array as <c>.npy</c>, which is the file a user
/// exports (<c>kiseki invoke … --out DIR</c> writes it as <c>array.npy</c>).
/// </summary>
[Method("io.write-npy", 1,
    Summary = "Write an array or a spectrum image's data as a NumPy .npy array (optionally converted to float32/float64).",
    Remarks = "NumPy format version 1.0 (2.0 when the header needs it), little-endian, C order. Values are unchanged unless "
              + "dtype converts them; units are those of the input.")]
public sealed class WriteNpyMethod : IMethod<WriteNpyParameters, WriteNpyInputs, WriteNpyOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<WriteNpyOutputs>> RunAsync(
        WriteNpyInputs inputs, WriteNpyParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        if ((inputs.Array is null) == (inputs.Image is null))
        {
            throw MethodException.InvalidInput("array", "give exactly one of 'array' or 'image'");
        }

        var array = inputs.Array ?? inputs.Image!.Data;
        array = parameters.Dtype switch
        {
            NpyElementType.Float32 when array.DType != DType.Float32 => ToFloat32(array),
            NpyElementType.Float64 when array.DType != DType.Float64 => NdArray.Create(array.ToDoubleArray(), [.. array.Shape]),
            _ => array,
        };
        var written = NpyFormat.Read(NpyFormat.ToBytes(array));
        return ValueTask.FromResult(MethodResult.Success(new WriteNpyOutputs { Array = written }));
    }

    private static NdArray ToFloat32(NdArray array)
    {
        var values = new float[array.Length];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = (float)array.GetDouble(i);
        }

        return ArrayLayout.Create(values, DType.Float32, [.. array.Shape]);
    }
}
