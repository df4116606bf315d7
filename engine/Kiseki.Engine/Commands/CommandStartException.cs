namespace Kiseki.Engine.Commands;

/// <summary>A command's executable could not be started.</summary>
public sealed class CommandStartException(string executable, string reason)
    : Exception($"cannot start '{executable}': {reason}")
{
    /// <summary>The executable that did not start.</summary>
    public string Executable { get; } = executable;
}
