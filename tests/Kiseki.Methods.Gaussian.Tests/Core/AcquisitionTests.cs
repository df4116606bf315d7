namespace Kiseki.Methods.Gaussian.Tests.Core;

public sealed class AcquisitionTests
{
    [Fact]
    public void ExpectedImprovement_KnownValues()
    {
        var ei = Acquisition.ExpectedImprovement([1.0, 0.0, 2.0], [1.0, 4.0, 0.0], 1.0);
        Assert.Equal(1 / Math.Sqrt(2 * Math.PI), ei[0], 12);
        // gain −1, σ 2: −1·Φ(−0.5) + 2φ(−0.5)
        Assert.Equal(-Acquisition.NormalCdf(-0.5) + 2 * Acquisition.NormalPdf(-0.5), ei[1], 12);
        Assert.Equal(1.0, ei[2], 12);
    }

    [Fact]
    public void ProbabilityOfImprovementAndStraddle_KnownValues()
    {
        var pi = Acquisition.ProbabilityOfImprovement([1.0, 2.0], [1.0, 1.0], 1.0);
        Assert.Equal(0.5, pi[0], 12);
        Assert.Equal(Acquisition.NormalCdf(1.0), pi[1], 12);
        var straddle = Acquisition.Straddle([0.0, 3.0], [1.0, 4.0], 1.0);
        Assert.Equal(1.96 - 1, straddle[0], 12);
        Assert.Equal(3.92 - 2, straddle[1], 12);
    }

    [Fact]
    public void ArgMax_SkipsExcludedAndNaN()
    {
        Assert.Equal(2, Acquisition.ArgMax([5.0, double.NaN, 1.0], [true, false, false]));
        Assert.Equal(-1, Acquisition.ArgMax([5.0], [true]));
    }

    [Fact]
    public void LevelSetEstimator_ClassifiesConfidentPointsAndPicksMostAmbiguous()
    {
        var lse = new LevelSetEstimator(4, threshold: 0.0, betaSqrt: 3.0);
        lse.Update([5.0, -5.0, 0.5, 0.1], [1.0, 1.0, 1.0, 1.0]);
        Assert.Equal(LevelSetClass.Above, lse.Classes[0]);
        Assert.Equal(LevelSetClass.Below, lse.Classes[1]);
        Assert.Equal(LevelSetClass.Unclassified, lse.Classes[2]);
        Assert.Equal(3, lse.SelectNext());
        Assert.Equal(2, lse.SelectNext([false, false, false, true]));
        lse.Update([5.0, -5.0, 0.5, 0.1], [0.01, 0.01, 0.01, 1.0]);
        Assert.Equal(LevelSetClass.Above, lse.Classes[2]);
        Assert.Equal(1, lse.UnclassifiedCount);
    }
}
