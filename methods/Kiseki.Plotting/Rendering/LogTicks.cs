using System.Globalization;
using ScottPlot;

namespace Kiseki.Methods.Plots.Rendering;

/// <summary>How a base-10 logarithmic axis is ticked.</summary>
public enum LogTickStyle
{
    /// <summary>Labels at whole decades only (the figures of the version-1 plot methods; an axis spanning less than a decade may get no label).</summary>
    DecadesOnly,

    /// <summary>Labels at decades, 1-2-5 or 1…9 times a power of ten, or linear 1-2-5 steps: whatever gives at least three labels.</summary>
    Labelled,
}

/// <summary>One tick of a logarithmic axis: its position (log10 of the value), the value and its label.</summary>
/// <param name="Position">log10 of <paramref name="Value"/>: where the tick is drawn on an axis of log10 values.</param>
/// <param name="Value">The value at the tick.</param>
/// <param name="Label">The label (empty for a minor tick).</param>
/// <param name="Major">True for a labelled tick.</param>
public readonly record struct LogTick(double Position, double Value, string Label, bool Major);

/// <summary>
/// Ticks for an axis that shows log10 of positive values. The first of these that gives at least three labels in the
/// visible range is used: whole decades (minor ticks at 2…9), 1-2-5 times a power of ten, 1…9 times a power of ten,
/// and for ranges narrower than that, linear steps of 1, 2 or 5 times a power of ten. Labels are plain numbers from
/// 0.001 to below 100000 and <c>2e-5</c>-style otherwise, with as many digits as the step between labels needs.
/// </summary>
public static class LogTicks
{
    private const int MinimumLabels = 3;
    private const int MaximumLabels = 12;
    private static readonly int[][] MantissaSets = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];

    /// <summary>Ticks between <paramref name="lowLog"/> and <paramref name="highLog"/> (log10 values, either order).</summary>
    public static IReadOnlyList<LogTick> For(double lowLog, double highLog)
    {
        if (!double.IsFinite(lowLog) || !double.IsFinite(highLog))
        {
            return [];
        }

        (lowLog, highLog) = (Math.Min(lowLog, highLog), Math.Max(lowLog, highLog));
        if (highLog - lowLog < 1e-9)
        {
            (lowLog, highLog) = (lowLog - 0.01, highLog + 0.01);
        }

        foreach (var set in MantissaSets)
        {
            var majors = Mantissas(lowLog, highLog, set);
            if (majors.Count >= MinimumLabels)
            {
                return WithMinors(Thin(majors), lowLog, highLog, set);
            }
        }

        return Linear(lowLog, highLog);
    }

    /// <summary>The label of <paramref name="value"/> when adjacent labels differ by <paramref name="resolution"/> (a 1, 2 or 5 times a power of ten).</summary>
    public static string Format(double value, double resolution)
    {
        if (value == 0)
        {
            return "0";
        }

        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)) + 1e-9);
        var step = (int)Math.Floor(Math.Log10(resolution) + 1e-9);
        if (exponent is >= -3 and < 5)
        {
            return value.ToString("F" + Math.Max(0, -step).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        var mantissa = value / Math.Pow(10, exponent);
        var digits = Math.Max(0, exponent - step);
        var text = mantissa.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static List<LogTick> Mantissas(double lowLog, double highLog, int[] set)
    {
        var ticks = new List<LogTick>();
        for (var n = (int)Math.Floor(lowLog) - 1; n <= (int)Math.Ceiling(highLog); n++)
        {
            var decade = Math.Pow(10, n);
            foreach (var m in set)
            {
                var value = m * decade;
                var position = Math.Log10(value);
                if (position >= lowLog - 1e-9 && position <= highLog + 1e-9)
                {
                    ticks.Add(new LogTick(position, value, Format(value, decade), true));
                }
            }
        }

        return ticks;
    }

    /// <summary>Keeps every k-th label of a long run of decades so that at most <see cref="MaximumLabels"/> remain.</summary>
    private static List<LogTick> Thin(List<LogTick> majors)
    {
        var every = (majors.Count + MaximumLabels - 1) / MaximumLabels;
        return every <= 1 ? majors : [.. majors.Where((_, i) => i % every == 0)];
    }

    private static List<LogTick> WithMinors(List<LogTick> majors, double lowLog, double highLog, int[] set)
    {
        var ticks = new List<LogTick>(majors);
        if (set.Length < 9 && highLog - lowLog <= 8)
        {
            var labelled = majors.Select(t => t.Position).ToHashSet();
            ticks.AddRange(Mantissas(lowLog, highLog, MantissaSets[2])
                .Where(t => !labelled.Any(p => Math.Abs(p - t.Position) < 1e-9))
                .Select(t => t with { Label = "", Major = false }));
        }

        return [.. ticks.OrderBy(t => t.Position)];
    }

    private static List<LogTick> Linear(double lowLog, double highLog)
    {
        var (low, high) = (Math.Pow(10, lowLog), Math.Pow(10, highLog));
        var step = NiceStep((high - low) / 8);
        var ticks = new List<LogTick>();
        for (var k = Math.Ceiling(low / step); k * step <= high * (1 + 1e-12); k++)
        {
            var value = k * step;
            if (value > 0)
            {
                ticks.Add(new LogTick(Math.Log10(value), value, Format(value, step), true));
            }
        }

        return ticks;
    }

    /// <summary>The smallest 1, 2 or 5 times a power of ten not below <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        var decade = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
        {
            if (m * decade >= rough * (1 - 1e-12))
            {
                return m * decade;
            }
        }

        return 10 * decade;
    }
}

/// <summary>A ScottPlot tick generator that places <see cref="LogTicks"/> on an axis of log10 values.</summary>
public sealed class LogTickGenerator : ITickGenerator
{
    /// <inheritdoc />
    public Tick[] Ticks { get; set; } = [];

    /// <inheritdoc />
    public int MaxTickCount { get; set; } = 10_000;

    /// <inheritdoc />
    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
        => Ticks = [.. LogTicks.For(range.Min, range.Max).Select(t => new Tick(t.Position, t.Label, t.Major))];
}
