using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>The workflow's <c>inputs:</c> section: external files by path, pinned by SHA-256 and a public URL.</summary>
internal sealed class InputBinder(BindingScope scope)
{
    private static readonly string[] InputKeys = ["path", "sha256", "url"];

    /// <summary>Binds the <c>inputs:</c> section.</summary>
    public void Bind(YamlNode? node)
    {
        if (scope.AsMapping(node, "inputs", "a mapping of input name to {path, sha256, url}") is not { } mapping)
        {
            return;
        }

        var folder = scope.Folder;
        foreach (var (key, value) in mapping.Entries)
        {
            if (!BindingScope.IdentifierPattern().IsMatch(key.Value))
            {
                scope.Bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid input name '{key.Value}'",
                    "use lowercase letters, digits and '_', starting with a letter");
                continue;
            }

            YamlScalar? pathNode = value as YamlScalar;
            ContentHash? sha = null;
            Uri? url = null;
            if (value is YamlMapping spec)
            {
                scope.CheckKeys(spec, InputKeys, "input keys");
                pathNode = spec["path"] as YamlScalar;
                if (spec["path"] is { } p && p is not YamlScalar)
                {
                    scope.Bag.Error(DiagnosticCodes.WrongShape, p.Location, $"'path' must be text, got a {p.ShapeName}");
                }

                sha = BindSha(spec["sha256"]);
                url = BindUrl(spec["url"]);
            }
            else if (value is not YamlScalar)
            {
                scope.Bag.Error(DiagnosticCodes.WrongShape, value.Location,
                    $"input '{key.Value}' must be a mapping {{path, sha256, url}} or a path, got a {value.ShapeName}");
                continue;
            }

            if (pathNode is null || pathNode.Value.Trim().Length == 0)
            {
                scope.Bag.Error(DiagnosticCodes.MissingInputPath, key.Location, $"input '{key.Value}' has no path",
                    "add 'path: data/file.ext' (relative to the workflow file)");
                continue;
            }

            string full;
            try
            {
                full = Path.GetFullPath(pathNode.Value, folder);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                scope.Bag.Error(DiagnosticCodes.MissingInputPath, pathNode.Location, $"input '{key.Value}' has an invalid path: {e.Message}");
                continue;
            }

            scope.Inputs[key.Value] = new ExternalInput(key.Value, full, sha, url, key.Location);
        }
    }

    private ContentHash? BindSha(YamlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar scalar && ContentHash.TryParse(scalar.Value.Trim(), out var hash))
        {
            return hash;
        }

        scope.Bag.Error(DiagnosticCodes.InvalidSha256, node.Location, $"'{ScalarValues.Shorten(BindingScope.Text(node))}' is not a SHA-256 digest",
            "write 64 hexadecimal digits, optionally prefixed 'sha256:' (sha256sum FILE prints them)");
        return null;
    }

    private Uri? BindUrl(YamlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar scalar && Uri.TryCreate(scalar.Value.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        scope.Bag.Error(DiagnosticCodes.InvalidUrl, node.Location, $"'{ScalarValues.Shorten(BindingScope.Text(node))}' is not an absolute http(s) URL",
            "write e.g. https://zenodo.org/records/123/files/si.dm3");
        return null;
    }
}
