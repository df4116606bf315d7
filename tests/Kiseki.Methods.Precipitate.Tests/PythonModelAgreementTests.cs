using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.ShapeDiscrepancyPoint;
using Kiseki.Testing;

namespace Kiseki.Methods.Precipitate.Tests;

/// <summary>
/// The shipped Python evaluator (workflows/scripts/precipitate_shape.py, its own numpy implementation of the Eshelby
/// spheroid model) agrees with the built-in model at several points inside, at the edge of and far from the region.
/// </summary>
public sealed class PythonModelAgreementTests
{
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// Relative tolerance on the discrepancy y. The two implementations sum the same quadrature in a different order
    /// (numpy's pairwise sums), so ŵ(ρ) differs in the last bits; ρ* is a parabola through a grid minimum, so y
    /// agrees to ~1e-12 unless a grid minimum flips between two nearly equal energies, which would show up as ~1e-3.
    /// </summary>
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [InlineData(0.10, 0.05)]
    [InlineData(0.02, 0.005)]
    [InlineData(0.5, 0.08)]
    [InlineData(0.137, 0.0613)]
    [InlineData(0.31, 0.021)]
    [InlineData(0.045, 0.074)]
    public async Task Script_EqualsBuiltInModel(double gamma, double misfit)
    {
        Skip.IfNot(File.Exists(Python), $"{Python} is absent: the shipped precipitate evaluator needs it");
        Skip.IfNot(Run(Python, "-c", "import numpy") == 0, $"numpy is not importable by {Python}: install python3-numpy");
        using var directory = new TempDirectory();
        var workflows = Path.Combine(SharedData.RepositoryRoot, "workflows");
        var csv = Path.Combine(workflows, "data", "precipitate-observations.csv");
        var point = directory.Combine("point.json");
        var value = directory.Combine("value.json");
        File.WriteAllText(point, new JsonObject { ["interface_energy"] = gamma, ["misfit"] = misfit }.ToJsonString());
        Assert.Equal(0, Run(Python, Path.Combine(workflows, "scripts", "precipitate_shape.py"), point, csv, value));
        var python = JsonNode.Parse(File.ReadAllText(value))!["value"]!.GetValue<double>();

        var rows = File.ReadAllLines(csv).Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split(',')).ToList();
        var builtIn = await new ShapeDiscrepancyMethod().RunAsync(new NoInputs(), new ShapeDiscrepancyParameters
        {
            InterfaceEnergy = gamma, Misfit = misfit,
            Radii = [.. rows.Select(r => double.Parse(r[0], CultureInfo.InvariantCulture))],
            AspectRatios = [.. rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture))],
        }, MethodContext.CreateStandalone(), CancellationToken.None);
        var csharp = builtIn.Outputs.Value.Value["value"]!.GetValue<double>();

        Assert.True(Math.Abs(python - csharp) <= Tolerance * Math.Abs(csharp),
            $"Python {python:R} vs C# {csharp:R} at γ {gamma}, ε {misfit}: relative difference {Math.Abs(python - csharp) / csharp:G3}");
    }

    private static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
