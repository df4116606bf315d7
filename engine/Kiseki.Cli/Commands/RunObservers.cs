using System.Collections.Concurrent;
using System.Globalization;
using Kiseki.Abstractions.Methods;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Execution;
using Kiseki.Provenance;
using Spectre.Console;

namespace Kiseki.Cli.Commands;

/// <summary>
/// Plain progress lines (CI, pipes): a line when a step starts and when it ends, and a step's own progress messages
/// (iteration, objective) at most once every <see cref="ProgressInterval"/> per step.
/// </summary>
internal sealed class LineRunObserver(IAnsiConsole console, int total) : IRunObserver
{
    /// <summary>Shortest time between two progress lines of one step.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastProgress = new(StringComparer.Ordinal);
    private int _done;

    public void StepStarted(string stepId)
    {
        lock (_lock)
        {
            _lastProgress[stepId] = DateTimeOffset.UtcNow;
            console.Line($"{Counter("")} started   {stepId}");
        }
    }

    public void StepProgress(string stepId, StepProgress progress)
    {
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            if (progress.Message is null || (_lastProgress.TryGetValue(stepId, out var last) && now - last < ProgressInterval))
            {
                return;
            }

            _lastProgress[stepId] = now;
            console.Line(string.Create(CultureInfo.InvariantCulture, $"{Counter("")} progress  {stepId} {progress.Fraction:P0} {progress.Message}"));
        }
    }

    private string Counter(string done)
    {
        var width = total.ToString(CultureInfo.InvariantCulture).Length;
        return $"[{done.PadLeft(width)}/{total}]";
    }

    public void StepFinished(string stepId, RunStepStatus status, string? detail, TimeSpan duration)
    {
        lock (_lock)
        {
            _done++;
            _lastProgress.Remove(stepId);
            var counter = Counter(_done.ToString(CultureInfo.InvariantCulture));
            var verb = status switch
            {
                RunStepStatus.Succeeded => "ran",
                RunStepStatus.Cached => "cached",
                _ => status.ToString().ToLowerInvariant(),
            };
            var time = status == RunStepStatus.Succeeded ? string.Create(CultureInfo.InvariantCulture, $" {duration.TotalSeconds:0.00} s") : "";
            var note = detail is null ? "" : $" ({detail})";
            console.Line($"{counter} {verb,-9} {stepId}{time}{note}");
        }
    }

    public void Message(string text)
    {
        lock (_lock)
        {
            console.Line(text);
        }
    }
}

/// <summary>Spectre.Console progress bars on an interactive terminal: an overall bar plus one bar per running step.</summary>
internal sealed class ProgressRunObserver : IRunObserver
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext _context;
    private readonly ProgressTask _overall;
    private readonly ConcurrentDictionary<string, ProgressTask> _steps = new(StringComparer.Ordinal);

    public ProgressRunObserver(IAnsiConsole console, ProgressContext context, int total)
    {
        _console = console;
        _context = context;
        _overall = context.AddTask("steps", maxValue: Math.Max(1, total));
    }

    public void StepStarted(string stepId)
        => _steps[stepId] = _context.AddTask(Markup.Escape(stepId), maxValue: 1.0);

    public void StepProgress(string stepId, StepProgress progress)
    {
        if (_steps.TryGetValue(stepId, out var task))
        {
            task.Value = Math.Clamp(progress.Fraction, 0, 1);
            if (progress.Message is not null)
            {
                task.Description = Markup.Escape($"{stepId} {progress.Message}");
            }
        }
    }

    public void StepFinished(string stepId, RunStepStatus status, string? detail, TimeSpan duration)
    {
        _overall.Increment(1);
        if (_steps.TryRemove(stepId, out var task))
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }

        if (status is RunStepStatus.Failed or RunStepStatus.Skipped)
        {
            _console.MarkupLine($"[red]{status.ToString().ToLowerInvariant()}[/] {Markup.Escape(stepId)}: {Markup.Escape(detail ?? "")}");
        }
        else if (status == RunStepStatus.Succeeded)
        {
            _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[green]ran[/]    {Markup.Escape(stepId)} {duration.TotalSeconds:0.00} s [grey]({Markup.Escape(detail ?? "")})[/]"));
        }
    }

    public void Message(string text) => _console.MarkupLine(Markup.Escape(text));
}

/// <summary>Only the warnings of a run (<c>kiseki invoke</c> prints its own summary of the single step).</summary>
internal sealed class WarningRunObserver(IAnsiConsole console) : IRunObserver
{
    public void StepStarted(string stepId)
    {
    }

    public void StepProgress(string stepId, StepProgress progress)
    {
    }

    public void StepFinished(string stepId, RunStepStatus status, string? detail, TimeSpan duration)
    {
    }

    public void Message(string text)
    {
        if (text.StartsWith("warning: ", StringComparison.Ordinal))
        {
            console.Line(text);
        }
    }
}
