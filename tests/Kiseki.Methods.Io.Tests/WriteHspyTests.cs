using System.Diagnostics;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.Formats.Hdf5;
using Kiseki.Methods.Io.WriteHspy;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

/// <summary>
/// <c>io.write-hspy@1</c>: files read back with the project's own HDF5 decoder (layout, values, attributes) and, when
/// Debian's python3-hyperspy is installed, opened with <c>hyperspy.api.load</c> (axes, signal class, metadata, data).
/// </summary>
public sealed class WriteHspyTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A 3×5×7 int16 EELS image: value = 100·r + 10·c + e, rows 2.5 nm from 10 nm, channels 0.25 eV from 280 eV.</summary>
    internal static SpectrumImage Image()
    {
        var values = new short[3 * 5 * 7];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (short)((100 * (i / 35)) + (10 * (i / 7 % 5)) + (i % 7));
        }

        return new SpectrumImage(
            NdArray.Create(values, 3, 5, 7),
            new Axis("y", 3, 10, 2.5, "nm"), new Axis("x", 5, -4, 0.5, "µm"), new Axis("Energy loss", 7, 280, 0.25, "eV"),
            SignalKind.Eels, new JsonObject { ["format"] = "dm3", ["microscope"] = new JsonObject { ["voltage_kv"] = 200, ["name"] = "ARM" } });
    }

    /// <summary>Maps (3, 5, 2): map j at (r, c) = j + 0.01·(5r + c).</summary>
    internal static NdArray Maps() => NdArray.Create(
        Enumerable.Range(0, 30).Select(i => (i % 2) + (0.01 * (i / 2))).ToArray(), 3, 5, 2);

    /// <summary>Spectra (7, 2): spectrum j at channel e = 10j + e.</summary>
    internal static NdArray Spectra() => NdArray.Create(
        Enumerable.Range(0, 14).Select(i => (10.0 * (i % 2)) + (i / 2)).ToArray(), 7, 2);

    private static async Task<string> Write(WriteHspyInputs inputs, string? title = null)
    {
        var result = await new WriteHspyMethod().RunAsync(inputs, new WriteHspyParameters { Title = title }, MethodContext.CreateStandalone(), default);
        return result.Outputs.File.Path;
    }

    [Fact]
    public async Task Image_ReadBack_SameValuesAxesAndSignal()
    {
        var image = Image();
        var path = await Write(new WriteHspyInputs { Image = image });
        var back = SpectrumImageReader.Read(path);
        Assert.Equal(image.Data.GetData<short>(), back.Data.GetData<short>());
        Assert.Equal(image.Axes, back.Axes);
        Assert.Equal(SignalKind.Eels, back.Signal);

        using var file = Hdf5File.Open(path);
        Assert.Equal(("HyperSpy", "3.1"), (file.Root.StringAttribute("file_format"), file.Root.StringAttribute("file_format_version")));
        var experiment = file.Root.Group("Experiments")!.Group("Spectrum image")!;
        Assert.Equal("Spectrum image", experiment.Group("metadata")!.Group("General")!.StringAttribute("title"));
        Assert.Equal("EELS", experiment.Group("metadata")!.Group("Signal")!.StringAttribute("signal_type"));
        Assert.Equal([1.0, 1.0, 0.0], Enumerable.Range(0, 3).Select(k => experiment.Group($"axis-{k}")!.NumberAttribute("navigate")!.Value));
        Assert.Equal(7, experiment.Group("axis-2")!.NumberAttribute("size"));
        var original = experiment.Group("original_metadata")!;
        Assert.Equal("dm3", original.StringAttribute("format"));
        Assert.Equal(200, original.Group("microscope")!.NumberAttribute("voltage_kv"));
    }

    [Fact]
    public async Task Image_WrittenTwice_IdenticalBytes()
    {
        var a = await Write(new WriteHspyInputs { Image = Image() });
        var b = await Write(new WriteHspyInputs { Image = Image() });
        Assert.NotEqual(a, b);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public async Task Maps_StoredAsComponentStackOverTheSpatialAxes()
    {
        var path = await Write(new WriteHspyInputs { Image = Image(), Maps = Maps() }, title: "NMF maps");
        using var file = Hdf5File.Open(path);
        var experiment = file.Root.Group("Experiments")!.Group("NMF maps")!;
        var data = experiment.Dataset("data")!;
        Assert.Equal(new ulong[] { 2, 3, 5 }, data.Space.Dimensions);
        var values = data.Read<double>(1 << 20);
        var maps = Maps().GetData<double>();
        for (var j = 0; j < 2; j++)
        {
            for (var p = 0; p < 15; p++)
            {
                Assert.Equal(maps[(p * 2) + j], values[(j * 15) + p]);
            }
        }

        var axes = Enumerable.Range(0, 3).Select(k => experiment.Group($"axis-{k}")!).ToList();
        Assert.Equal([WriteHspyMethod.ComponentAxisName, "y", "x"], axes.Select(a => a.StringAttribute("name")));
        Assert.Equal([1.0, 0.0, 0.0], axes.Select(a => a.NumberAttribute("navigate")!.Value));
        Assert.Equal(("nm", 2.5, 10.0), (axes[1].StringAttribute("units"), axes[1].NumberAttribute("scale"), axes[1].NumberAttribute("offset")));
        Assert.Equal("", experiment.Group("metadata")!.Group("Signal")!.StringAttribute("signal_type"));
    }

    [Fact]
    public async Task Spectra_StoredAsOneSpectrumPerComponentOverTheChannelAxis()
    {
        var path = await Write(new WriteHspyInputs { Image = Image(), Spectra = Spectra() });
        using var file = Hdf5File.Open(path);
        var experiment = file.Root.Group("Experiments")!.Group("Component spectra")!;
        var data = experiment.Dataset("data")!;
        Assert.Equal(new ulong[] { 2, 7 }, data.Space.Dimensions);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16], data.Read<double>(1 << 20));
        var energy = experiment.Group("axis-1")!;
        Assert.Equal(("Energy loss", "eV", 0.25, 280.0, 0.0), (energy.StringAttribute("name"), energy.StringAttribute("units"),
            energy.NumberAttribute("scale"), energy.NumberAttribute("offset"), energy.NumberAttribute("navigate")));
        Assert.Equal("EELS", experiment.Group("metadata")!.Group("Signal")!.StringAttribute("signal_type"));
    }

    [Fact]
    public async Task BadInputs_AreInvalidInputNamingThePort()
    {
        var both = await Assert.ThrowsAsync<MethodException>(() => Write(new WriteHspyInputs { Image = Image(), Maps = Maps(), Spectra = Spectra() }));
        Assert.Equal("maps", both.Subject);
        var wrongMaps = await Assert.ThrowsAsync<MethodException>(() => Write(new WriteHspyInputs { Image = Image(), Maps = NdArray.Create(new double[12], 4, 3) }));
        Assert.Equal("maps", wrongMaps.Subject);
        Assert.Contains("(3, 5)", wrongMaps.Message);
        var wrongSpectra = await Assert.ThrowsAsync<MethodException>(() => Write(new WriteHspyInputs { Image = Image(), Spectra = NdArray.Create(new double[12], 6, 2) }));
        Assert.Equal("spectra", wrongSpectra.Subject);
        Assert.Contains("7 channels", wrongSpectra.Message);
    }

    [SkippableFact]
    public async Task HyperSpy_OpensAllThreeWithAxesMetadataAndData()
    {
        Skip.IfNot(HasHyperSpy(), "Debian's python3-hyperspy is absent (/usr/bin/python3 -c 'import hyperspy'); .ci/setup-system installs it with apt-get install -y python3-hyperspy");
        var image = await Write(new WriteHspyInputs { Image = Image() });
        var maps = await Write(new WriteHspyInputs { Image = Image(), Maps = Maps() });
        var spectra = await Write(new WriteHspyInputs { Image = Image(), Spectra = Spectra() });
        const string script = """
            import json, sys
            import hyperspy.api as hs
            out = []
            for path in sys.argv[1:]:
                s = hs.load(path)
                out.append({
                    "class": type(s).__name__, "title": s.metadata.General.title, "signal_type": s.metadata.Signal.signal_type,
                    "shape": list(s.data.shape), "dtype": str(s.data.dtype), "data": s.data.ravel().tolist(),
                    "signal_dimension": s.axes_manager.signal_dimension,
                    "axes": [{"name": a.name, "units": a.units, "scale": a.scale, "offset": a.offset, "size": a.size,
                              "navigate": bool(a.navigate), "index_in_array": a.index_in_array} for a in s.axes_manager._axes],
                    "original": s.original_metadata.as_dictionary()})
            print(json.dumps(out))
            """;
        var json = RunPython(script, image, maps, spectra);
        var signals = JsonNode.Parse(json)!.AsArray();

        var si = signals[0]!;
        Assert.Equal(("EELSSpectrum", "Spectrum image", "EELS", "int16", 1), (Str(si["class"]), Str(si["title"]), Str(si["signal_type"]), Str(si["dtype"]), (int)si["signal_dimension"]!));
        Assert.Equal([3, 5, 7], si["shape"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(Image().Data.GetData<short>().Select(v => (double)v), si["data"]!.AsArray().Select(v => (double)v!));
        AssertAxes(si, ("y", "nm", 2.5, 10, 3, true), ("x", "µm", 0.5, -4, 5, true), ("Energy loss", "eV", 0.25, 280, 7, false));
        Assert.Equal(200, (double)si["original"]!["microscope"]!["voltage_kv"]!);

        var stack = signals[1]!;
        Assert.Equal(("Signal2D", "Component maps", 2), (Str(stack["class"]), Str(stack["title"]), (int)stack["signal_dimension"]!));
        Assert.Equal([2, 3, 5], stack["shape"]!.AsArray().Select(v => (int)v!));
        AssertAxes(stack, (WriteHspyMethod.ComponentAxisName, "", 1, 0, 2, true), ("y", "nm", 2.5, 10, 3, false), ("x", "µm", 0.5, -4, 5, false));
        var m = Maps().GetData<double>();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => m[((i % 15) * 2) + (i / 15)]), stack["data"]!.AsArray().Select(v => (double)v!));

        var lines = signals[2]!;
        Assert.Equal(("EELSSpectrum", "Component spectra", 1), (Str(lines["class"]), Str(lines["title"]), (int)lines["signal_dimension"]!));
        AssertAxes(lines, (WriteHspyMethod.ComponentAxisName, "", 1, 0, 2, true), ("Energy loss", "eV", 0.25, 280, 7, false));
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16], lines["data"]!.AsArray().Select(v => (double)v!));
    }

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    private static void AssertAxes(JsonNode signal, params (string Name, string Units, double Scale, double Offset, int Size, bool Navigate)[] expected)
    {
        var axes = signal["axes"]!.AsArray();
        Assert.Equal(expected.Length, axes.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var a = axes[k]!;
            Assert.Equal(k, (int)a["index_in_array"]!);
            Assert.Equal(expected[k], (Str(a["name"]), Str(a["units"]), (double)a["scale"]!, (double)a["offset"]!, (int)a["size"]!, (bool)a["navigate"]!));
        }
    }

    private static bool HasHyperSpy()
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import hyperspy.api"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static string RunPython(string script, params string[] args)
    {
        var start = new ProcessStartInfo(Python, ["-c", script, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["MPLBACKEND"] = "Agg";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python exited {process.ExitCode}: {stderr.Result}");
        return stdout.Trim().Split('\n')[^1];
    }
}
