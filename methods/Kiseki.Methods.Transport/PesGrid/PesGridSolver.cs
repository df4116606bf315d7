using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.PesGrid;

/// <summary>Fills a periodic grid with a potential-energy surface (C order, index i along an axis ↔ u = i/n).</summary>
public static class PesGridSolver
{
    /// <summary>
    /// E(u) = Σ_t amplitude_t·cos(2π k_t·u); each term is [amplitude, k1, …, k_rank] with integer k (periodic in the cell).
    /// </summary>
    public static double[] Fourier(PeriodicGrid grid, IReadOnlyList<double[]> terms)
    {
        var energies = new double[grid.Count];
        for (var index = 0; index < grid.Count; index++)
        {
            var u = grid.FractionalOf(index);
            var e = 0.0;
            foreach (var term in terms)
            {
                var phase = 0.0;
                for (var a = 0; a < u.Length; a++)
                {
                    phase += term[a + 1] * u[a];
                }

                e += term[0] * Math.Cos(2.0 * Math.PI * phase);
            }

            energies[index] = e;
        }

        return energies;
    }

    /// <summary>The perovskite-like proton template on a 3-D grid.</summary>
    public static double[] Perovskite(PeriodicGrid grid, PerovskiteTemplate template, CancellationToken cancellationToken = default)
    {
        if (grid.Rank != 3)
        {
            throw new ArgumentException("The perovskite template needs a 3-D grid.", nameof(grid));
        }

        var energies = new double[grid.Count];
        for (var index = 0; index < grid.Count; index++)
        {
            if ((index & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (i, j, k) = grid.CoordinatesOf(index);
            energies[index] = template.Energy((double)i / grid.N0, (double)j / grid.N1, (double)k / grid.N2);
        }

        return energies;
    }
}
