using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Parses step resource values: memory (<c>4G</c>, <c>512M</c>, plain MiB) and time (<c>01:30:00</c>, <c>90m</c>, plain minutes).</summary>
public static partial class ResourceValues
{
    /// <summary>Largest accepted memory request (1 PiB in MiB).</summary>
    public const long MaxMemoryMb = 1L << 30;

    /// <summary>Longest accepted wall time (365 days in minutes).</summary>
    public const long MaxTimeMinutes = 365L * 24 * 60;

    /// <summary>Memory in MiB (rounded up); suffixes K, M, G, T (binary, optional trailing B or iB); plain numbers are MiB.</summary>
    public static bool TryParseMemory(string text, out int megabytes)
    {
        megabytes = 0;
        var match = MemoryPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var factor = char.ToUpperInvariant(match.Groups[2].Value.FirstOrDefault('M')) switch
        {
            'K' => 1.0 / 1024,
            'M' => 1.0,
            'G' => 1024.0,
            'T' => 1024.0 * 1024,
            _ => double.NaN,
        };
        var value = Math.Ceiling(amount * factor);
        if (!(value >= 1 && value <= Math.Min(MaxMemoryMb, int.MaxValue)))
        {
            return false;
        }

        megabytes = (int)value;
        return true;
    }

    /// <summary>Wall time in minutes (rounded up): <c>[D-]HH:MM:SS</c>, or a number with suffix d, h, m or s; plain numbers are minutes.</summary>
    public static bool TryParseTime(string text, out int minutes)
    {
        minutes = 0;
        text = text.Trim();
        double seconds;
        var clock = ClockPattern().Match(text);
        if (clock.Success)
        {
            var days = clock.Groups[1].Success ? Int(clock.Groups[1].Value) : 0;
            var hours = Int(clock.Groups[2].Value);
            var mins = Int(clock.Groups[3].Value);
            var secs = Int(clock.Groups[4].Value);
            if (mins >= 60 || secs >= 60)
            {
                return false;
            }

            seconds = (((days * 24.0) + hours) * 60 + mins) * 60 + secs;
        }
        else
        {
            var unit = UnitPattern().Match(text);
            if (!unit.Success || !double.TryParse(unit.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            seconds = amount * (unit.Groups[2].Value switch
            {
                "d" => 86400,
                "h" => 3600,
                "s" => 1,
                _ => 60,
            });
        }

        var value = Math.Ceiling(seconds / 60);
        if (!(value >= 1 && value <= MaxTimeMinutes))
        {
            return false;
        }

        minutes = (int)value;
        return true;
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([KkMmGgTt]?)(?:i?[Bb])?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^(?:([0-9]{1,3})-)?([0-9]{1,4}):([0-9]{2}):([0-9]{2})$")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(d|h|m|min|s)?$")]
    private static partial Regex UnitPattern();
}
