using System.Text;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Engine.Execution;

/// <summary>A step log that keeps the last lines (bounded by count and characters) as the excerpt recorded with the execution.</summary>
public sealed class CapturedStepLog(int maxLines = 200, int maxCharacters = 16_384) : IStepLog
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private int _characters;
    private int _dropped;

    /// <summary>Raised for every line (the CLI shows them when asked to).</summary>
    public event Action<string>? LineWritten;

    /// <inheritdoc />
    public void Info(string message) => Add("info: " + message);

    /// <inheritdoc />
    public void Warning(string message) => Add("warning: " + message);

    /// <summary>The kept lines, preceded by a note when earlier lines were dropped.</summary>
    public string Excerpt()
    {
        lock (_lock)
        {
            var builder = new StringBuilder();
            if (_dropped > 0)
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{_dropped} earlier lines omitted]\n");
            }

            foreach (var line in _lines)
            {
                builder.Append(line).Append('\n');
            }

            return builder.ToString();
        }
    }

    private void Add(string line)
    {
        if (line.Length > maxCharacters / 4)
        {
            line = line[..(maxCharacters / 4)] + "…";
        }

        lock (_lock)
        {
            _lines.Enqueue(line);
            _characters += line.Length;
            while (_lines.Count > maxLines || _characters > maxCharacters)
            {
                _characters -= _lines.Dequeue().Length;
                _dropped++;
            }
        }

        LineWritten?.Invoke(line);
    }
}
