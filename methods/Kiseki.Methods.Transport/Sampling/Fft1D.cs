using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// In-place complex discrete Fourier transform of one length: iterative radix-2 for powers of two, Bluestein's chirp-z
/// algorithm (on a power-of-two transform) otherwise. Forward: X_k = Σ_j x_j e^{−2πi jk/n}; the inverse divides by n.
/// Buffers are per instance: use one instance per thread.
/// </summary>
internal sealed class Fft1D
{
    private readonly int _n;
    private readonly int _m;
    private readonly int[] _bitReverse;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly double[]? _chirpRe;
    private readonly double[]? _chirpIm;
    private readonly double[]? _filterRe;
    private readonly double[]? _filterIm;
    private readonly double[]? _workRe;
    private readonly double[]? _workIm;
    private readonly Fft1D? _inner;

    public Fft1D(int n)
    {
        _n = n;
        if ((n & (n - 1)) == 0)
        {
            _m = n;
            _bitReverse = new int[n];
            var bits = n > 1 ? (int)Math.Log2(n) : 0;
            for (var i = 0; i < n; i++)
            {
                var r = 0;
                for (var b = 0; b < bits; b++)
                {
                    r |= ((i >> b) & 1) << (bits - 1 - b);
                }

                _bitReverse[i] = r;
            }

            _cos = new double[Math.Max(1, n / 2)];
            _sin = new double[Math.Max(1, n / 2)];
            for (var k = 0; k < n / 2; k++)
            {
                _cos[k] = Math.Cos(2 * Math.PI * k / n);
                _sin[k] = -Math.Sin(2 * Math.PI * k / n);
            }

            return;
        }

        // Bluestein: x_k chirp w_k = e^{−πi k²/n}; X = w · ((x·w) ⊛ conj(w)).
        var m = 1;
        while (m < (2 * n) - 1)
        {
            m <<= 1;
        }

        _m = m;
        _inner = new Fft1D(m);
        _bitReverse = [];
        _cos = [];
        _sin = [];
        _chirpRe = new double[n];
        _chirpIm = new double[n];
        for (var k = 0; k < n; k++)
        {
            var angle = Math.PI * ((long)k * k % (2L * n)) / n;
            _chirpRe[k] = Math.Cos(angle);
            _chirpIm[k] = -Math.Sin(angle);
        }

        _filterRe = new double[m];
        _filterIm = new double[m];
        _filterRe[0] = _chirpRe[0];
        _filterIm[0] = -_chirpIm[0];
        for (var k = 1; k < n; k++)
        {
            _filterRe[k] = _filterRe[m - k] = _chirpRe[k];
            _filterIm[k] = _filterIm[m - k] = -_chirpIm[k];
        }

        _inner.Transform(_filterRe, _filterIm, inverse: false);
        _workRe = new double[m];
        _workIm = new double[m];
    }

    /// <summary>Transform length.</summary>
    public int Length => _n;

    /// <summary>Whether the length is a power of two (the lane-batched transform needs it).</summary>
    public bool IsRadix2 => _inner is null;

    /// <summary>Lines one call of <see cref="TransformLanes"/> transforms.</summary>
    public static int Lanes => Vector256<double>.Count;

    /// <summary>
    /// Transforms <see cref="Lanes"/> lines at once, in place: element t of lane l is at
    /// <c>origin + t·stride + l</c>. Each lane gets exactly the operations of <see cref="Transform"/> (the same
    /// butterflies in the same order, multiplications and additions kept separate), so results are bit-identical to
    /// transforming the lines one by one. Power-of-two lengths only.
    /// </summary>
    public void TransformLanes(double[] re, double[] im, int origin, int stride, bool inverse)
    {
        if (_inner is not null)
        {
            throw new InvalidOperationException("lane-batched transforms need a power-of-two length.");
        }

        var n = _n;
        var last = (long)origin + ((long)(n - 1) * stride) + Lanes;
        if (origin < 0 || stride < Lanes || last > re.Length || last > im.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(origin), "the lanes do not lie inside the arrays.");
        }

