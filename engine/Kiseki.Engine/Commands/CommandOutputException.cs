namespace Kiseki.Engine.Commands;

/// <summary>A declared output of a command step is missing, outside the scratch folder or unreadable.</summary>
public sealed class CommandOutputException(string name, string path, string problem)
    : Exception($"output '{name}' ({path}) {problem}")
{
    /// <summary>The output name.</summary>
    public string Name { get; } = name;
}
