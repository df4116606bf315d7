using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;

namespace Kiseki.Engine.Tests.Definitions;

/// <summary>Helpers: bind text against the test catalog, or collect the diagnostics it fails with.</summary>
internal static class Front
{
    public const string File = "/work/wf/test.yaml";

    public const string Valid = """
        kiseki: 1
        name: front-test
        seed: 42
        params:
          components: 4
        inputs:
          raw:
            path: data/raw.bin
            sha256: sha256:cd38e338cd38e338cd38e338cd38e338cd38e338cd38e338cd38e338cd38e338
            url: https://example.org/raw.bin
        steps:
          read:
            method: front.read@1
            inputs: { file: "${inputs.raw}" }
          scale:
            method: front.scale@1
            inputs: { data: "${read.outputs.data}" }
            params: { components: "${params.components}", factor: 2, mode: malspy-0.4.0 }
            resources: { cpus: 4, memory: 4G, time: 01:30:00 }
        publish:
          scaled: ${scale.outputs.result}
        """;

    public static WorkflowDefinition Bind(string text, params string[] overrides)
        => WorkflowLoader.LoadText(text, File, FrontCatalog.Instance, BindOptions.FromAssignments(overrides));

    public static IReadOnlyList<Diagnostic> Fail(string text, params string[] overrides)
    {
        var error = Assert.Throws<WorkflowException>(() => Bind(text, overrides));
        Assert.NotEmpty(error.Diagnostics);
        return error.Diagnostics;
    }

    public static Diagnostic Single(string code, string text, params string[] overrides)
    {
        var diagnostics = Fail(text, overrides);
        var matching = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:\n{string.Join("\n", diagnostics)}");
        return matching[0];
    }
}