        // Bounds are checked above for every element the loops touch.
        ref var r0 = ref MemoryMarshal.GetArrayDataReference(re);
        ref var i0 = ref MemoryMarshal.GetArrayDataReference(im);
        for (var i = 0; i < n; i++)
        {
            var j = _bitReverse[i];
            if (j > i)
            {
                var a = (nuint)(origin + (i * stride));
                var b = (nuint)(origin + (j * stride));
                var ra = Vector256.LoadUnsafe(ref r0, a);
                var ia = Vector256.LoadUnsafe(ref i0, a);
                Vector256.LoadUnsafe(ref r0, b).StoreUnsafe(ref r0, a);
                Vector256.LoadUnsafe(ref i0, b).StoreUnsafe(ref i0, a);
                ra.StoreUnsafe(ref r0, b);
                ia.StoreUnsafe(ref i0, b);
            }
        }

        var sign = inverse ? -1.0 : 1.0;
        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var step = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = Vector256.Create(_cos[k * step]);
                    var wi = Vector256.Create(sign * _sin[k * step]);
                    var a = (nuint)(origin + ((start + k) * stride));
                    var b = a + (nuint)(half * stride);
                    var rb = Vector256.LoadUnsafe(ref r0, b);
                    var ib = Vector256.LoadUnsafe(ref i0, b);
                    var ra = Vector256.LoadUnsafe(ref r0, a);
                    var ia = Vector256.LoadUnsafe(ref i0, a);
                    var tr = (rb * wr) - (ib * wi);
                    var ti = (rb * wi) + (ib * wr);
                    (ra - tr).StoreUnsafe(ref r0, b);
                    (ia - ti).StoreUnsafe(ref i0, b);
                    (ra + tr).StoreUnsafe(ref r0, a);
                    (ia + ti).StoreUnsafe(ref i0, a);
                }
            }
        }

        if (inverse)
        {
            var scale = Vector256.Create(1.0 / _n);
            for (var t = 0; t < n; t++)
            {
                var a = (nuint)(origin + (t * stride));
                (Vector256.LoadUnsafe(ref r0, a) * scale).StoreUnsafe(ref r0, a);
                (Vector256.LoadUnsafe(ref i0, a) * scale).StoreUnsafe(ref i0, a);
            }
        }
    }

    /// <summary>Transforms (re, im) in place; the inverse includes the 1/n factor.</summary>
    public void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        if (_inner is null)
        {
            Radix2(re, im, inverse);
        }
        else
        {
            Bluestein(re, im, inverse);
        }

        if (inverse)
        {
            var scale = 1.0 / _n;
            for (var i = 0; i < _n; i++)
            {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    private void Radix2(Span<double> re, Span<double> im, bool inverse)
    {
        var n = _n;
        for (var i = 0; i < n; i++)
        {
            var j = _bitReverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        var sign = inverse ? -1.0 : 1.0;
        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var step = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _cos[k * step];
                    var wi = sign * _sin[k * step];
                    var a = start + k;
                    var b = a + half;
                    var tr = (re[b] * wr) - (im[b] * wi);
                    var ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private void Bluestein(Span<double> re, Span<double> im, bool inverse)
    {
        var n = _n;
        var wr = _workRe!;
        var wi = _workIm!;
        Array.Clear(wr);
        Array.Clear(wi);
        // Inverse without scaling = conj(forward(conj(x))).
        var s = inverse ? -1.0 : 1.0;
        for (var k = 0; k < n; k++)
        {
            double xr = re[k], xi = s * im[k];
            wr[k] = (xr * _chirpRe![k]) - (xi * _chirpIm![k]);
            wi[k] = (xr * _chirpIm[k]) + (xi * _chirpRe[k]);
        }

        _inner!.Transform(wr, wi, inverse: false);
        for (var k = 0; k < _m; k++)
        {
            double ar = wr[k], ai = wi[k], br = _filterRe![k], bi = _filterIm![k];
            wr[k] = (ar * br) - (ai * bi);
            wi[k] = (ar * bi) + (ai * br);
        }

        _inner.Transform(wr, wi, inverse: true);
        for (var k = 0; k < n; k++)
        {
            double ar = wr[k], ai = wi[k];
            re[k] = (ar * _chirpRe![k]) - (ai * _chirpIm![k]);
            im[k] = s * ((ar * _chirpIm[k]) + (ai * _chirpRe[k]));
        }
    }
}
