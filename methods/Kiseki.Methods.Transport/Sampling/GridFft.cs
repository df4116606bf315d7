using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// In-place complex DFT over a whole 2-D or 3-D periodic grid (C order), as 1-D transforms along each axis.
/// Buffers are per instance: use one instance per thread.
/// </summary>
internal sealed class GridFft
{
    private readonly PeriodicGrid _grid;
    private readonly Fft1D[] _axes;
    private readonly double[] _lineRe;
    private readonly double[] _lineIm;

    public GridFft(PeriodicGrid grid)
    {
        _grid = grid;
        _axes = [new Fft1D(grid.N0), new Fft1D(grid.N1), new Fft1D(grid.N2)];
        var longest = Math.Max(grid.N0, Math.Max(grid.N1, grid.N2));
        _lineRe = new double[longest];
        _lineIm = new double[longest];
    }

    /// <summary>Transforms (re, im) of length grid.Count in place; the inverse includes the 1/N factor.</summary>
    public void Transform(double[] re, double[] im, bool inverse)
    {
        int n0 = _grid.N0, n1 = _grid.N1, n2 = _grid.N2;
        if (n2 > 1)
        {
            for (var line = 0; line < n0 * n1; line++)
            {
                _axes[2].Transform(re.AsSpan(line * n2, n2), im.AsSpan(line * n2, n2), inverse);
            }
        }

        Strided(re, im, _axes[1], n1, n2, n0, n1 * n2, inverse);
        Strided(re, im, _axes[0], n0, n1 * n2, 1, 0, inverse);
    }

    /// <summary>Transforms the lines of length <paramref name="n"/> with element stride <paramref name="stride"/>.</summary>
    private void Strided(double[] re, double[] im, Fft1D fft, int n, int stride, int blocks, int blockStride, bool inverse)
    {
        if (n == 1)
        {
            return;
        }

        var lr = _lineRe.AsSpan(0, n);
        var li = _lineIm.AsSpan(0, n);
        for (var block = 0; block < blocks; block++)
        {
            for (var offset = 0; offset < stride; offset++)
            {
                var start = (block * blockStride) + offset;
                for (var t = 0; t < n; t++)
                {
                    lr[t] = re[start + (t * stride)];
                    li[t] = im[start + (t * stride)];
                }

                fft.Transform(lr, li, inverse);
                for (var t = 0; t < n; t++)
                {
                    re[start + (t * stride)] = lr[t];
                    im[start + (t * stride)] = li[t];
                }
            }
        }
    }
}
