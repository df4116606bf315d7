namespace Kiseki.Abstractions.Methods;

/// <summary>
/// A method refuses its inputs or parameters. The message says what was wrong and what is expected; the engine adds
/// the step and method when it records the failure.
/// </summary>
public sealed class MethodException : Exception
{
    private MethodException(string message, string? subject, Exception? inner = null)
        : base(message, inner)
    {
        Subject = subject;
    }

    /// <summary>The parameter or port the problem concerns, when there is one.</summary>
    public string? Subject { get; }

    public static MethodException InvalidParameter(string parameter, string message)
        => new($"parameter '{parameter}': {message}", parameter);

    public static MethodException InvalidInput(string port, string message)
        => new($"input '{port}': {message}", port);

    public static MethodException Failed(string message, Exception? inner = null)
        => new(message, null, inner);
}
