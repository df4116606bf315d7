using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.Export;

/// <summary>Which external input files a crate carries.</summary>
public enum InputInclusion
{
    /// <summary>Files up to <see cref="RunCrateOptions.IncludeLimitBytes"/> are copied in; larger ones are referenced.</summary>
    BelowLimit,

    /// <summary>Every input file is copied in.</summary>
    All,

    /// <summary>No input file is copied in; each is referenced by name, URL and SHA-256.</summary>
    None,
}

/// <summary>An external input of the exported run: its declared name, content hash, and where it can be found.</summary>
/// <param name="Name">The workflow input name (<c>inputs.name</c>).</param>
/// <param name="Hash">The SHA-256 recorded when the run read it.</param>
/// <param name="Size">Its size in bytes (null when unknown).</param>
/// <param name="Url">The URL the workflow declares for it, if any.</param>
/// <param name="DeclaredPath">The path the workflow declares (relative to the workflow file).</param>
/// <param name="Source">A local file with that content to copy into the crate (null when none was found).</param>
public sealed record CrateInput(string Name, ContentHash Hash, long? Size, string? Url, string? DeclaredPath, string? Source);

/// <summary>What a crate export needs beyond the provenance records.</summary>
public sealed record RunCrateOptions
{
    /// <summary>The default largest input file copied into a crate (64 MiB).</summary>
    public const long DefaultIncludeLimitBytes = 64L * 1024 * 1024;

    /// <summary>The external inputs of the run (empty when the run read none).</summary>
    public IReadOnlyList<CrateInput> Inputs { get; init; } = [];

    /// <summary>Which inputs are copied in.</summary>
    public InputInclusion Inclusion { get; init; } = InputInclusion.BelowLimit;

    /// <summary>The largest input copied in with <see cref="InputInclusion.BelowLimit"/>.</summary>
    public long IncludeLimitBytes { get; init; } = DefaultIncludeLimitBytes;

    /// <summary>Declared step id → the method reference (<c>id@version</c>) the workflow text binds it to.</summary>
    public IReadOnlyDictionary<string, string> StepMethods { get; init; } = new Dictionary<string, string>();

    /// <summary>The SPDX id of the licence the crate is published under (the root dataset's <c>license</c>).</summary>
    public string License { get; init; } = "CC-BY-4.0";

    /// <summary>The version of the Kiseki that exports the crate.</summary>
    public string ExporterVersion { get; init; } = "unknown";

    /// <summary>Whether <paramref name="input"/> is copied into the crate.</summary>
    public bool Includes(CrateInput input) => input.Source is not null && Inclusion switch
    {
        InputInclusion.All => true,
        InputInclusion.None => false,
        _ => (input.Size ?? new FileInfo(input.Source).Length) <= IncludeLimitBytes,
    };
}
