namespace Kiseki.Abstractions.Methods;

/// <summary>
/// Marks a sealed class implementing <see cref="IMethod{TParameters, TInputs, TOutputs}"/> as a method module with a
/// stable id and an explicit version. Bump <see cref="Version"/> whenever outputs can change for the same inputs
/// and parameters (algorithm, default, bug fix).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MethodAttribute : Attribute
{
    public MethodAttribute(string id, int version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>Stable id, lowercase <c>domain.name</c>, kebab case inside a segment (e.g. <c>spectral.nmf-so</c>).</summary>
    public string Id { get; }

    /// <summary>Explicit method version; part of every StepKey.</summary>
    public int Version { get; }

    /// <summary>One-line summary shown by <c>kiseki methods</c>.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Longer remarks (paper cited, units, differences from reference code) shown by <c>kiseki methods describe</c>.</summary>
    public string Remarks { get; init; } = "";

    /// <summary>
    /// Relative tolerance within which floating-point outputs re-executed on another machine count as equal
    /// (<c>kiseki verify --execute</c>). Zero means outputs must be identical.
    /// </summary>
    public double RelativeTolerance { get; init; }

    /// <summary>
    /// True when the method searches by asking an <see cref="IPointEvaluator"/> for values: a step using it must have an
    /// <c>evaluate:</c> block, and every evaluation becomes a recorded step instance.
    /// </summary>
    public bool Evaluates { get; init; }

    /// <summary>Default CPU count requested from a cluster scheduler.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>Default memory (MiB) requested from a cluster scheduler.</summary>
    public int MemoryMb { get; init; } = 1024;

    /// <summary>Default wall-time limit (minutes) requested from a cluster scheduler.</summary>
    public int TimeMinutes { get; init; } = 30;
}

/// <summary>Names an enum member as it is written in workflow YAML (default: the member name in kebab case).</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false)]
public sealed class ChoiceNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Names a parameter or port as written in YAML when the snake-case form of the property name is not wanted.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class YamlNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Leaves a parameter out of a step's canonical parameters (so out of its key and its record) while it holds its
/// default. For a parameter added to a method version after runs were recorded, whose default gives exactly the
/// outputs those runs recorded: their keys still hold, and a run that sets it gets a key of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class OmittedAtDefaultAttribute : Attribute;
