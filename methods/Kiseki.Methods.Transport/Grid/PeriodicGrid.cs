namespace Kiseki.Methods.Transport.Grid;

/// <summary>
/// A periodic grid over a unit cell in fractional coordinates: index i along axis a sits at u_a = i / n_a, points are
/// stored in C order (last axis fastest) and the grid wraps around in every axis. Two or three axes.
/// </summary>
public sealed class PeriodicGrid
{
    private readonly int[] _shape;

    /// <summary>Creates a grid; every dimension must be at least 1 and the point count must fit in an int.</summary>
    public PeriodicGrid(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 2 or > 3)
        {
            throw new ArgumentException($"A grid has 2 or 3 axes, got {shape.Count}.", nameof(shape));
        }

        long count = 1;
        foreach (var n in shape)
        {
            if (n < 1)
            {
                throw new ArgumentException($"Every grid dimension must be at least 1, got ({string.Join(", ", shape)}).", nameof(shape));
            }

            count *= n;
            if (count > int.MaxValue / 2)
            {
                throw new ArgumentException($"The grid ({string.Join(", ", shape)}) has too many points.", nameof(shape));
            }
        }

        _shape = [.. shape];
        Count = (int)count;
        N0 = _shape[0];
        N1 = _shape[1];
        N2 = _shape.Length == 3 ? _shape[2] : 1;
    }

    /// <summary>The dimensions (2 or 3 of them).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Size of the first axis.</summary>
    public int N0 { get; }

    /// <summary>Size of the second axis.</summary>
    public int N1 { get; }

    /// <summary>Size of the third axis (1 for a 2-D grid).</summary>
    public int N2 { get; }

    /// <summary>A copy of the shape.</summary>
    public int[] ShapeArray() => [.. _shape];

    /// <summary>Flat C-order index of (i, j, k); k is ignored for 2-D grids.</summary>
    public int IndexOf(int i, int j, int k = 0) => ((i * N1) + j) * N2 + k;

    /// <summary>Grid coordinates of a flat index (third coordinate 0 in 2-D).</summary>
    public (int I, int J, int K) CoordinatesOf(int index)
    {
        var k = index % N2;
        var rest = index / N2;
        return (rest / N1, rest % N1, k);
    }

    /// <summary>Fractional coordinates u_a = i_a / n_a of a flat index (length = rank).</summary>
    public double[] FractionalOf(int index)
    {
        var (i, j, k) = CoordinatesOf(index);
        return Rank == 2
            ? [(double)i / N0, (double)j / N1]
            : [(double)i / N0, (double)j / N1, (double)k / N2];
    }

    /// <summary>
    /// Neighbour steps (di, dj, dk) for a connectivity: face steps move along one axis, full steps along any subset of
    /// axes; a 2-D grid never steps along the third axis.
    /// </summary>
    public int[][] Stencil(Connectivity connectivity)
    {
        var steps = new List<int[]>();
        var kRange = Rank == 3 ? 1 : 0;
        for (var di = -1; di <= 1; di++)
        {
            for (var dj = -1; dj <= 1; dj++)
            {
                for (var dk = -kRange; dk <= kRange; dk++)
                {
                    var moved = Math.Abs(di) + Math.Abs(dj) + Math.Abs(dk);
                    if (moved == 0 || (connectivity == Connectivity.Face && moved != 1))
                    {
                        continue;
                    }

                    steps.Add([di, dj, dk]);
                }
            }
        }

        return [.. steps];
    }
}
