using System.Text.Json.Nodes;

namespace Kiseki.Engine.Commands;

/// <summary>
/// The container runtime found on <c>PATH</c> (podman first, then docker): resolves an image reference to its digest
/// and wraps a command so it runs inside the image with the scratch folder as its working directory.
/// </summary>
public sealed class ContainerRuntime
{
    private ContainerRuntime(string executable)
    {
        Executable = executable;
    }

    /// <summary>The runtime's executable path.</summary>
    public string Executable { get; }

    /// <summary>True for podman (its image inspect reports the digest directly).</summary>
    public bool IsPodman => Path.GetFileName(Executable) == "podman";

    /// <summary>The first of podman and docker on <c>PATH</c>, or null.</summary>
    public static ContainerRuntime? Find()
        => ExecutableResolver.FindOnPath("podman") is { } podman ? new ContainerRuntime(podman)
            : ExecutableResolver.FindOnPath("docker") is { } docker ? new ContainerRuntime(docker)
            : null;

    /// <summary>
    /// <paramref name="image"/> as <c>name@sha256:…</c>: a digest reference is kept; a tag is resolved from the local
    /// image store. Returns null with the runtime's message when the tag cannot be resolved.
    /// </summary>
    public async Task<(string? Digest, string Problem)> ResolveDigestAsync(string image, CancellationToken cancellationToken)
    {
        var at = image.IndexOf("@sha256:", StringComparison.Ordinal);
        if (at > 0)
        {
            return (image, "");
        }

        var (end, stdout, stderr) = await CommandProcess.CaptureAsync(
            [Executable, "image", "inspect", "--format", "{{json .RepoDigests}}", image], Directory.GetCurrentDirectory(),
            TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (!end.Succeeded)
        {
            return (null, stderr.Trim().Length > 0 ? stderr.Trim() : $"exit code {end.ExitCode}");
        }

        var name = BaseName(image);
        var digests = (JsonNode.Parse(stdout.Trim()) as JsonArray ?? []).Select(d => d?.GetValue<string>() ?? "").ToList();
        var match = digests.FirstOrDefault(d => BaseName(d) == name) ?? digests.FirstOrDefault(d => d.Contains("@sha256:", StringComparison.Ordinal));
        return match is null ? (null, "the image has no repository digest (build it from a pulled base, or push it, then pull it by digest)") : (match, "");
    }

    /// <summary>The argv that runs <paramref name="argv"/> inside <paramref name="digest"/> with <paramref name="scratch"/> mounted as the working directory.</summary>
    public IReadOnlyList<string> Wrap(string digest, string scratch, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> argv)
    {
        var result = new List<string> { Executable, "run", "--rm", "--network=none", "-v", scratch + ":/kiseki-step", "-w", "/kiseki-step" };
        foreach (var (name, value) in environment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result.Add("-e");
            result.Add(name + "=" + (name == "KISEKI_STEP_JSON" ? "/kiseki-step/" + Path.GetFileName(value) : value));
        }

        result.Add(digest);
        result.AddRange(argv);
        return result;
    }

    private static string BaseName(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[..colon] : name;
    }
}
