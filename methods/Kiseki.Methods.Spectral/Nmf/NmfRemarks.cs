namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>Remarks shown by <c>kiseki methods describe</c> for the NMF family.</summary>
internal static class NmfRemarks
{
    public const string Hals =
        "Model X ≈ C Sᵀ, X = pixels × channels (C-order pixels of the (rows, cols) grid), C ≥ 0 maps with unit-L2 " +
        "columns, S ≥ 0 spectra in the units of the data. HALS (Cichocki & Phan, IEICE Trans. Fundam. E92-A (2009) 708); " +
        "soft orthogonality as Shiga et al., Ultramicroscopy 170 (2016) 43–59 (malspy 0.4.0 NMF / NMF_SO). " +
        "Objective: mean squared residual ‖X − C Sᵀ‖²/(N·M) in squared data units; residual: per-pixel RMSE. " +
        "compat: malspy-0.4.0 reproduces malspy exactly (NumPy legacy MT19937 seeded with random_seed, initial spectra " +
        "drawn with replacement, absolute tolerance 1e-10 after min_iterations, learning curve without its last value, " +
        "update counts as malspy prints them). compat: none (default) differs: initial pixels drawn without replacement " +
        "from the step seed (one derived stream per restart); relative tolerance (default 1e-6) tested once " +
        "min_iterations sweeps are done; the full learning curve is kept and the best restart is chosen on its true final " +
        "objective; K = 1 with orthogonality skips the projection instead of 0/0; integer inputs are converted to " +
        "float64 (malspy truncates); NaN/negative inputs and non-finite results are refused with an error. Float32 data " +
        "are used in place, accumulation is float64; results do not depend on the thread count.";

    /// <summary>What <c>precision: float32</c> does (added to the HALS family after runs were recorded; float64 keeps their keys).</summary>
    public const string Precision =
        " precision: float32 (compat: none) takes the products with the data, X·S and XᵀC, in float32 on 16 lanes — " +
        "16-bit integer rows widened inside the kernel and read from files as stored — summed on in float64 (a row's " +
        "lanes; each chunk of 32 rows' sums): about twice as fast on large and out-of-core images, with a relative " +
        "error of a product near 1e-7 (outputs differ from float64 in the fourth to sixth digit; use a tolerance of " +
        "1e-5 or more, since the objective is accurate to about 1e-7 of ‖X‖²). The same values give the same bits in " +
        "memory and from a file, on any number of threads. With float32, spectral.nmf makes two passes per sweep.";

    /// <summary>The description of the <c>precision</c> parameter of the HALS family.</summary>
    public const string PrecisionParameter =
        "float64 (default) or float32: products with the data (X·S, XᵀC) in float32 on 16 lanes, summed on in float64 — " +
        "about twice as fast on large or out-of-core images, relative error of a product ≈1e-7 (use a tolerance of 1e-5 " +
        "or more); not with compat: malspy-0.4.0.";

    /// <summary>What version 2 of <c>spectral.nmf</c> changed.</summary>
    public const string SinglePass =
        " Version 2 (compat: none): one pass over X per sweep instead of two — each row block of X gives its rows of " +
        "X·S, updates its map rows and adds its share of XᵀC for the next spectra update while in cache; the same " +
        "updates as version 1, with results differing from it in the last bits (summation order). The malspy-0.4.0 " +
        "mode is unchanged.";

    /// <summary>What version 3 of <c>spectral.beta-nmf</c> changed.</summary>
    public const string BetaSinglePass =
        " Version 3 (compat: none): one pass over X per sweep instead of two — each row block of X, while in cache, " +
        "forms its map ratios with the current maps and the new spectra, updates its map rows, rebuilds its model rows " +
        "from them and adds its share of the next spectra numerator and denominator and of the divergence; the unit-norm " +
        "rescaling of the maps divides those sums of component k by the norm of map k afterwards. The same updates as " +
        "version 2, with results differing from it in the last bits (summation order). An image left in its file (out of " +
        "core) is read by rows when its working copy exceeds the array memory budget, with the same results. The " +
        "malspy-0.4.0 mode is unchanged.";

    public const string Ard =
        "NMF with automatic relevance determination and soft orthogonality (Shiga et al., Ultramicroscopy 170 (2016) " +
        "43–59; malspy 0.4.0 NMF_ARD_SO): exponential prior with mean λ_k on the maps, inverse-gamma(α, β) hyperprior " +
        "with β = mean(X)(α − 1)√M/K₀, Gaussian noise σ²; spectra have unit L2 norm, maps carry the intensity (data " +
        "units); spectra with cosine ≥ merge_threshold are merged; components with λ ≤ 2.2e-16 are pruned and the rest " +
        "sorted by λ. Objective: negative log posterior (dimensionless). compat: malspy-0.4.0 reproduces malspy exactly, " +
        "including its choice of λ from the last restart, the initial λ with M in the denominator, and the absolute " +
        "λ > eps threshold in data units. compat: none (default): the data are divided by their mean internally and the " +
        "results rescaled (scale invariant; the objective curve is that of the normalised data), λ comes from the best " +
        "restart, the initial λ uses N, initial pixels are drawn without replacement, relative tolerance (default 1e-6), " +
        "K₀ = 1 skips the projection, NaN/negative inputs are refused.";

    public const string Beta =
        "β-divergence NMF in malspy's convention β ∈ [−1, 1]: β = −1 Itakura–Saito, β = 0 generalised Kullback–Leibler " +
        "(Poisson), β = 1 Euclidean; in the standard convention (Févotte & Idier, Neural Comput. 23 (2011) 2421) " +
        "β_std = β + 1, and any real β is accepted. Objective and residual: mean divergence per entry (per pixel for the " +
        "residual image). Maps have unit-L2 columns, spectra carry the intensity. compat: malspy-0.4.0 reproduces " +
        "malspy's BetaNMF / BetaNMF_SO (weighted HALS of Kimura, Kudo & Tanaka, Mach. Learn. 103 (2016) 285 with weights " +
        "frozen per sweep, X + eps when min(X) = 0, random uniform initial maps, learning curve without its last two " +
        "values, absolute tolerance 1e-10). compat: none (default) uses the majorisation–minimisation multiplicative " +
        "updates of Févotte & Idier (2011), streamed over pixel blocks without N × M temporaries (the objective is " +
        "non-increasing for orthogonality 0); the orthogonality term removes w_o times the projection of each map's " +
        "numerator on the sum of the other maps (as malspy's BetaNMF_SO); relative tolerance (default 1e-6); for " +
        "β = 0 (KL) the divergence, a logarithm per entry, is evaluated every 5th sweep and after the last one: the " +
        "objective curve holds those evaluations (convergence.objective_interval = 5), the iteration count is the " +
        "number of sweeps, and the fit stops once the relative decrease per sweep since the previous evaluation, " +
        "|D_prev − D|/(gap·D_prev), is at most the tolerance (other β: every sweep, |D_prev − D| ≤ tol·D_prev); initial " +
        "pixels without replacement; zeros are allowed for β > −1 and refused for β ≤ −1; negative or NaN data refused.";
}
