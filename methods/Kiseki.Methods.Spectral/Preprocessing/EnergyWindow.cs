using System.Globalization;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Preprocessing;

/// <summary>A run of channels [First, First + Count) selected by calibrated values.</summary>
public readonly record struct EnergyWindow(int First, int Count)
{
    /// <summary>Index one past the last channel.</summary>
    public int End => First + Count;

    /// <summary>
    /// The channels whose calibrated value v satisfies start ≤ v ≤ end (a relative slack of 1e-9 of a channel absorbs
    /// round-off). Throws <see cref="MethodException.InvalidParameter"/> naming <paramref name="startName"/> or
    /// <paramref name="endName"/> when start ≥ end, the window lies outside the axis, or it holds no channel. A window
    /// that only partly overlaps the axis is clipped to it and <paramref name="clipped"/> is set.
    /// </summary>
    public static EnergyWindow Resolve(
        Axis axis, double start, double end, string startName, string endName, out bool clipped)
    {
        ArgumentNullException.ThrowIfNull(axis);
        if (!double.IsFinite(start) || !double.IsFinite(end))
        {
            throw MethodException.InvalidParameter(startName, $"{startName} and {endName} must be finite numbers.");
        }

        if (!(start < end))
        {
            throw MethodException.InvalidParameter(
                endName, $"{endName} ({Format(end)}) must be greater than {startName} ({Format(start)}).");
        }

        if (axis.Scale == 0 || axis.Size == 0)
        {
            throw MethodException.InvalidInput("image", "the channel axis has zero scale or no channels; it cannot be windowed.");
        }

        double a = axis.IndexOf(start), b = axis.IndexOf(end);
        if (a > b)
        {
            (a, b) = (b, a);
        }

        var first = (int)Math.Ceiling(a - 1e-9);
        var last = (int)Math.Floor(b + 1e-9);
        double lo = Math.Min(axis.ValueAt(0), axis.ValueAt(axis.Size - 1));
        double hi = Math.Max(axis.ValueAt(0), axis.ValueAt(axis.Size - 1));
        var range = $"the axis spans {Format(lo)} to {Format(hi)} {axis.Units}".TrimEnd();
        if (last < 0 || first > axis.Size - 1)
        {
            throw MethodException.InvalidParameter(
                startName, $"the window {Format(start)} to {Format(end)} {axis.Units} lies outside the axis: {range}.");
        }

        clipped = first < 0 || last > axis.Size - 1;
        first = Math.Max(first, 0);
        last = Math.Min(last, axis.Size - 1);
        if (last < first)
        {
            throw MethodException.InvalidParameter(
                endName,
                $"the window {Format(start)} to {Format(end)} {axis.Units} holds no channel (channel step " +
                $"{Format(Math.Abs(axis.Scale))}); widen it.");
        }

        return new EnergyWindow(first, last - first + 1);
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
