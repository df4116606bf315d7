using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Reproduction;

/// <summary>A small recorded run with one external input (an .npy spectrum image) and an SVD, exported as a crate folder.</summary>
internal sealed class TinyCrate : IDisposable
{
    public const string Workflow = """
        kiseki: 1
        name: tiny
        seed: 7
        params:
          base: 2.0
        inputs:
          data:
            path: data.npy
        steps:
          load:
            method: io.read-spectrum-image@1
            inputs: { file: "${inputs.data}" }
          svd:
            method: spectral.svd@1
            inputs: { image: "${load.outputs.image}" }
            params: { components: 3 }
          one:
            method: core.constant@1
            params: { value: "${params.base}" }
        """;

    private TinyCrate(TempDirectory temp, string runId)
    {
        Temp = temp;
        RunId = runId;
    }

    public TempDirectory Temp { get; }

    public string RunId { get; }

    public string Store => Temp.Combine("store");

    public static async Task<TinyCrate> CreateAsync(string workflow = Workflow)
    {
        var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("tiny.yaml"), workflow);
        var values = new double[5 * 4 * 16];
        for (var i = 0; i < values.Length; i++)
        {
            var (pixel, channel) = (i / 16, i % 16);
            values[i] = (1 + pixel) * Math.Exp(-channel / 4.0) + ((pixel % 3) * Math.Sin(channel)) + (0.5 * (pixel % 2) * Math.Cos(channel / 2.0)) + 5;
        }

        File.WriteAllBytes(temp.Combine("data.npy"), NpyFormat.ToBytes(NdArray.Create(values, 5, 4, 16)));
        var (code, text) = await CrateCli.RunAsync("run", temp.Combine("tiny.yaml"), "--store", temp.Combine("store"));
        return code == 0 ? new TinyCrate(temp, CrateCli.RunId(text)) : throw new InvalidOperationException(text);
    }

    /// <summary>Exports the run as a crate folder (extra export options allowed) and returns its path.</summary>
    public async Task<string> ExportAsync(string name, params string[] options)
    {
        var folder = Temp.Combine(name);
        var (code, text) = await CrateCli.RunAsync(["export", RunId, "--out", folder, "--store", Store, .. options]);
        return code == 0 ? folder : throw new InvalidOperationException(text);
    }

    /// <summary>Rewrites the array of a crate output file and records its new hash, as an export of a different result would.</summary>
    public static void RewriteOutput(string crate, string step, string port, Func<NdArray, NdArray> change)
    {
        var relative = $"outputs/{step}/{port}.npy";
        var path = Path.Combine(crate, relative);
        File.WriteAllBytes(path, NpyFormat.ToBytes(change(NpyFormat.Read(File.ReadAllBytes(path)))));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        EditManifest(crate, manifest =>
        {
            var output = manifest["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == step)!["outputs"]![port]!;
            output["artifact"] = "sha256:" + sha;
            output["files"]![0]!["sha256"] = sha;
        });
    }

    public static void EditManifest(string crate, Action<JsonObject> edit)
    {
        var path = Path.Combine(crate, "kiseki-run.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>A copy of a (k-last) array with its components reordered by <paramref name="order"/> and multiplied by <paramref name="signs"/>.</summary>
    public static NdArray Permute(NdArray array, int[] order, int[] signs)
    {
        var values = array.ToDoubleArray();
        var k = array.Shape[^1];
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (row, column) = (i / k, i % k);
            result[i] = signs[column] * values[(row * k) + order[column]];
        }

        return NdArray.Create(result, [.. array.Shape]);
    }

    public void Dispose() => Temp.Dispose();
}
