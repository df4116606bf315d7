using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>
/// Reports an NMF fit's progress to the step: every finished restart with the objective it reached, and between them
/// the current sweep and objective, at most once per <see cref="SweepInterval"/> (a fit of thousands of fast sweeps
/// does not flood the engine; the console throttles its lines again). Never changes results.
/// </summary>
internal sealed class NmfProgress
{
    /// <summary>Shortest time between two sweep reports.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly MethodContext _context;
    private readonly int _restarts;
    private readonly int _sweeps;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastSweepReport;
    private int _restart;

    /// <summary>A reporter for <paramref name="restarts"/> restarts of at most <paramref name="sweeps"/> sweeps each.</summary>
    public NmfProgress(MethodContext context, int restarts, int sweeps, TimeSpan? interval = null)
    {
        _context = context;
        _restarts = Math.Max(1, restarts);
        _sweeps = Math.Max(1, sweeps);
        _interval = interval ?? SweepInterval;
    }

    /// <summary>For <c>NmfSolverOptions.SweepFinished</c>: sweep index from 0 and its objective.</summary>
    public void Sweep(int sweep, double objective)
    {
        var now = _clock.Elapsed;
        if (_lastSweepReport is { } last && now - last < _interval)
        {
            return;
        }

        _lastSweepReport = now;
        var fraction = Math.Min(1, (_restart + (Math.Min(sweep + 1.0, _sweeps) / _sweeps)) / _restarts);
        _context.Progress.Report(new StepProgress(fraction, string.Create(CultureInfo.InvariantCulture,
            $"restart {_restart + 1}/{_restarts}, sweep {sweep + 1}/{_sweeps}, objective {objective:G6}")));
    }

    /// <summary>For <c>NmfSolverOptions.RestartFinished</c>: restart index from 0 and its final objective.</summary>
    public void Restart(int restart, double objective)
    {
        _restart = restart + 1;
        _context.Progress.Report(new StepProgress(
            (restart + 1.0) / _restarts,
            string.Create(CultureInfo.InvariantCulture, $"restart {restart + 1}/{_restarts}, objective {objective:G6}")));
    }
}
