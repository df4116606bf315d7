using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>Validates a spectrum image and the component count for the NMF family (clear messages, no NaN runs).</summary>
internal static class NmfInputCheck
{
    /// <summary>
    /// The data matrix of <paramref name="image"/>, checked. An image left in a file (out of core) whose working copy
    /// (float32 for counts and float32 data, else float64) would exceed the array memory budget is read by rows from its
    /// file (the caller disposes <see cref="NmfMatrix.File"/>); the kernels give the same bits either way. When
    /// <paramref name="loadWholeBecause"/> is given the mode needs the image in memory: it is loaded whatever its size,
    /// and the step log says so with this reason and the size.
    /// </summary>
    public static (NmfMatrix Matrix, DataScan Scan) Prepare(
        SpectrumImage image, int components, int threads, MethodContext context, string? loadWholeBecause = null,
        bool zerosAllowed = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(image);
        if (DTypes.IsComplex(image.DType))
        {
            throw MethodException.InvalidInput("image", "complex data cannot be factorised; take the magnitude or real part first.");
        }

        var x = Matrix(image, context, loadWholeBecause);
        try
        {
            return (x, Check(x, image, components, threads, zerosAllowed));
        }
        catch
        {
            x.File?.Dispose();
            throw;
        }
    }

    private static NmfMatrix Matrix(SpectrumImage image, MethodContext context, string? loadWholeBecause)
    {
        if (image is not { IsLoaded: false, File: { } file })
        {
            return NmfMatrix.FromArray(image.Data);
        }

        // Decided from the image's shape and dtype: opening the rows of a stored object verifies it by a hashing pass,
        // which a whole load (verified while it reads) would then repeat.
        var working = (long)image.Pixels * image.Channels * (DTypes.ExactInSingles(image.DType) ? sizeof(float) : sizeof(double));
        if (loadWholeBecause is null && working > context.ArrayMemoryBudget)
        {
            return NmfMatrix.FromFile(file.OpenRows());
        }

        ImageLoadLog.LoadingWhole(image, context, loadWholeBecause ?? "its working copy fits the array memory budget");
        return NmfMatrix.FromArray(image.Data);
    }

    private static DataScan Check(NmfMatrix x, SpectrumImage image, int components, int threads, bool zerosAllowed)
    {
        if (x.Rows == 0 || x.Columns == 0)
        {
            throw MethodException.InvalidInput("image", $"the image is empty ({image.Rows} × {image.Columns} × {image.Channels}).");
        }

        if (components < 1 || components > Math.Min(x.Rows, x.Columns))
        {
            throw MethodException.InvalidParameter(
                "components",
                $"{components} components cannot be fitted to {x.Rows} pixels × {x.Columns} channels; " +
                $"use 1 to {Math.Min(x.Rows, x.Columns)}.");
        }

        var scan = DataScan.Of(x, threads);
        if (scan.NonFiniteCount > 0)
        {
            throw MethodException.InvalidInput(
                "image", $"{scan.NonFiniteCount} values are NaN or infinite; mask or interpolate them before NMF.");
        }

        if (scan.NegativeCount > 0)
        {
            throw MethodException.InvalidInput(
                "image",
                $"{scan.NegativeCount} values are negative (minimum {scan.Minimum:G6}); NMF needs non-negative data. " +
                "Clip dark-subtracted data at 0 or add an offset first.");
        }

        if (scan.Maximum <= 0)
        {
            throw MethodException.InvalidInput("image", "every value is zero; there is nothing to factorise.");
        }

        if (!zerosAllowed && scan.ZeroCount > 0)
        {
            throw MethodException.InvalidInput(
                "image",
                $"{scan.ZeroCount} values are exactly zero, where this divergence is undefined (β ≤ −1); " +
                "add a small positive offset or use beta > −1.");
        }

        return scan;
    }

    /// <summary>Refuses <c>precision: float32</c> in the malspy mode, which reproduces malspy's float64 arithmetic.</summary>
    public static void CheckPrecision(NmfPrecision precision, bool malspy)
    {
        if (precision == NmfPrecision.Float32 && malspy)
        {
            throw MethodException.InvalidParameter(
                "precision", "float32 is not available with compat: malspy-0.4.0, which reproduces malspy's float64 arithmetic; use precision: float64 or compat: none.");
        }
    }

    /// <summary><paramref name="x"/> with float32 products when <paramref name="precision"/> asks for them (said in the step log).</summary>
    public static NmfMatrix WithPrecision(NmfMatrix x, NmfPrecision precision, MethodContext context)
    {
        if (precision != NmfPrecision.Float32)
        {
            return x;
        }

        context.Log.Info("precision float32: X·S and XᵀC with float32 products, summed on in float64");
        return x.WithSingleProducts();
    }

    public static double? CheckTolerance(double? tolerance)
        => tolerance is { } t && !(t >= 0 && double.IsFinite(t))
            ? throw MethodException.InvalidParameter("tolerance", $"must be finite and ≥ 0, got {t}.")
            : tolerance;

    public static void CheckIterations(int restarts, int maxIterations, int minIterations)
    {
        if (restarts < 1)
        {
            throw MethodException.InvalidParameter("restarts", $"must be at least 1, got {restarts}.");
        }

        if (maxIterations < 1)
        {
            throw MethodException.InvalidParameter("max_iterations", $"must be at least 1, got {maxIterations}.");
        }

        if (minIterations < 0)
        {
            throw MethodException.InvalidParameter("min_iterations", $"must be ≥ 0, got {minIterations}.");
        }
    }
}
