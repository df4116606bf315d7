namespace Kiseki.Engine.Definitions;

/// <summary>A workflow could not be read or bound; carries every diagnostic found, not just the first.</summary>
public sealed class WorkflowException : Exception
{
    public WorkflowException(IReadOnlyList<Diagnostic> diagnostics)
        : base(Describe(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<Diagnostic> diagnostics)
        => diagnostics.Count == 1
            ? diagnostics[0].ToString()
            : $"{diagnostics.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, diagnostics);
}
