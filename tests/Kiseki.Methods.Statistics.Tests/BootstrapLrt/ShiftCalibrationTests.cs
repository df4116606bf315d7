using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class ShiftCalibrationTests
{
    // The deeper levels from the B first-level replicates alone (calibration_replicates at most B: nothing continued).
    private static readonly BootstrapLrtParameters FourVsFive = new() { Alpha = 0.05, Replicates = 39, MaxComponents = 5, CalibrationReplicates = 39 };

    // The first level continued from 39 to 59 replicates before the deeper levels are drawn (159 by default; fewer
    // keep the test short).
    private static readonly BootstrapLrtParameters Continued = FourVsFive with { CalibrationReplicates = 59 };

    // 12×12×48, exactly 4 components at 100 counts per pixel (2 events per entry): the replicates drawn from the fitted
    // rank-4 null fall short of the data's T (the plug-in shortfall), and the first level rejects the true 4 (1 of 39
    // replicates reach T); the second level measures a shortfall of about 20 one level down, the shift is twice that,
    // and 13 replicates reach T once it is added.
    private static readonly Phantom FalseRejection = PhantomGenerator.Generate(
        new PhantomOptions { Rows = 12, Cols = 12, Channels = 48, Components = 4, Counts = 100 }, new Xoshiro256StarStar(7002));

    [Fact]
    public void Run_FirstLevelRejectsATrueNull_SecondLevelShiftTurnsItIntoAnAcceptance()
    {
        var step = BootstrapLrtSolver.Run(FalseRejection.Data, 144, 48, FourVsFive, new Xoshiro256StarStar(7009), 2, null, default, firstTest: 5).Steps[^1];

        Assert.Equal(39, step.Replicates);
        Assert.Equal(39, step.SecondLevel);
        Assert.InRange(step.Shift, 30.0, 80.0);
        Assert.True(step.Exceedances >= 2, $"{step.Exceedances} exceedances after the shift");
        Assert.Equal((1.0 + step.Exceedances) / 40.0, step.PValue, 12);
        Assert.False(step.Rejected);

        // Any calibration count up to B leaves the first level as drawn.
        var zero = FourVsFive with { CalibrationReplicates = 0 };
        Assert.Equal(step, BootstrapLrtSolver.Run(FalseRejection.Data, 144, 48, zero, new Xoshiro256StarStar(7009), 2, null, default, firstTest: 5).Steps[^1]);
    }

    [Fact]
    public void Run_SecondLevel_ContinuesTheFirstLevelToTheCalibrationCount_SameResultForAnyThreadCount()
    {
        var one = BootstrapLrtSolver.Run(FalseRejection.Data, 144, 48, Continued, new Xoshiro256StarStar(7009), 1, null, default, firstTest: 5).Steps[^1];
        var two = BootstrapLrtSolver.Run(FalseRejection.Data, 144, 48, Continued, new Xoshiro256StarStar(7009), 2, null, default, firstTest: 5).Steps[^1];

        Assert.Equal(59, two.Replicates);
        Assert.Equal(59, two.SecondLevel);
        Assert.InRange(two.Shift, 10.0, 80.0);
        Assert.Equal((1.0 + two.Exceedances) / 60.0, two.PValue, 12);
        Assert.Equal(two.PValue <= 0.05, two.Rejected);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Run_RejectionFarBeyondEveryReplicate_SkipsTheSecondLevel()
    {
        // 3 strong components tested as 1 against 2: T is many times every replicate's, so no shift up to the mean T*
        // could reach it and the second level is not drawn.
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = 12, Cols = 12, Channels = 48, Components = 3, Counts = 300 }, new Xoshiro256StarStar(5));
        var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 19, MaxComponents = 2 };

        var step = BootstrapLrtSolver.Run(phantom.Data, 144, 48, parameters, new Xoshiro256StarStar(6), 2, null, default).Steps[^1];

        Assert.True(step.Rejected);
        Assert.Equal(0, step.Exceedances);
        Assert.Equal(0, step.SecondLevel);
        Assert.Equal(0.0, step.Shift);
    }

    // 12×12×48, 4 components at 100 counts per pixel (seed 7038): twice the second-level shortfall leaves the true 4
    // rejected (1 of 39 replicates reach T), and a shift of the mean T* would accept it, so the third level is drawn.
    [Fact]
    public void Run_SecondLevelShiftStillRejects_ThirdLevelIsDrawnTheSameOnAnyThreadCount()
    {
        var phantom = PhantomGenerator.Generate(
            new PhantomOptions { Rows = 12, Cols = 12, Channels = 48, Components = 4, Counts = 100 }, new Xoshiro256StarStar(7038));

        var one = BootstrapLrtSolver.Run(phantom.Data, 144, 48, FourVsFive, new Xoshiro256StarStar(7045), 1, null, default, firstTest: 5).Steps[^1];
        var two = BootstrapLrtSolver.Run(phantom.Data, 144, 48, FourVsFive, new Xoshiro256StarStar(7045), 2, null, default, firstTest: 5).Steps[^1];

        Assert.Equal(39, two.SecondLevel);
        Assert.Equal(39, two.ThirdLevel);
        Assert.True(two.Shift > 0, $"shift {two.Shift}");
        Assert.Equal((1.0 + two.Exceedances) / 40.0, two.PValue, 12);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Run_SecondLevelShiftAccepts_DrawsNoThirdLevel()
    {
        var step = BootstrapLrtSolver.Run(FalseRejection.Data, 144, 48, FourVsFive, new Xoshiro256StarStar(7009), 2, null, default, firstTest: 5).Steps[^1];

        Assert.Equal(39, step.SecondLevel);
        Assert.Equal(0, step.ThirdLevel);
    }

    // Shortfalls measured one level down (docs/component-count.md): 12×12×48, 6 components at 100 counts per pixel,
    // m₁ − m₂ = 7.4 against 15.0 from the true model to the data's fit.
    [Theory]
    [InlineData(202.3, 194.9, 1000.0, 14.8)]
    [InlineData(202.3, 194.9, 10.0, 10.0)]   // never above the mean T*
    [InlineData(194.9, 202.3, 1000.0, 0.0)]  // a second level above the first gives no shift
    public void Doubled_IsTwiceTheShortfallOneLevelDown_Clamped(double first, double second, double cap, double expected)
        => Assert.Equal(expected, ShiftCalibration.Doubled(first, second, cap), 9);

    // The level means of the 12×12×48, 4-component, 100-count phantoms (docs/component-count.md): first order 9.2,
    // second order 2·217.7 − 3·208.5 + 205.0 = 14.9 (the shortfall under the true model: 13.4).
    [Theory]
    [InlineData(217.7, 208.5, 205.0, 0.0, 1000.0, 14.9)]
    [InlineData(217.7, 208.5, 205.0, 20.0, 1000.0, 20.0)] // never below the second-level shift
    [InlineData(217.7, 208.5, 205.0, 0.0, 10.0, 10.0)]    // never above the mean T*
    [InlineData(217.7, 208.5, 230.0, 9.2, 1000.0, 39.9)]  // a third level far above the second pushes the shift up
    public void SecondOrder_IsTwiceFirstMinusThriceSecondPlusThird_Clamped(double first, double second, double third, double floor, double cap, double expected)
        => Assert.Equal(expected, ShiftCalibration.SecondOrder(first, second, third, floor, cap), 9);

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100 }, 5.5)]                     // 10 values: 1 trimmed at each end
    [InlineData(new[] { 5.0, 1, 2, 3, 4, 6, 7, 8, 9, double.PositiveInfinity }, 5.5)]  // an unbounded value is trimmed
    [InlineData(new[] { 1.0, 2, 3, 4 }, 2.5)]                                         // fewer than 10: nothing trimmed
    public void TrimmedMean_SetsAsideATenthAtEachEnd(double[] values, double expected)
        => Assert.Equal(expected, ShiftCalibration.TrimmedMean(values), 12);

    [Fact]
    public void TrimmedMean_MoreUnboundedValuesThanTrimmed_IsUnbounded()
        => Assert.Equal(double.PositiveInfinity, ShiftCalibration.TrimmedMean([1, 2, 3, 4, 5, 6, 7, 8, double.PositiveInfinity, double.PositiveInfinity]));
}
