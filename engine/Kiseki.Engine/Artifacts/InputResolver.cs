using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Resolves the external inputs of a workflow to verified files: a present file is hashed (memoised) and checked
/// against its pin; a missing pinned file is looked up by hash in mirror folders (size first, hash to confirm) or
/// downloaded from its URL and verified.
/// </summary>
public sealed class InputResolver
{
    private readonly FileHasher _hasher;
    private readonly IReadOnlyList<string> _mirrors;
    private readonly Func<HttpClient> _httpClient;

    /// <summary>A resolver using <paramref name="hasher"/>, searching <paramref name="mirrors"/>, downloading with <paramref name="httpClient"/>.</summary>
    public InputResolver(FileHasher hasher, IReadOnlyList<string> mirrors, Func<HttpClient>? httpClient = null)
    {
        _hasher = hasher;
        _mirrors = mirrors;
        _httpClient = httpClient ?? (() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });
    }

    /// <summary>The verified file of <paramref name="input"/> (paths relative to <paramref name="baseDirectory"/>).</summary>
    public async Task<FileArtifact> ResolveAsync(ExternalInput input, string baseDirectory, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(baseDirectory, input.Path));
        if (File.Exists(path))
        {
            var hash = _hasher.Hash(path);
            if (input.Sha256 is { } pinned && pinned != hash)
            {
                throw InputException.HashMismatch(input, path, pinned, hash);
            }

            return new FileArtifact(path, hash, new FileInfo(path).Length);
        }

        if (input.Sha256 is not { } expected)
        {
            throw InputException.Missing(input, path, "it has no sha256 pin, so it cannot be looked up in a mirror or downloaded");
        }

        var mirrored = FindInMirrors(expected);
        if (mirrored is not null)
        {
            return new FileArtifact(mirrored, expected, new FileInfo(mirrored).Length);
        }

        if (input.Url is null)
        {
            var where = _mirrors.Count == 0 ? "no --mirror folder was given" : $"not found in {string.Join(", ", _mirrors)}";
            throw InputException.Missing(input, path, $"{where} and it has no url");
        }

        await DownloadAsync(input, path, expected, cancellationToken).ConfigureAwait(false);
        return new FileArtifact(path, expected, new FileInfo(path).Length);
    }

    /// <summary>A file with content <paramref name="hash"/> in the mirror folders, or null.</summary>
    public string? FindInMirrors(ContentHash hash)
    {
        var size = _hasher.KnownSize(hash);
        foreach (var mirror in _mirrors)
        {
            if (!Directory.Exists(mirror))
            {
                continue;
            }

            var candidates = Directory.EnumerateFiles(mirror, "*", SearchOption.AllDirectories)
                .Select(f => new FileInfo(f))
                .Where(f => size is null || f.Length == size)
                .OrderBy(f => f.Name.Contains(hash.Hex[..12], StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(f => f.FullName, StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                if (_hasher.Hash(candidate.FullName) == hash)
                {
                    return candidate.FullName;
                }
            }
        }

        return null;
    }

    private async Task DownloadAsync(ExternalInput input, string path, ContentHash expected, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".download");
        try
        {
            Directory.CreateDirectory(directory);
            using (var client = _httpClient())
            using (var response = await client.GetAsync(input.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw InputException.DownloadFailed(input, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
                await source.CopyToAsync(target, 4 << 20, cancellationToken).ConfigureAwait(false);
                target.Flush(flushToDisk: true);
            }

            ContentHash actual;
            using (var stream = File.OpenRead(temp))
            {
                actual = FileHasher.HashStream(stream);
            }

            if (actual != expected)
            {
                throw InputException.DownloadFailed(input, $"the downloaded file hashes to {actual}, not the pinned {expected}");
            }

            File.Move(temp, path, overwrite: false);
        }
        catch (HttpRequestException e)
        {
            throw InputException.DownloadFailed(input, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw InputException.DownloadFailed(input, "the download timed out: " + e.Message);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
