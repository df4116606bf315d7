using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class NmfBadInputTests
{
    private static NmfInputs With(Action<double[]> edit)
    {
        var data = NmfMethodTests.Small(false).Data.ToDoubleArray();
        edit(data);
        return new NmfInputs { Image = SpectrumImage.FromArray(NdArray.Create(data, 16, 16, 64)) };
    }

    [Fact]
    public async Task Nmf_NegativeValue_RefusedWithClearMessage()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfMethod().RunAsync(
            With(d => d[5] = -1), new NmfParameters(), MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Contains("negative", e.Message);
        Assert.Equal("image", e.Subject);
    }

    [Fact]
    public async Task NmfSo_NaN_Refused()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfSoMethod().RunAsync(
            With(d => d[7] = double.NaN), new NmfSoParameters(), MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public async Task NmfArdSo_AllZero_Refused()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfArdSoMethod().RunAsync(
            With(d => Array.Clear(d)), new NmfArdSoParameters(), MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Contains("zero", e.Message);
    }

    [Fact]
    public async Task Nmf_TooManyComponents_Refused()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfMethod().RunAsync(
            With(_ => { }), new NmfParameters { Components = 65 }, MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("components", e.Subject);
    }

    [Fact]
    public async Task BetaNmf_ItakuraSaitoWithZeros_Refused()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new BetaNmfMethod().RunAsync(
            With(d => d[3] = 0), new BetaNmfParameters { Beta = -1 }, MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Contains("zero", e.Message);
    }

    [Fact]
    public async Task Nmf_ZeroPixelsAndChannels_FiniteResult()
    {
        var result = await new NmfMethod().RunAsync(
            With(d =>
            {
                Array.Clear(d, 0, 64);
                for (var p = 0; p < 256; p++)
                {
                    d[(p * 64) + 10] = 0;
                }
            }),
            new NmfParameters { Components = 2 }, MethodContext.CreateStandalone(), CancellationToken.None);
        Assert.All(result.Outputs.Maps.GetData<double>(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public async Task Float32Precision_InTheMalspyMode_RefusedNamingTheParameter()
    {
        var so = await Assert.ThrowsAsync<MethodException>(async () => await new NmfSoMethod().RunAsync(
            With(_ => { }), new NmfSoParameters { Precision = NmfPrecision.Float32, Compat = NmfCompat.Malspy040 },
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("precision", so.Subject);
        Assert.Contains("malspy-0.4.0", so.Message, StringComparison.Ordinal);
        var ard = await Assert.ThrowsAsync<MethodException>(async () => await new NmfArdSoMethod().RunAsync(
            With(_ => { }), new NmfArdSoParameters { Precision = NmfPrecision.Float32, Compat = NmfCompat.Malspy040 },
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("precision", ard.Subject);
    }

    private sealed class Lines : IStepLog
    {
        public List<string> Info { get; } = [];

        void IStepLog.Info(string message) => Info.Add(message);

        void IStepLog.Warning(string message)
        {
        }
    }

    [Fact]
    public async Task Float32Precision_SaidInTheLog_OutputsCloseToFloat64ButNotTheSame()
    {
        var inputs = With(_ => { });
        var parameters = new NmfSoParameters { Components = 2, Restarts = 1, MaxIterations = 40, MinIterations = 40 };
        var log = new Lines();
        var single = await new NmfSoMethod().RunAsync(inputs, parameters with { Precision = NmfPrecision.Float32 }, MethodContext.CreateStandalone(log: log), CancellationToken.None);
        var reference = await new NmfSoMethod().RunAsync(inputs, parameters, MethodContext.CreateStandalone(), CancellationToken.None);
        Assert.Contains(log.Info, l => l.StartsWith("precision float32", StringComparison.Ordinal));
        var a = reference.Outputs.Spectra.GetData<double>();
        var b = single.Outputs.Spectra.GetData<double>();
        Assert.NotEqual(a, b);
        var scale = a.Max(Math.Abs);
        Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, scale * 1e-3));
    }
}
