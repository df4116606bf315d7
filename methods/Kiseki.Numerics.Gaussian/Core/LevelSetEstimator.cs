namespace Kiseki.Methods.Gaussian;

/// <summary>Classification of a candidate by level-set estimation.</summary>
public enum LevelSetClass
{
    /// <summary>Not yet classified (U).</summary>
    Unclassified,

    /// <summary>Classified in the super-level set {f &gt; h} (H).</summary>
    Above,

    /// <summary>Classified in the sub-level set {f ≤ h} (L).</summary>
    Below,
}

/// <summary>
/// The LSE algorithm of Gotovos, Casati, Hitz and Krause (IJCAI 2013) over a finite candidate set, for the
/// super-level set {f &gt; h}. Each <see cref="Update"/> intersects the confidence interval
/// C_t(x) = C_{t−1}(x) ∩ [μ − β^{1/2}σ, μ + β^{1/2}σ] of every unclassified point, moves x to H when
/// min C_t + ε &gt; h, to L when max C_t − ε ≤ h; <see cref="SelectNext"/> picks the unclassified point of largest
/// ambiguity a_t(x) = min(max C_t − h, h − min C_t). β^{1/2} = 3 is the authors' recommendation.
/// For a sub-level set {y &lt; h} run it on f = −y with threshold −h.
/// When a hyperparameter refit makes C_{t−1} ∩ Q_t empty, the interval restarts from Q_t (documented deviation).
/// Mutable; not thread-safe.
/// </summary>
public sealed class LevelSetEstimator
{
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly LevelSetClass[] _classes;

    /// <summary>An estimator with every candidate unclassified and C_0 = (−∞, ∞).</summary>
    public LevelSetEstimator(int count, double threshold, double betaSqrt = 3.0, double accuracy = 0.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!double.IsFinite(threshold) || !(betaSqrt > 0) || !(accuracy >= 0))
        {
            throw new ArgumentException("LSE needs a finite threshold, β^{1/2} > 0 and accuracy ε ≥ 0.");
        }

        Threshold = threshold;
        BetaSqrt = betaSqrt;
        Accuracy = accuracy;
        _lower = Enumerable.Repeat(double.NegativeInfinity, count).ToArray();
        _upper = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
        _classes = new LevelSetClass[count];
    }

    /// <summary>Threshold h.</summary>
    public double Threshold { get; }

    /// <summary>Confidence width β^{1/2}.</summary>
    public double BetaSqrt { get; }

    /// <summary>Accuracy ε.</summary>
    public double Accuracy { get; }

    /// <summary>Current classes (do not modify).</summary>
    public IReadOnlyList<LevelSetClass> Classes => _classes;

    /// <summary>Number of points still unclassified.</summary>
    public int UnclassifiedCount => _classes.Count(c => c == LevelSetClass.Unclassified);

    /// <summary>Intersects the confidence intervals with the new posterior and classifies.</summary>
    public void Update(IReadOnlyList<double> mean, IReadOnlyList<double> variance)
    {
        if (mean.Count != _classes.Length || variance.Count != _classes.Length)
        {
            throw new ArgumentException($"LSE update needs {_classes.Length} means and variances.");
        }

        for (var i = 0; i < _classes.Length; i++)
        {
            if (_classes[i] != LevelSetClass.Unclassified)
            {
                continue;
            }

            var half = BetaSqrt * Math.Sqrt(Math.Max(variance[i], 0));
            var lo = Math.Max(_lower[i], mean[i] - half);
            var hi = Math.Min(_upper[i], mean[i] + half);
            if (lo > hi)
            {
                lo = mean[i] - half;
                hi = mean[i] + half;
            }

            _lower[i] = lo;
            _upper[i] = hi;
            if (lo + Accuracy > Threshold)
            {
                _classes[i] = LevelSetClass.Above;
            }
            else if (hi - Accuracy <= Threshold)
            {
                _classes[i] = LevelSetClass.Below;
            }
        }
    }

    /// <summary>Ambiguity a_t(x) of every point; −∞ for classified points.</summary>
    public double[] Ambiguity()
    {
        var a = new double[_classes.Length];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = _classes[i] == LevelSetClass.Unclassified
                ? Math.Min(_upper[i] - Threshold, Threshold - _lower[i])
                : double.NegativeInfinity;
        }

        return a;
    }

    /// <summary>
    /// The unclassified, not excluded point of largest ambiguity (ties: lowest index), or −1 when none is left.
    /// </summary>
    public int SelectNext(IReadOnlyList<bool>? excluded = null)
    {
        var a = Ambiguity();
        var best = -1;
        for (var i = 0; i < a.Length; i++)
        {
            if (_classes[i] != LevelSetClass.Unclassified || excluded is not null && excluded[i])
            {
                continue;
            }

            if (best < 0 || a[i] > a[best])
            {
                best = i;
            }
        }

        return best;
    }
}
