namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// Fixed row blocks of the data matrix. The block boundaries depend only on the number of rows, never on the thread
/// count, and partial sums are combined in block order, so every kernel is byte-identical for any parallelism.
/// </summary>
public readonly record struct RowPartition(int Rows, int Blocks)
{
    /// <summary>The most blocks a reduction keeps partial sums for.</summary>
    public const int MaxBlocks = 64;

    /// <summary>The fixed partition of <paramref name="rows"/> rows (about 512 rows per block, at most 64 blocks).</summary>
    public static RowPartition For(int rows)
        => new(rows, Math.Clamp((rows + 511) / 512, 1, MaxBlocks));

    /// <summary>First row of <paramref name="block"/>.</summary>
    public int Start(int block) => (int)((long)block * Rows / Blocks);

    /// <summary>One past the last row of <paramref name="block"/>.</summary>
    public int End(int block) => (int)((long)(block + 1) * Rows / Blocks);

    /// <summary>Runs <paramref name="body"/> for every block on up to <paramref name="threads"/> threads.</summary>
    public void Run(int threads, Action<int> body)
    {
        if (threads <= 1 || Blocks == 1)
        {
            for (var b = 0; b < Blocks; b++)
            {
                body(b);
            }

            return;
        }

        Parallel.For(0, Blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
