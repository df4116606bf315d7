using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// In-place complex DFT over a whole 2-D or 3-D periodic grid (C order), as 1-D transforms along each axis.
/// Power-of-two axes are transformed <see cref="Fft1D.Lanes"/> lines at a time (neighbouring lines of a strided axis are
/// adjacent in memory; contiguous lines go through a small transposed buffer); the result is bit-identical to
/// transforming every line on its own. Buffers are per instance: use one instance per thread.
/// </summary>
internal sealed class GridFft
{
    private readonly PeriodicGrid _grid;
    private readonly Fft1D[] _axes;
    private readonly double[] _lineRe;
    private readonly double[] _lineIm;
    private readonly double[] _lanesRe;
    private readonly double[] _lanesIm;

    public GridFft(PeriodicGrid grid)
    {
        _grid = grid;
        _axes = [new Fft1D(grid.N0), new Fft1D(grid.N1), new Fft1D(grid.N2)];
        var longest = Math.Max(grid.N0, Math.Max(grid.N1, grid.N2));
        _lineRe = new double[longest];
        _lineIm = new double[longest];
        _lanesRe = new double[longest * Fft1D.Lanes];
        _lanesIm = new double[longest * Fft1D.Lanes];
    }

    /// <summary>Transforms (re, im) of length grid.Count in place; the inverse includes the 1/N factor.</summary>
    public void Transform(double[] re, double[] im, bool inverse)
    {
        int n0 = _grid.N0, n1 = _grid.N1, n2 = _grid.N2;
        if (n2 > 1)
        {
            Contiguous(re, im, _axes[2], n2, n0 * n1, inverse);
        }

        if (n2 == 1)
        {
            Contiguous(re, im, _axes[1], n1, n0, inverse);
        }
        else
        {
            Strided(re, im, _axes[1], n1, n2, n0, n1 * n2, inverse);
        }

        Strided(re, im, _axes[0], n0, n1 * n2, 1, 0, inverse);
    }

    /// <summary>Transforms <paramref name="lines"/> consecutive lines of length <paramref name="n"/>.</summary>
    private void Contiguous(double[] re, double[] im, Fft1D fft, int n, int lines, bool inverse)
    {
        if (n == 1)
        {
            return;
        }

        var lanes = Fft1D.Lanes;
        var line = 0;
        if (fft.IsRadix2)
        {
            for (; line + lanes <= lines; line += lanes)
            {
                for (var l = 0; l < lanes; l++)
                {
                    var source = (line + l) * n;
                    for (var t = 0; t < n; t++)
                    {
                        _lanesRe[(t * lanes) + l] = re[source + t];
                        _lanesIm[(t * lanes) + l] = im[source + t];
                    }
                }

                fft.TransformLanes(_lanesRe, _lanesIm, 0, lanes, inverse);
                for (var l = 0; l < lanes; l++)
                {
                    var target = (line + l) * n;
                    for (var t = 0; t < n; t++)
                    {
                        re[target + t] = _lanesRe[(t * lanes) + l];
                        im[target + t] = _lanesIm[(t * lanes) + l];
                    }
                }
            }
        }

        for (; line < lines; line++)
        {
            fft.Transform(re.AsSpan(line * n, n), im.AsSpan(line * n, n), inverse);
        }
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
        var lanes = Fft1D.Lanes;
        for (var block = 0; block < blocks; block++)
        {
            var first = 0;
            if (fft.IsRadix2)
            {
                // Neighbouring lines are adjacent in memory: transform them in groups, straight in the arrays.
                for (; first + lanes <= stride; first += lanes)
                {
                    fft.TransformLanes(re, im, (block * blockStride) + first, stride, inverse);
                }
            }

            for (var offset = first; offset < stride; offset++)
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
