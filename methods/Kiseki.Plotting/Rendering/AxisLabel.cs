using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Plots.Rendering;

/// <summary>Axis labels and value grids taken from calibrated <see cref="Axis"/> records.</summary>
public static class AxisLabel
{
    /// <summary>"Energy loss (eV)" style label: a friendly name for known axes, with units in brackets when known.</summary>
    public static string Of(Axis axis, SignalKind signal = SignalKind.Unknown)
    {
        ArgumentNullException.ThrowIfNull(axis);
        var name = string.IsNullOrWhiteSpace(axis.Name) ? "channel" : axis.Name;
        if (signal == SignalKind.Eels && axis.Units == "eV")
        {
            name = "Energy loss";
        }
        else if (name.Length > 0)
        {
            name = char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];
        }

        return string.IsNullOrWhiteSpace(axis.Units) ? name : $"{name} ({axis.Units})";
    }

    /// <summary>Calibrated values of every index of an axis.</summary>
    public static double[] Values(Axis axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        var values = new double[axis.Size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = axis.ValueAt(i);
        }

        return values;
    }

    /// <summary>The shape of an array as "(a, b, c)".</summary>
    public static string Shape(NdArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return "(" + string.Join(", ", array.Shape) + ")";
    }
}
