using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Io.ExportSpectraCsv;

/// <summary>Parameters of <c>io.export-spectra-csv@1</c>.</summary>
public sealed record ExportSpectraCsvParameters
{
    /// <summary>The spectra are stored (components, channels) instead of (channels, components).</summary>
    [Description("The spectra array is (components, channels) instead of (channels, components).")]
    public bool ComponentsFirst { get; init; }

    /// <summary>Prefix of the component column names.</summary>
    [Description("Prefix of the component column names (prefix_1, prefix_2, …).")]
    public string ColumnPrefix { get; init; } = "component";
}

/// <summary>Inputs of <c>io.export-spectra-csv@1</c>.</summary>
public sealed record ExportSpectraCsvInputs
{
    /// <summary>Component spectra, (channels, K) or a single spectrum (channels).</summary>
    [Description("Component spectra, shape (channels, K) (or (K, channels) with components_first), or one spectrum (channels).")]
    public required NdArray Spectra { get; init; }

    /// <summary>Optional spectrum image whose channel axis gives the energy column.</summary>
    [Description("Optional spectrum image whose channel axis calibrates the first column; without it the column is the channel index.")]
    public SpectrumImage? Image { get; init; }
}

/// <summary>Outputs of <c>io.export-spectra-csv@1</c>.</summary>
public sealed record ExportSpectraCsvOutputs
{
    /// <summary>The table: axis column then one column per component.</summary>
    [Description("Table with the calibrated channel axis (named after the axis, with units) and one column per component.")]
    public required Table Table { get; init; }
}

/// <summary>Exports component spectra as a CSV table with an energy (or channel) column.</summary>
[Method("io.export-spectra-csv", 1,
    Summary = "Export component spectra (channels × K) as a CSV table with a calibrated energy column.",
    Remarks = "First column: the image's channel axis value offset + i·scale, named '<axis> (<units>)'; without an image, "
              + "'channel' = i. Then one column per component in input order. Numbers in invariant shortest round-trip form.")]
public sealed class ExportSpectraCsvMethod : IMethod<ExportSpectraCsvParameters, ExportSpectraCsvInputs, ExportSpectraCsvOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<ExportSpectraCsvOutputs>> RunAsync(
        ExportSpectraCsvInputs inputs, ExportSpectraCsvParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var spectra = inputs.Spectra;
        if (spectra.Rank is not (1 or 2) || spectra.Length == 0)
        {
            throw MethodException.InvalidInput("spectra", $"shape ({string.Join(", ", spectra.Shape)}); expected (channels, K) or (channels)");
        }

        if (string.IsNullOrWhiteSpace(parameters.ColumnPrefix))
        {
            throw MethodException.InvalidParameter("column_prefix", "must not be empty");
        }

        var (channels, components) = spectra.Rank == 1 ? (spectra.Shape[0], 1)
            : parameters.ComponentsFirst ? (spectra.Shape[1], spectra.Shape[0]) : (spectra.Shape[0], spectra.Shape[1]);
        var columns = new List<TableColumn>();
        if (inputs.Image is { } image)
        {
            if (image.Channels != channels)
            {
                throw MethodException.InvalidInput("image", $"has {image.Channels} channels but the spectra have {channels}");
            }

            var axis = image.ChannelAxis;
            var name = axis.Units.Length == 0 ? axis.Name : $"{axis.Name} ({axis.Units})";
            columns.Add(TableColumn.Numeric(name, [.. Enumerable.Range(0, channels).Select(i => axis.ValueAt(i))]));
        }
        else
        {
            columns.Add(TableColumn.Numeric("channel", [.. Enumerable.Range(0, channels).Select(i => (double)i)]));
        }

        for (var k = 0; k < components; k++)
        {
            var values = new double[channels];
            for (var c = 0; c < channels; c++)
            {
                var index = spectra.Rank == 1 ? c : parameters.ComponentsFirst ? ((long)k * channels) + c : ((long)c * components) + k;
                values[c] = spectra.GetDouble(index);
            }

            columns.Add(TableColumn.Numeric($"{parameters.ColumnPrefix}_{k + 1}", values));
        }

        return ValueTask.FromResult(MethodResult.Success(new ExportSpectraCsvOutputs { Table = new Table(columns) }));
    }
}
