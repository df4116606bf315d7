using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>
/// Adds one chunk's share of XᵀX (or X₀ᵀX₀) to the upper triangle of a Gram matrix, cache-blocked: the chunk is
/// packed into panels of 4 and 8 channels, and each 4 × 8 tile of the Gram matrix is summed over the chunk's rows in
/// registers, then added to the total. Every entry still gets Σ_i x_ia·x_ib over the rows in order (multiply, then
/// add — no fused multiply–add), starting from 0, and that chunk sum is then added to the total — the arithmetic of a
/// row-by-row rank-one update, so the bits do not depend on the blocking or on the thread count (tiles are disjoint).
/// </summary>
internal static class GramKernel
{
    private const int TileA = 4;
    private const int TileB = 8;
    private const int BlockA = 64;

    /// <summary>Packing space for chunks of up to <paramref name="rows"/> rows of <paramref name="m"/> channels.</summary>
    public static (double[] A, double[] B) Scratch(int rows, int m)
        => (new double[((m + TileA - 1) / TileA) * rows * TileA], new double[((m + TileB - 1) / TileB) * rows * TileB]);

    /// <summary>
    /// total[a·m + b] += Σ_{i &lt; count} (x_ia − μ_a)(x_ib − μ_b) for a ≤ b, rows row-major in <paramref name="rows"/>;
    /// <paramref name="scratch"/> from <see cref="Scratch"/>.
    /// </summary>
    public static void Accumulate(
        ReadOnlySpan<double> rows, int count, int m, double[]? mean, double[] total, (double[] A, double[] B) scratch,
        ParallelOptions options)
    {
        var panelsA = (m + TileA - 1) / TileA;
        var panelsB = (m + TileB - 1) / TileB;
        var (packedA, packedB) = scratch;
        Pack(rows, count, m, mean, packedA, TileA);
        Pack(rows, count, m, mean, packedB, TileB);
        var blocks = (m + BlockA - 1) / BlockA;
        Parallel.For(0, blocks, options, block =>
        {
            Span<double> tile = stackalloc double[TileA * TileB];
            var firstA = block * BlockA / TileA;
            var endA = Math.Min(panelsA, (block + 1) * BlockA / TileA);
            for (var q = firstA * TileA / TileB; q < panelsB; q++)
            {
                for (var p = firstA; p < endA && p * TileA < (q + 1) * TileB; p++)
                {
                    Tile(packedA.AsSpan(p * count * TileA, count * TileA), packedB.AsSpan(q * count * TileB, count * TileB), count, tile);
                    AddTile(tile, p * TileA, q * TileB, m, total);
                }
            }
        });
    }

    /// <summary>packed[(panel·count + i)·width + c] = x[i, panel·width + c] − μ, zero past the last channel.</summary>
    private static void Pack(ReadOnlySpan<double> rows, int count, int m, double[]? mean, double[] packed, int width)
    {
        var panels = (m + width - 1) / width;
        for (var i = 0; i < count; i++)
        {
            var row = rows.Slice(i * m, m);
            for (var panel = 0; panel < panels; panel++)
            {
                var target = packed.AsSpan(((panel * count) + i) * width, width);
                for (var c = 0; c < width; c++)
                {
                    var a = (panel * width) + c;
                    target[c] = a >= m ? 0 : mean is null ? row[a] : row[a] - mean[a];
                }
            }
        }
    }

    /// <summary>tile[r·8 + c] = Σ_i b[i, c]·a[i, r] over the rows in order (multiply then add).</summary>
    private static void Tile(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int count, Span<double> tile)
    {
        Vector256<double> c00 = Vector256<double>.Zero, c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (var i = 0; i < count; i++)
        {
            var b0 = Vector256.Create(b.Slice(i * TileB, 4));
            var b1 = Vector256.Create(b.Slice((i * TileB) + 4, 4));
            var ai = a.Slice(i * TileA, TileA);
            var a0 = Vector256.Create(ai[0]);
            c00 += b0 * a0;
            c01 += b1 * a0;
            var a1 = Vector256.Create(ai[1]);
            c10 += b0 * a1;
            c11 += b1 * a1;
            var a2 = Vector256.Create(ai[2]);
            c20 += b0 * a2;
            c21 += b1 * a2;
            var a3 = Vector256.Create(ai[3]);
            c30 += b0 * a3;
            c31 += b1 * a3;
        }

        c00.CopyTo(tile);
        c01.CopyTo(tile[4..]);
        c10.CopyTo(tile[8..]);
        c11.CopyTo(tile[12..]);
        c20.CopyTo(tile[16..]);
        c21.CopyTo(tile[20..]);
        c30.CopyTo(tile[24..]);
        c31.CopyTo(tile[28..]);
    }

    /// <summary>Adds the tile's entries with a ≤ b &lt; m to the total.</summary>
    private static void AddTile(ReadOnlySpan<double> tile, int a0, int b0, int m, double[] total)
    {
        for (var r = 0; r < TileA && a0 + r < m; r++)
        {
            var a = a0 + r;
            for (var c = Math.Max(0, a - b0); c < TileB && b0 + c < m; c++)
            {
                total[(a * m) + b0 + c] += tile[(r * TileB) + c];
            }
        }
    }
}
