namespace Kiseki.Methods.Precipitate;

/// <summary>
/// Elastic strain energy density of a coherent prolate spheroidal inclusion (semi-axes a = b, c = ρa, axis along z)
/// with eigenstrain diag(ε_a, ε_a, ε_c) in an infinite matrix of the same stiffness (homogeneous Eshelby problem;
/// Mura, Micromechanics of Defects in Solids, 1987, §11; Eshelby, Proc. R. Soc. A 241, 376, 1957):
/// D_ijkl = −(abc/4π)∮ Ω_ij(n) n_k n_l / β(n)³ dS, Ω = (C_iklj n_k n_l)⁻¹, β² = a²(n₁² + n₂²) + c²n₃²;
/// S_ijmn = −½ C_lkmn (D_iklj + D_jkli); σ = C(Sε* − ε*); w = −½ σ_ij ε*_ij (GPa = GJ/m³).
/// The unit-sphere integral uses midpoints in t = cos θ (<see cref="PolarPoints"/> on [0, 1], doubled by inversion
/// symmetry) and φ (for stiffness transversely isotropic about z the φ integrand is a trigonometric polynomial of
/// degree ≤ 4, so 16 midpoints are exact); the φ-integrated Ω n n tensors are computed once per stiffness, so each aspect ratio costs
/// O(<see cref="PolarPoints"/>). Immutable and thread-safe.
/// </summary>
public sealed class EshelbySpheroid
{
    /// <summary>Midpoints in t = cos θ on [0, 1].</summary>
    public const int PolarPoints = 2000;

    /// <summary>Midpoints in φ on [0, 2π).</summary>
    public const int AzimuthPoints = 16;

    private readonly StiffnessTensor _c;
    private readonly double[] _t = new double[PolarPoints];
    private readonly double[] _g = new double[PolarPoints * 81]; // ∫ Ω_ij n_k n_l dφ at each t

    /// <summary>Precomputes the φ-integrated tensors for <paramref name="stiffness"/>.</summary>
    public EshelbySpheroid(StiffnessTensor stiffness)
    {
        ArgumentNullException.ThrowIfNull(stiffness);
        _c = stiffness;
        var n = new double[3];
        var k = new double[9];
        var omega = new double[9];
        var dphi = 2 * Math.PI / AzimuthPoints;
        for (var p = 0; p < PolarPoints; p++)
        {
            var t = (p + 0.5) / PolarPoints;
            _t[p] = t;
            var st = Math.Sqrt(1 - t * t);
            for (var q = 0; q < AzimuthPoints; q++)
            {
                var phi = (q + 0.5) * dphi;
                n[0] = st * Math.Cos(phi);
                n[1] = st * Math.Sin(phi);
                n[2] = t;
                Acoustic(n, k);
                Invert3(k, omega);
                var offset = p * 81;
                for (var i = 0; i < 3; i++)
                {
                    for (var j = 0; j < 3; j++)
                    {
                        var o = omega[i * 3 + j] * dphi;
                        for (var a = 0; a < 3; a++)
                        {
                            for (var b = 0; b < 3; b++)
                            {
                                _g[offset + StiffnessTensor.Index(i, j, a, b)] += o * n[a] * n[b];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The matrix stiffness.</summary>
    public StiffnessTensor Stiffness => _c;

    /// <summary>
    /// Elastic energy per unit inclusion volume w (GPa) at aspect ratio <paramref name="aspectRatio"/> ≥ 1 for
    /// eigenstrain diag(<paramref name="misfitA"/>, <paramref name="misfitA"/>, <paramref name="misfitC"/>).
    /// </summary>
    public double EnergyDensity(double aspectRatio, double misfitA, double misfitC)
    {
        if (!(aspectRatio >= 1) || !double.IsFinite(aspectRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(aspectRatio), aspectRatio, "aspect ratio must be finite and ≥ 1.");
        }

        var d = DTensor(aspectRatio);
        double[] eig = [misfitA, 0, 0, 0, misfitA, 0, 0, 0, misfitC];
        var sigmaStar = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var s = 0.0;
                for (var m = 0; m < 3; m++)
                {
                    s += _c[i, j, m, m] * eig[m * 3 + m];
                }

                sigmaStar[i * 3 + j] = s;
            }
        }

        // constrained strain e_ij = −½ σ*_lk (D_iklj + D_jkli)
        var e = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var s = 0.0;
                for (var l = 0; l < 3; l++)
                {
                    for (var k = 0; k < 3; k++)
                    {
                        s += sigmaStar[l * 3 + k] * (d[StiffnessTensor.Index(i, k, l, j)] + d[StiffnessTensor.Index(j, k, l, i)]);
                    }
                }

                e[i * 3 + j] = -0.5 * s;
            }
        }

        var w = 0.0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var sigma = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    for (var l = 0; l < 3; l++)
                    {
                        sigma += _c[i, j, k, l] * (e[k * 3 + l] - eig[k * 3 + l]);
                    }
                }

                w += -0.5 * sigma * eig[i * 3 + j];
            }
        }

        return w;
    }

    private double[] DTensor(double rho)
    {
        var d = new double[81];
        var dt = 1.0 / PolarPoints;
        var rho2 = rho * rho;
        for (var p = 0; p < PolarPoints; p++)
        {
            var t2 = _t[p] * _t[p];
            var q = 1 - t2 + rho2 * t2;
            var weight = rho / (q * Math.Sqrt(q)) * dt;
            var offset = p * 81;
            for (var x = 0; x < 81; x++)
            {
                d[x] += weight * _g[offset + x];
            }
        }

        var factor = -2.0 / (4 * Math.PI); // factor 2: t ∈ [−1, 0) mirrors t ∈ (0, 1]
        for (var x = 0; x < 81; x++)
        {
            d[x] *= factor;
        }

        return d;
    }

    private void Acoustic(double[] n, double[] k)
    {
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var s = 0.0;
                for (var a = 0; a < 3; a++)
                {
                    for (var b = 0; b < 3; b++)
                    {
                        s += _c[i, a, b, j] * n[a] * n[b];
                    }
                }

                k[i * 3 + j] = s;
            }
        }
    }

    private static void Invert3(double[] m, double[] inv)
    {
        var c00 = m[4] * m[8] - m[5] * m[7];
        var c01 = m[5] * m[6] - m[3] * m[8];
        var c02 = m[3] * m[7] - m[4] * m[6];
        var det = m[0] * c00 + m[1] * c01 + m[2] * c02;
        var r = 1.0 / det;
        inv[0] = c00 * r;
        inv[1] = (m[2] * m[7] - m[1] * m[8]) * r;
        inv[2] = (m[1] * m[5] - m[2] * m[4]) * r;
        inv[3] = c01 * r;
        inv[4] = (m[0] * m[8] - m[2] * m[6]) * r;
        inv[5] = (m[2] * m[3] - m[0] * m[5]) * r;
        inv[6] = c02 * r;
        inv[7] = (m[1] * m[6] - m[0] * m[7]) * r;
        inv[8] = (m[0] * m[4] - m[1] * m[3]) * r;
    }
}
