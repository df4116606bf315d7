using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Execution;
using Kiseki.Methods.Io;
using Kiseki.Methods.Spectral.Decomposition.Pca;
using Kiseki.Methods.Spectral.Decomposition.Svd;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Artifacts;

/// <summary>
/// A spectrum image left in its file is stored by blocks with the bytes of the loaded image, decoded again as an image
/// read by rows from its object file, and refused cleanly when its source or its object is damaged.
/// </summary>
public sealed class OutOfCoreArtifactTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Encode_ImageInItsFile_SameObjectsAsTheLoadedImage_WithoutLoadingIt()
    {
        var npy = Npy("a.npy", OutOfCoreRunTests.Counts(7, 9, 13));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var whole = SpectrumImageReader.Read(npy);

        var streamed = new ArtifactCodec(ObjectStore.Open(_temp.Combine("s1"))).Encode(lazy);
        var loaded = new ArtifactCodec(ObjectStore.Open(_temp.Combine("s2"))).Encode(whole);

        Assert.False(lazy.IsLoaded);
        Assert.Equal(loaded.Hash, streamed.Hash);
        Assert.Equal(loaded.Blobs, streamed.Blobs);
        Assert.Equal(loaded.Size, streamed.Size);
        Assert.Equal(loaded.Shape, streamed.Shape);
        Assert.Equal(loaded.DType, streamed.DType);
    }

    [Fact]
    public void Decode_InAFreshCodec_GivesAnImageReadByRowsFromItsObject_WithTheSameValues()
    {
        var store = ObjectStore.Open(_temp.Combine("s"));
        var array = OutOfCoreRunTests.Counts(5, 6, 17);
        var stored = new ArtifactCodec(store).Encode(SpectrumImage.FromArray(array, SignalKind.Eels));

        var image = (SpectrumImage)new ArtifactCodec(store).Decode(stored.Hash, stored.Kind);

        Assert.NotNull(image.File);
        Assert.False(image.IsLoaded);
        Assert.Equal(SignalKind.Eels, image.Signal);
        Assert.Equal(store.PathOf(stored.Blobs[1]), image.File.Path);
        using (var rows = image.File.OpenRows())
        {
            var values = new float[rows.Rows * rows.Columns];
            rows.ReadRows(0, rows.Rows, values);
            Assert.Equal(array.GetData<ushort>().Select(v => (float)v), values);
        }

        Assert.Equal(array.GetData<ushort>(), image.Data.GetData<ushort>());
    }

    [Fact]
    public void Encode_SourceCutShortAfterOpening_FailsNamingTheFile_AndLeavesNoObjectOrTemporaryFile()
    {
        var npy = Npy("cut.npy", OutOfCoreRunTests.Counts(9, 9, 64));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        File.WriteAllBytes(npy, File.ReadAllBytes(npy)[..^1000]);
        var store = ObjectStore.Open(_temp.Combine("s"));
        var before = Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories).Length;

        var error = Assert.ThrowsAny<Exception>(() => new ArtifactCodec(store).Encode(lazy));

        Assert.Contains("cut.npy", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Decode_ObjectCorruptedOnDisk_RowsAndLoadingRefuseIt()
    {
        var store = ObjectStore.Open(_temp.Combine("s"));
        var stored = new ArtifactCodec(store).Encode(SpectrumImage.FromArray(OutOfCoreRunTests.Counts(4, 4, 32)));
        var path = store.PathOf(stored.Blobs[1]);
        var bytes = File.ReadAllBytes(path);
        bytes[^7] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var image = (SpectrumImage)new ArtifactCodec(store).Decode(stored.Hash, stored.Kind);

        Assert.Contains("corrupted", Assert.ThrowsAny<InvalidDataException>(() => image.File!.OpenRows()).Message, StringComparison.Ordinal);
        Assert.Contains("corrupted", Assert.Throws<ObjectStoreException>(() => image.Data).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(long.MaxValue, true)]
    public async Task NmfSo_ImageInItsFile_ReadByRowsOverTheBudget_LoadedUnderIt_SameOutputs(long budget, bool loads)
    {
        var npy = Npy("b.npy", OutOfCoreRunTests.Counts(11, 13, 24));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var parameters = new NmfSoParameters { Components = 3, Restarts = 1, MaxIterations = 10, MinIterations = 10 };
        var method = new NmfSoMethod();

        var fromFile = await method.RunAsync(new NmfInputs { Image = lazy }, parameters, Context(budget), default);
        var inMemory = await method.RunAsync(new NmfInputs { Image = SpectrumImageReader.Read(npy) }, parameters, Context(long.MaxValue), default);

        Assert.Equal(loads, lazy.IsLoaded);
        Assert.Equal(inMemory.Outputs.Maps.GetData<double>(), fromFile.Outputs.Maps.GetData<double>());
        Assert.Equal(inMemory.Outputs.Spectra.GetData<double>(), fromFile.Outputs.Spectra.GetData<double>());
        Assert.Equal(inMemory.Outputs.Residual.GetData<double>(), fromFile.Outputs.Residual.GetData<double>());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public async Task BetaNmfVersion3_ImageInItsFile_OverTheBudget_StaysInItsFile_SameOutputs_Version2LoadsIt(double beta)
    {
        var npy = Npy("beta.npy", OutOfCoreRunTests.Counts(11, 13, 24));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var parameters = new BetaNmfParameters { Components = 3, Beta = beta, Restarts = 2, MaxIterations = 8, MinIterations = 8 };

        var fromFile = await new BetaNmfOnePassMethod().RunAsync(new NmfInputs { Image = lazy }, parameters, Context(0), default);
        var inMemory = await new BetaNmfOnePassMethod().RunAsync(
            new NmfInputs { Image = SpectrumImageReader.Read(npy) }, parameters, Context(long.MaxValue), default);
        Assert.False(lazy.IsLoaded);
        foreach (var (a, b) in new[] { (inMemory.Outputs.Maps, fromFile.Outputs.Maps), (inMemory.Outputs.Spectra, fromFile.Outputs.Spectra),
                     (inMemory.Outputs.Residual, fromFile.Outputs.Residual), (inMemory.Outputs.Objective, fromFile.Outputs.Objective) })
        {
            Assert.Equal(NpyFormat.ToBytes(a), NpyFormat.ToBytes(b));
        }

        var twoPassLog = new CapturedStepLog();
        var twoPass = SpectrumImageReader.OpenOutOfCore(npy)!;
        await new BetaNmfMethod().RunAsync(new NmfInputs { Image = twoPass }, parameters, Context(0, twoPassLog), default);
        Assert.True(twoPass.IsLoaded);
        Assert.Contains("loaded whole: 0.00 GB (β-NMF works on the image in memory)", twoPassLog.Excerpt(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BetaNmfVersion3_ImageFileCutShortBeforeTheStep_FailsNamingTheFile()
    {
        var npy = Npy("cut.npy", OutOfCoreRunTests.Counts(11, 13, 24));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        using (var stream = new FileStream(npy, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - 100);
        }

        var e = await Assert.ThrowsAnyAsync<Exception>(async () => await new BetaNmfOnePassMethod().RunAsync(
            new NmfInputs { Image = lazy }, new BetaNmfParameters { Components = 2, MaxIterations = 3 }, Context(0), default));
        Assert.Contains("cut.npy: truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nmf_ImageFileCutShortDuringTheFit_FailsAsOneInputErrorNamingTheFile()
    {
        // The first progress report (after the first sweep) cuts the file: the next sweep's row reads fail, on either
        // block thread, and the step reports one input error naming the file instead of an aggregate of them.
        var npy = Npy("cut-during.npy", OutOfCoreRunTests.Counts(40, 30, 24));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var standalone = Context(0);
        var context = new MethodContext
        {
            StepId = standalone.StepId, Seed = standalone.Seed, Random = standalone.Random, Log = standalone.Log,
            ScratchDirectory = standalone.ScratchDirectory, MaxDegreeOfParallelism = 2, ArrayMemoryBudget = 0,
            Progress = new CutOnFirstReport(npy),
        };

        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfMethod().RunAsync(
            new NmfInputs { Image = lazy }, new NmfParameters { Components = 2, MaxIterations = 20 }, context, default));
        Assert.Contains("cut-during.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pca")]
    [InlineData("svd")]
    public async Task PcaAndSvd_ImageFileCutShortDuringThePasses_FailAsOneInputErrorNamingTheFile(string method)
    {
        // The log line that says the image stays in its file (written once the file is opened and checked, before the
        // first pass) cuts it: the passes' chunk reads fail, on either thread, and the step reports one input error
        // naming the file instead of an aggregate of them.
        var npy = Npy($"cut-{method}.npy", OutOfCoreRunTests.Counts(40, 30, 24));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var standalone = Context(0);
        var context = new MethodContext
        {
            StepId = standalone.StepId, Seed = standalone.Seed, Random = standalone.Random, Log = new CutOnFirstInfo(npy),
            ScratchDirectory = standalone.ScratchDirectory, MaxDegreeOfParallelism = 2, ArrayMemoryBudget = 0, Progress = standalone.Progress,
        };

        var e = await Assert.ThrowsAsync<MethodException>(async () =>
        {
            if (method == "pca")
            {
                await new PcaMethod().RunAsync(new PcaInputs { Image = lazy }, new PcaParameters { Components = 2 }, context, default);
            }
            else
            {
                await new SvdMethod().RunAsync(new SvdInputs { Image = lazy }, new SvdParameters { Components = 2 }, context, default);
            }
        });
        Assert.Contains($"cut-{method}.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pca_ImageInItsFile_OverTheBudget_StaysInItsFile_SameOutputsAsInMemory()
    {
        var npy = Npy("p.npy", OutOfCoreRunTests.Counts(11, 13, 24));
        var lazy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var parameters = new PcaParameters { Components = 3, PoissonScaling = true };
        var log = new CapturedStepLog();

        var fromFile = await new PcaMethod().RunAsync(new PcaInputs { Image = lazy }, parameters, Context(0, log), default);
        var inMemory = await new PcaMethod().RunAsync(
            new PcaInputs { Image = SpectrumImageReader.Read(npy) }, parameters, Context(long.MaxValue), default);

        Assert.False(lazy.IsLoaded);
        Assert.Contains("info: image read by rows from its file (out of core): 0.00 GB as float64", log.Excerpt(), StringComparison.Ordinal);
        Assert.Equal(inMemory.Outputs.Maps.GetData<double>(), fromFile.Outputs.Maps.GetData<double>());
        Assert.Equal(inMemory.Outputs.Spectra.GetData<double>(), fromFile.Outputs.Spectra.GetData<double>());
        Assert.Equal(inMemory.Outputs.Residual.GetData<double>(), fromFile.Outputs.Residual.GetData<double>());
        Assert.Equal(inMemory.Outputs.MeanSpectrum.GetData<double>(), fromFile.Outputs.MeanSpectrum.GetData<double>());
    }

    [Fact]
    public async Task ModesThatNeedTheImageInMemory_LoadItAndSaySoWithItsSize()
    {
        var npy = Npy("m.npy", OutOfCoreRunTests.Counts(11, 13, 24));
        var malspy = SpectrumImageReader.OpenOutOfCore(npy)!;
        var malspyLog = new CapturedStepLog();
        await new NmfSoMethod().RunAsync(
            new NmfInputs { Image = malspy },
            new NmfSoParameters { Components = 2, Restarts = 1, MaxIterations = 3, MinIterations = 3, Compat = NmfCompat.Malspy040 },
            Context(0, malspyLog), default);

        var masked = SpectrumImageReader.OpenOutOfCore(npy)!;
        var maskedLog = new CapturedStepLog();
        var mask = NdArray.Create(Enumerable.Range(0, 11 * 13).Select(p => p % 5 == 0 ? 1.0 : 0.0).ToArray(), 11, 13);
        await new SvdMethod().RunAsync(
            new SvdInputs { Image = masked, Mask = mask }, new SvdParameters { Components = 2 }, Context(1000, maskedLog), default);

        var fits = SpectrumImageReader.OpenOutOfCore(npy)!;
        var fitsLog = new CapturedStepLog();
        await new PcaMethod().RunAsync(new PcaInputs { Image = fits }, new PcaParameters(), Context(long.MaxValue, fitsLog), default);

        Assert.True(malspy.IsLoaded && masked.IsLoaded && fits.IsLoaded);
        Assert.Contains(
            "warning: loaded whole: 0.00 GB (malspy mode works on the image in memory), over the array memory budget of 0.00 GB",
            malspyLog.Excerpt(), StringComparison.Ordinal);
        Assert.Contains("warning: loaded whole: 0.00 GB (the navigation mask selects its pixels in memory), over the array memory budget", maskedLog.Excerpt(), StringComparison.Ordinal);
        Assert.Contains("info: loaded whole: 0.00 GB (its float64 working copy fits the array memory budget)", fitsLog.Excerpt(), StringComparison.Ordinal);
        Assert.DoesNotContain("warning", fitsLog.Excerpt(), StringComparison.Ordinal);
    }

    /// <summary>Cuts 100 bytes off <paramref name="path"/> when the first information line is logged.</summary>
    private sealed class CutOnFirstInfo(string path) : IStepLog
    {
        private readonly CutOnce _cut = new(path);

        public void Info(string message) => _cut.Cut();

        public void Warning(string message)
        {
        }
    }

    /// <summary>Cuts 100 bytes off <paramref name="path"/> on the first report, synchronously.</summary>
    private sealed class CutOnFirstReport(string path) : IProgress<StepProgress>
    {
        private readonly CutOnce _cut = new(path);

        public void Report(StepProgress value) => _cut.Cut();
    }

    /// <summary>Cuts 100 bytes off <paramref name="path"/> the first time it is called; later calls do nothing.</summary>
    private sealed class CutOnce(string path)
    {
        private bool _done;

        public void Cut()
        {
            if (!_done)
            {
                _done = true;
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                stream.SetLength(stream.Length - 100);
            }
        }
    }

    private static MethodContext Context(long budget, IStepLog log)
        => MethodContext.CreateStandalone(seed: 5, maxDegreeOfParallelism: 2, log: log, arrayMemoryBudget: budget);

    private static MethodContext Context(long budget) => MethodContext.CreateStandalone(seed: 5, maxDegreeOfParallelism: 2, arrayMemoryBudget: budget);

    private string Npy(string name, NdArray array)
    {
        var path = _temp.Combine(name);
        using var stream = File.Create(path);
        NpyFormat.Write(stream, array);
        return path;
    }
}
