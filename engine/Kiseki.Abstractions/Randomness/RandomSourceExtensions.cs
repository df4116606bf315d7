namespace Kiseki.Abstractions.Randomness;

/// <summary>Distributions drawn from an <see cref="IRandomSource"/>; each is a fixed function of the bit stream.</summary>
public static class RandomSourceExtensions
{
    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public static double NextDouble(this IRandomSource random) => (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>) without modulo bias (Lemire's method).</summary>
    public static int NextInt(this IRandomSource random, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var range = (ulong)maxExclusive;
        var product = Math.BigMul(random.NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(random.NextUInt64(), range, out low);
            }
        }

        return (int)product;
    }

    /// <summary>Standard normal variate by the Box–Muller transform (two uniforms per value, no cached state).</summary>
    public static double NextGaussian(this IRandomSource random)
    {
        double u1;
        do
        {
            u1 = random.NextDouble();
        }
        while (u1 <= double.Epsilon);
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// Poisson variate with mean <paramref name="lambda"/>: multiplication method below 10, otherwise Hörmann's
    /// transformed rejection with squeeze (PTRS, 1993).
    /// </summary>
    public static long NextPoisson(this IRandomSource random, double lambda)
    {
        if (!(lambda >= 0) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Poisson mean must be finite and non-negative.");
        }

        if (lambda == 0)
        {
            return 0;
        }

        if (lambda < 10)
        {
            var limit = Math.Exp(-lambda);
            var k = 0L;
            var p = random.NextDouble();
            while (p > limit)
            {
                k++;
                p *= random.NextDouble();
            }

            return k;
        }

        var slam = Math.Sqrt(lambda);
        var loglam = Math.Log(lambda);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var invalpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = random.NextDouble() - 0.5;
            var v = random.NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log(a / (us * us) + b)
                <= -lambda + k * loglam - LogGamma(k + 1))
            {
                return (long)k;
            }
        }
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="values"/> in place.</summary>
    public static void Shuffle<T>(this IRandomSource random, Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><paramref name="count"/> distinct indices from [0, <paramref name="n"/>) in random order.</summary>
    public static int[] SampleWithoutReplacement(this IRandomSource random, int n, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, n);
        var pool = new int[n];
        for (var i = 0; i < n; i++)
        {
            pool[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(n - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error below 1e-14).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < 9; i++)
        {
            sum += c[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
