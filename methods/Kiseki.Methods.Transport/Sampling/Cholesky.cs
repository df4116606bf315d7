namespace Kiseki.Methods.Transport.Sampling;

/// <summary>A growing lower Cholesky factor L (A = L Lᵀ) stored row by row, with O(n²) appends and solves.</summary>
internal sealed class Cholesky
{
    private readonly List<double[]> _rows = [];

    public int Count => _rows.Count;

    /// <summary>Appends a row/column: <paramref name="column"/> holds A(n, 0..n−1), <paramref name="diagonal"/> A(n, n).</summary>
    /// <returns>False when the matrix is not numerically positive definite.</returns>
    public bool Append(ReadOnlySpan<double> column, double diagonal)
    {
        var n = _rows.Count;
        var row = new double[n + 1];
        var sum = 0.0;
        for (var j = 0; j < n; j++)
        {
            var lj = _rows[j];
            var s = column[j];
            for (var k = 0; k < j; k++)
            {
                s -= row[k] * lj[k];
            }

            row[j] = s / lj[j];
            sum += row[j] * row[j];
        }

        var d = diagonal - sum;
        if (!(d > 0))
        {
            return false;
        }

        row[n] = Math.Sqrt(d);
        _rows.Add(row);
        return true;
    }

    /// <summary>Solves A x = b in place.</summary>
    public void Solve(Span<double> b)
    {
        var n = _rows.Count;
        for (var i = 0; i < n; i++)
        {
            var row = _rows[i];
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= row[k] * b[k];
            }

            b[i] = s / row[i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i] / _rows[i][i];
            b[i] = s;
            for (var k = 0; k < i; k++)
            {
                b[k] -= _rows[i][k] * s;
            }
        }
    }

    /// <summary>log det A = 2 Σ log L_ii.</summary>
    public double LogDeterminant()
    {
        var s = 0.0;
        for (var i = 0; i < _rows.Count; i++)
        {
            s += Math.Log(_rows[i][i]);
        }

        return 2 * s;
    }
}
