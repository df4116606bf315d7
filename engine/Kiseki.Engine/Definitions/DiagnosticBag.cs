namespace Kiseki.Engine.Definitions;

/// <summary>Collects diagnostics while reading or binding, so every problem is reported at once.</summary>
internal sealed class DiagnosticBag
{
    /// <summary>Binding stops collecting after this many problems (the rest are usually consequences).</summary>
    public const int Limit = 200;

    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

    public int Count => _items.Count;

    public void Error(string code, SourceLocation location, string message, string? hint = null)
    {
        if (_items.Count < Limit)
        {
            _items.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, location, hint));
        }
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (_items.Count < Limit)
            {
                _items.Add(diagnostic);
            }
        }
    }

    /// <summary>Throws a <see cref="WorkflowException"/> with every diagnostic, sorted by position, when any is an error.</summary>
    public void ThrowIfErrors()
    {
        if (HasErrors)
        {
            throw new WorkflowException(Sorted());
        }
    }

    public IReadOnlyList<Diagnostic> Sorted()
        => [.. _items
            .Select((d, i) => (d, i))
            .OrderBy(p => p.d.Location.File, StringComparer.Ordinal)
            .ThenBy(p => p.d.Location.Line)
            .ThenBy(p => p.d.Location.Column)
            .ThenBy(p => p.i)
            .Select(p => p.d)];
}
