using System.Diagnostics;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Bench.Decomposition;

/// <summary>Runs the Python peers (scikit-learn NMF, .mat conversion) on data passed through .npy files.</summary>
internal sealed class PeerRunner(string python, string binFolder)
{
    private static string Script(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "bench", "peers", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"bench/peers/{name} not found above {AppContext.BaseDirectory}");
    }

    public (NdArray Spectra, NdArray Maps) Factorise(double[] data, int rows, int cols, int channels, int k, string loss)
    {
        var folder = Directory.CreateTempSubdirectory("kiseki-bench-").FullName;
        try
        {
            var input = Path.Combine(folder, "x.npy");
            using (var stream = File.Create(input))
            {
                NpyFormat.Write(stream, NdArray.Create(data, rows, cols, channels));
            }

            Run(Script("sklearn_nmf_factors.py"), input, k.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(folder, "out"), "--loss", loss);
            return (NpyFormat.Read(File.ReadAllBytes(Path.Combine(folder, "out.spectra.npy"))),
                NpyFormat.Read(File.ReadAllBytes(Path.Combine(folder, "out.maps.npy"))));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>The variable as float64 values (C order), or null when the conversion fails.</summary>
    public double[]? Convert(string mat, string variable)
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("kiseki-bench-").FullName, "mat.npy");
        try
        {
            Run(Script("mat_to_npy.py"), mat, variable, output);
            return NpyFormat.Read(File.ReadAllBytes(output)).ToDoubleArray();
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"# {e.Message}");
            return null;
        }
    }

    private void Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = binFolder };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python}");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} failed: {error}");
        }
    }
}
