namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>Decides, after each sweep of a fit, whether the fit has already settled the question it is run for.</summary>
internal interface ISweepStop
{
    /// <summary>True when the fit may stop now.</summary>
    /// <param name="deviance">Divergence after the sweep.</param>
    /// <param name="change">Decrease of the divergence over the sweep.</param>
    /// <param name="sweepsLeft">Sweeps the fit may still run (max_iterations − sweeps so far).</param>
    /// <param name="residuals">Computes Pearson's X² and Σ x/x̂ (non-zero entries) of the current iterate (one pass).</param>
    bool Settled(double deviance, double change, int sweepsLeft, Func<(double Pearson, double Ratio)> residuals);
}

/// <summary>
/// Stops a replicate's alternative fit once the side of the threshold its statistic ends on is settled. The divergence
/// of the alternative only decreases, so T* only grows while the fit runs: T* ≥ T(1 + ε) now means an exceedance. If
/// the fit could still lower its divergence by at most the last sweep's decrease on every sweep it has left (the
/// sweeps of a coordinate-descent tail decrease), and T is more than twice that, 2 (T* + 2 · change · sweepsLeft / φ*)
/// &lt; T(1 − ε), there is none. ε = 1 %
/// of T covers the drift of the replicate's dispersion φ* during the rest of the fit. The bound grows with
/// max_iterations, so more iterations can only delay this stop, never move the decision.
/// </summary>
internal sealed class DecisionStop(double nullDeviance, double threshold, Func<double, double, double> dispersion) : ISweepStop
{
    /// <summary>Relative margin around the threshold.</summary>
    public const double Margin = 0.01;

    /// <summary>
    /// Relative decrease per sweep below which a fit is taken to be in its tail, where sweeps decrease the divergence
    /// less and less. Before it, a fit may sit on a plateau and then drop (a weak extra component taking shape), so
    /// the bound on what is left is not trusted there.
    /// </summary>
    public const double Tail = 1e-5;

    /// <summary>
    /// How far below T the bound must lie for a "no exceedance" stop: a fit in its tail can still leave a plateau and
    /// gain more than the last sweep's rate promises (seen: T* rising from 107 to 120 on an 8×8×32 null replicate), so
    /// T must be at least this multiple of the bounded T*. Rejecting tests, where the time goes, have T many times the
    /// null T*; near the null distribution the fit runs to its tolerance.
    /// </summary>
    public const double Far = 2;

    /// <summary>
    /// Upper bound on the statistic the fit would have reached when it stopped because T* stays below the threshold
    /// (at most (threshold − margin)/<see cref="Far"/>); NaN while it has not stopped that way.
    /// </summary>
    public double Below { get; private set; } = double.NaN;

    /// <summary>Sweeps between the exceedance checks before the tail (each costs a pass over the entries).</summary>
    private const int CheckEvery = 8;

    /// <inheritdoc />
    public bool Settled(double deviance, double change, int sweepsLeft, Func<(double Pearson, double Ratio)> residuals)
    {
        // Before the tail only an exceedance can settle the question; it is looked for every few sweeps.
        var tail = change <= Tail * Math.Abs(deviance);
        if (!tail && (deviance >= nullDeviance || sweepsLeft % CheckEvery != 0))
        {
            return false;
        }

        var (pearson, ratio) = residuals();
        var phi = dispersion(pearson, ratio);
        var slack = Margin * Math.Max(Math.Abs(threshold), 1);
        var now = 2 * (nullDeviance - deviance) / phi;
        if (now >= threshold + slack)
        {
            return true;
        }

        if (!tail)
        {
            return false;
        }

        var most = now + (2 * change * Math.Max(sweepsLeft, 0) / phi);
        if (Far * most < threshold - slack)
        {
            Below = most;
            return true;
        }

        return false;
    }
}
