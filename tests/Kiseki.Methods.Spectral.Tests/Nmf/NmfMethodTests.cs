using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class NmfMethodTests
{
    private static readonly Lazy<NmfPhantom> Phantom = new(() => NmfPhantom.Create());

    [Fact]
    public async Task NmfSo_Phantom_RecoversSpectra()
    {
        var result = await new NmfSoMethod().RunAsync(
            new NmfInputs { Image = Phantom.Value.Image },
            new NmfSoParameters { Components = 3, Orthogonality = 0.1, MaxIterations = 200 },
            MethodContext.CreateStandalone(3, 2), CancellationToken.None);
        Assert.True(NmfPhantom.WorstMatchedCosine(Phantom.Value.Spectra, result.Outputs.Spectra) >= 0.99);
        Assert.Equal([64, 64, 3], result.Outputs.Maps.Shape);
        Assert.Equal([64, 64], result.Outputs.Residual.Shape);
    }

    [Fact]
    public async Task Nmf_Phantom_RecoversSpectraAndObjectiveNeverIncreases()
    {
        var result = await new NmfMethod().RunAsync(
            new NmfInputs { Image = Phantom.Value.Image },
            new NmfParameters { Components = 3, MaxIterations = 200, Restarts = 2 },
            MethodContext.CreateStandalone(5, 2), CancellationToken.None);
        Assert.True(NmfPhantom.WorstMatchedCosine(Phantom.Value.Spectra, result.Outputs.Spectra) >= 0.99);
        var curve = result.Outputs.Objective.GetData<double>();
        Assert.True(curve.Length > 2);
        for (var t = 1; t < curve.Length; t++)
        {
            Assert.True(curve[t] <= curve[t - 1] * (1 + 1e-12), $"objective rose at {t}: {curve[t - 1]} → {curve[t]}");
        }
    }

    [Fact]
    public async Task NmfArdSo_PhantomFromEight_LearnsThreeComponents()
    {
        var result = await new NmfArdSoMethod().RunAsync(
            new NmfInputs { Image = Phantom.Value.Image },
            new NmfArdSoParameters { Components = 8, Orthogonality = 0.1, MaxIterations = 200, Restarts = 1 },
            MethodContext.CreateStandalone(11, 2), CancellationToken.None);
        Assert.Equal(3L, result.Outputs.ComponentsFound.Value.GetValue<long>());
        Assert.True(NmfPhantom.WorstMatchedCosine(Phantom.Value.Spectra, result.Outputs.Spectra) >= 0.99);
        Assert.Equal([result.Outputs.Objective.Shape[0], 8], result.Outputs.LambdaTrace.Shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NmfSo_SameSeedOneOrTwoThreads_IdenticalBytes(bool float32)
    {
        var image = Small(float32);
        var p = new NmfSoParameters { Components = 3, MaxIterations = 30 };
        var one = await new NmfSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 1), CancellationToken.None);
        var two = await new NmfSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 2), CancellationToken.None);
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Maps), NpyFormat.ToBytes(two.Outputs.Maps));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Spectra), NpyFormat.ToBytes(two.Outputs.Spectra));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Objective), NpyFormat.ToBytes(two.Outputs.Objective));
        var other = await new NmfSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(10, 2), CancellationToken.None);
        Assert.NotEqual(NpyFormat.ToBytes(one.Outputs.Spectra), NpyFormat.ToBytes(other.Outputs.Spectra));
    }

    [Fact]
    public async Task NmfArdSo_SameSeedOneOrTwoThreads_IdenticalBytes()
    {
        var image = Small(false);
        var p = new NmfArdSoParameters { Components = 5, MaxIterations = 30, Restarts = 2 };
        var one = await new NmfArdSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 1), CancellationToken.None);
        var two = await new NmfArdSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 2), CancellationToken.None);
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Maps), NpyFormat.ToBytes(two.Outputs.Maps));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.LambdaTrace), NpyFormat.ToBytes(two.Outputs.LambdaTrace));
    }

    [Fact]
    public async Task NmfSo_OneComponentWithOrthogonality_FiniteResult()
    {
        var result = await new NmfSoMethod().RunAsync(
            new NmfInputs { Image = Small(false) }, new NmfSoParameters { Components = 1, Orthogonality = 0.5 },
            MethodContext.CreateStandalone(1), CancellationToken.None);
        Assert.All(result.Outputs.Spectra.GetData<double>(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public async Task Nmf_IntegerCounts_MatchFloat64()
    {
        var d = Small(false).Data.GetData<double>();
        var ints = d.Select(v => (int)v).ToArray();
        var p = new NmfParameters { Components = 2, MaxIterations = 20 };
        var a = await new NmfMethod().RunAsync(new NmfInputs { Image = SpectrumImage.FromArray(NdArray.Create(ints, 16, 16, 64)) }, p, MethodContext.CreateStandalone(2), CancellationToken.None);
        var b = await new NmfMethod().RunAsync(new NmfInputs { Image = Small(false) }, p, MethodContext.CreateStandalone(2), CancellationToken.None);
        Assert.Equal(NpyFormat.ToBytes(b.Outputs.Spectra), NpyFormat.ToBytes(a.Outputs.Spectra));
    }

    internal static SpectrumImage Small(bool float32)
    {
        var phantom = NmfPhantom.Create(16, 16, 64, 3, 40, 21).Image;
        if (!float32)
        {
            return phantom;
        }

        var f = phantom.Data.GetData<double>().Select(v => (float)v).ToArray();
        return SpectrumImage.FromArray(NdArray.Create(f, 16, 16, 64));
    }
}
