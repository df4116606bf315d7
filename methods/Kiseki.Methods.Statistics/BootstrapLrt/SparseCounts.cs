namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>
/// A non-negative matrix (pixels × channels) with only its non-zero entries stored, in compressed rows, and a column
/// index over the same entries: <see cref="ColumnEntry"/> lists, column by column, the row-major positions of the
/// entries, so a per-entry array (such as the model value) indexed by row-major position serves both passes.
/// </summary>
internal sealed class SparseCounts
{
    private SparseCounts(int rows, int columns, int[] rowStart, int[] column, double[] value, int[] columnStart, int[] columnEntry, int[] entryRow, double total)
    {
        RowEntry = [.. Enumerable.Range(0, value.Length)];
        Rows = rows;
        Columns = columns;
        RowStart = rowStart;
        Column = column;
        Value = value;
        ColumnStart = columnStart;
        ColumnEntry = columnEntry;
        EntryRow = entryRow;
        Total = total;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row i holds the entries RowStart[i] … RowStart[i+1]−1 (row-major positions).</summary>
    public int[] RowStart { get; }

    /// <summary>0, 1, …: the row-major positions in row order (so rows and columns are walked alike).</summary>
    public int[] RowEntry { get; }

    /// <summary>Column of each entry (row-major position).</summary>
    public int[] Column { get; }

    /// <summary>Value of each entry (row-major position).</summary>
    public double[] Value { get; }

    /// <summary>Column j owns ColumnEntry[ColumnStart[j]] … ColumnEntry[ColumnStart[j+1]−1].</summary>
    public int[] ColumnStart { get; }

    /// <summary>Row-major positions of the entries, column by column.</summary>
    public int[] ColumnEntry { get; }

    /// <summary>Row of each entry of <see cref="ColumnEntry"/> (same order).</summary>
    public int[] EntryRow { get; }

    /// <summary>Number of stored (non-zero) entries.</summary>
    public int Count => Value.Length;

    /// <summary>Σ x over the whole matrix.</summary>
    public double Total { get; }

    public static SparseCounts FromDense(double[] data, int n, int m)
    {
        var nonZero = 0;
        var perColumn = new int[m + 1];
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != 0)
            {
                nonZero++;
                perColumn[(i % m) + 1]++;
            }
        }

        var rowStart = new int[n + 1];
        var column = new int[nonZero];
        var value = new double[nonZero];
        var p = 0;
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            rowStart[i] = p;
            for (var j = 0; j < m; j++)
            {
                var v = data[(i * m) + j];
                if (v != 0)
                {
                    column[p] = j;
                    value[p++] = v;
                    total += v;
                }
            }
        }

        rowStart[n] = p;
        for (var j = 0; j < m; j++)
        {
            perColumn[j + 1] += perColumn[j];
        }

        var columnStart = (int[])perColumn.Clone();
        var next = (int[])perColumn.Clone();
        var columnEntry = new int[nonZero];
        var entryRow = new int[nonZero];
        for (var i = 0; i < n; i++)
        {
            for (var q = rowStart[i]; q < rowStart[i + 1]; q++)
            {
                var slot = next[column[q]]++;
                columnEntry[slot] = q;
                entryRow[slot] = i;
            }
        }

        return new SparseCounts(n, m, rowStart, column, value, columnStart, columnEntry, entryRow, total);
    }
}

/// <summary>A rank-K fit: C (N × K) and S (M × K) row-major, its divergence from the data and the sweeps it took.</summary>
/// <param name="C">Maps, N × K row-major.</param>
/// <param name="S">Spectra, M × K row-major.</param>
/// <param name="Components">K.</param>
/// <param name="Deviance">KL divergence Σ x log(x/x̂) − x + x̂ (Poisson family) or residual sum of squares (gaussian).</param>
/// <param name="Pearson">Σ (x − x̂)²/x̂ over all entries (Poisson family; 0 for gaussian fits).</param>
/// <param name="Iterations">Sweeps (or multiplicative updates) run.</param>
/// <param name="Converged">True when the tolerance stopped the fit before the sweep limit.</param>
/// <param name="Ratio">Σ x/x̂ over the non-zero entries (Poisson family): N·M(1 + s̄) of Fletcher's (2012) dispersion.</param>
/// <param name="Settled">True when a <see cref="ISweepStop"/> ended the fit before its tolerance did.</param>
internal sealed record RankFit(double[] C, double[] S, int Components, double Deviance, int Iterations, double Pearson = 0, bool Converged = true, double Ratio = 0, bool Settled = false);
