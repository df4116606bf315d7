using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiseki.Engine.Methods;

/// <summary>A method id with its version, written <c>spectral.nmf-so@1</c>.</summary>
public readonly partial record struct MethodRef(string Id, int Version)
{
    /// <summary>Ids are lowercase <c>domain.name</c> segments, kebab case inside a segment.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public static bool TryParse(string text, out MethodRef reference)
    {
        reference = default;
        var at = text.LastIndexOf('@');
        if (at <= 0 || !IsValidId(text[..at]))
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return false;
        }

        reference = new MethodRef(text[..at], version);
        return true;
    }

    public override string ToString() => $"{Id}@{Version.ToString(CultureInfo.InvariantCulture)}";

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)+$")]
    private static partial Regex IdPattern();
}
