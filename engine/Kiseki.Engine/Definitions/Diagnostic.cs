namespace Kiseki.Engine.Definitions;

/// <summary>A place in a workflow file (1-based line and column).</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>A problem found while reading or binding a workflow: location, stable code (<c>KSK0101</c>), message, hint.</summary>
public sealed record Diagnostic(
    string Code, DiagnosticSeverity Severity, string Message, SourceLocation Location, string? Hint = null)
{
    public override string ToString()
        => $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}"
           + (Hint is null ? "" : $" ({Hint})");
}
