using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// EMSA/MAS spectral data files (EMSA 1.0, ISO 22029:2022), read leniently: the number of values is counted (more
/// than NPOINTS declares are kept; fewer mean the file was cut short and are refused unless allowed); values may be separated by commas, spaces or both with trailing commas; a line may hold
/// several values; keywords may carry unit suffixes (<c>#BEAMKV -kV</c>, <c>#XPOSITION mm</c>); the end marker may be
/// missing; DATATYPE XY keeps the y values and rebuilds x from OFFSET and XPERCHAN.
/// </summary>
internal static class EmsaReader
{
    private const long MaxTextBytes = 256L << 20;

    public static SpectrumImage Read(string path) => Read(path, allowTruncated: false);

    /// <summary>
    /// Reads an EMSA file. A file holding fewer values than its NPOINTS declares was cut short and is refused, unless
    /// <paramref name="allowTruncated"/>: then the values present are read and the source metadata records
    /// <c>truncated: { declared, read }</c> so the caller can warn.
    /// </summary>
    public static SpectrumImage Read(string path, bool allowTruncated)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxTextBytes)
        {
            throw FileFormatException.Whole(path, $"{info.Length} bytes is too large for an EMSA text file (at most {MaxTextBytes})");
        }

        var lines = Encoding.Latin1.GetString(File.ReadAllBytes(path)).Split('\n');
        var keys = new JsonObject();
        var values = new List<double>();
        var inData = false;
        var xy = false;
        var lineCounts = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var (key, unit, value) = SplitKeyword(line);
                if (key == "SPECTRUM")
                {
                    inData = true;
                    xy = (keys["DATATYPE"]?.GetValue<string>() ?? "Y").Trim().StartsWith("XY", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                if (key == "ENDOFDATA")
                {
                    break;
                }

                if (!inData && key.Length > 0)
                {
                    Store(keys, key, unit, value);
                }

                continue;
            }

            if (!inData)
            {
                throw FileFormatException.AtLine(path, i + 1, "text before #SPECTRUM that is not a '#KEYWORD : value' line");
            }

            var before = values.Count;
            ParseDataLine(line, values, path, i + 1);
            lineCounts.Add(values.Count - before);
        }

        if (keys["FORMAT"] is null)
        {
            throw FileFormatException.AtKey(path, "FORMAT", "missing; expected '#FORMAT : EMSA/MAS Spectral Data File'");
        }

        if (!inData)
        {
            throw FileFormatException.AtKey(path, "SPECTRUM", "missing #SPECTRUM line; expected the data to follow it");
        }

        // A 'Y' file whose every data line holds an (x, y) pair, one line per declared point, is read as XY.
        var npoints = Number(keys, "NPOINTS", -1, path);
        if (!xy && lineCounts.Count > 0 && lineCounts.All(c => c == 2) && lineCounts.Count == (int)npoints)
        {
            xy = true;
        }

        var y = xy ? values.Where((_, k) => k % 2 == 1).ToArray() : [.. values];
        if (y.Length == 0)
        {
            throw FileFormatException.AtKey(path, "SPECTRUM", "no data values after #SPECTRUM");
        }

        JsonObject? truncated = null;
        if (npoints >= 1 && npoints <= int.MaxValue && y.Length < (long)npoints)
        {
            var message = $"declares {npoints:0} values but the data holds only {y.Length}: the file was cut short";
            if (!allowTruncated)
            {
                throw FileFormatException.AtKey(path, "NPOINTS", message + " (read it anyway with allow_truncated: true)");
            }

            truncated = new JsonObject { ["declared"] = (long)npoints, ["read"] = y.Length };
        }

        var offset = Number(keys, "OFFSET", 0, path);
        var scale = Number(keys, "XPERCHAN", 1, path);
        var (name, units) = SplitUnits(keys["XUNITS"]?.GetValue<string>() ?? "");
        var signal = ArrayLayout.ParseSignal(keys["SIGNALTYPE"]?.GetValue<string>());
        var source = new JsonObject { ["format"] = "emsa", ["keywords"] = keys, ["values"] = y.Length };
        if (truncated is not null)
        {
            source["truncated"] = truncated;
        }

        var data = NdArray.Create(y, 1, 1, y.Length);
        return new SpectrumImage(
            data, new Axis("y", 1, 0, 1, ""), new Axis("x", 1, 0, 1, ""),
            new Axis(name.Length == 0 ? "Energy" : name, y.Length, offset, scale, units), signal, source);
    }

    /// <summary>'#BEAMKV   -kV: 120.0' → ("BEAMKV", "kV", "120.0"); '##OXINSTLABEL: x' → ("#OXINSTLABEL", "", "x").</summary>
    private static (string Key, string Unit, string Value) SplitKeyword(string line)
    {
        var colon = line.IndexOf(':');
        var head = (colon < 0 ? line : line[..colon])[1..];
        var value = colon < 0 ? "" : line[(colon + 1)..].Trim();
        var unit = "";
        var user = head.StartsWith('#');
        var dash = user ? -1 : head.IndexOf('-');
        if (dash > 0)
        {
            unit = head[(dash + 1)..].Trim();
            head = head[..dash];
        }

        head = head.Trim();
        var space = head.IndexOfAny([' ', '\t']);
        if (space > 0 && !user)
        {
            unit = unit.Length == 0 ? head[(space + 1)..].Trim() : unit;
            head = head[..space];
        }

        return (head.ToUpperInvariant(), unit, value);
    }

    private static void Store(JsonObject keys, string key, string unit, string value)
    {
        if (key is "TITLE" or "COMMENT" && keys[key] is JsonValue previous)
        {
            keys[key] = previous.GetValue<string>() + " " + value;
            return;
        }

        keys[key] = value;
        if (unit.Length > 0)
        {
            keys[key + "_UNITS"] = unit;
        }
    }

    private static void ParseDataLine(string line, List<double> values, string path, int lineNumber)
    {
        foreach (var token in line.Split([',', ' ', '\t', ';', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                throw FileFormatException.AtLine(path, lineNumber, $"'{Truncate(token)}' is not a number; expected data values separated by commas or spaces");
            }

            values.Add(v);
        }
    }

    private static double Number(JsonObject keys, string key, double fallback, string path)
    {
        var text = keys[key]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var compact = text.Replace(" E", "E", StringComparison.OrdinalIgnoreCase).Trim();
        var first = compact.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)[0];
        if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw FileFormatException.AtKey(path, key, $"'{Truncate(text)}' is not a finite number");
    }

    /// <summary>'Energy Loss (eV)' → ("Energy Loss", "eV"); 'keV' → ("", "keV").</summary>
    private static (string Name, string Units) SplitUnits(string xunits)
    {
        var open = xunits.LastIndexOf('(');
        var close = xunits.LastIndexOf(')');
        return open >= 0 && close > open
            ? (xunits[..open].Trim(), xunits[(open + 1)..close].Trim())
            : ("", xunits.Trim());
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
