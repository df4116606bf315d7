using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Hashing;

namespace Kiseki.Engine.Tests.Definitions;

public sealed class DefinitionBinderTests
{
    [Fact]
    public void Bind_ValidWorkflow_BindsEverything()
    {
        var definition = Front.Bind(Front.Valid);
        Assert.Equal("front-test", definition.Name);
        Assert.Equal(42UL, definition.Seed);
        Assert.Equal(["read", "scale"], definition.Steps.Select(s => s.Id));
        var input = Assert.Single(definition.Inputs);
        Assert.Equal("/work/wf/data/raw.bin", input.Path);
        Assert.Equal("cd38e338cd38e338cd38e338cd38e338cd38e338cd38e338cd38e338cd38e338", input.Sha256!.Value.Hex);
        Assert.Equal("https://example.org/raw.bin", input.Url!.ToString());

        var scale = definition.FindStep("scale")!;
        var parameters = Assert.IsType<FrontScaleParameters>(scale.Parameters);
        Assert.Equal(new FrontScaleParameters { Components = 4, Factor = 2.0, Mode = FrontMode.Malspy }, parameters);
        Assert.Equal("""{"components":4,"factor":2.0,"mode":"malspy-0.4.0"}""", CanonicalJson.ToText(scale.CanonicalParameters));
        Assert.Equal(new StepOutputBinding("read", "data"), scale.Inputs["data"]);
        Assert.Equal(["read"], scale.Dependencies);
        Assert.Equal(new StepResources(4, 4096, 90), scale.Resources);
        Assert.Equal(StepSeeds.Derive(42, "scale"), scale.Seed);
        Assert.Equal(new ExternalInputBinding("raw"), definition.FindStep("read")!.Inputs["file"]);
        Assert.Equal(new PublishEntry("scaled", "scale", "result", new SourceLocation(Front.File, 21, 3)), Assert.Single(definition.Publish));
    }

    [Fact]
    public void Bind_ResourcesOmitted_UseMethodAttribute()
    {
        var definition = Front.Bind("kiseki: 1\nsteps:\n  s:\n    method: front.source@1\n");
        Assert.Equal(new StepResources(2, 2048, 10), definition.Steps[0].Resources);
        Assert.Equal("test", definition.Name);
        Assert.Equal(0UL, definition.Seed);
    }

    [Fact]
    public void Bind_Override_ReplacesParameterKeepingType()
    {
        var definition = Front.Bind(Front.Valid, "components=7");
        Assert.Equal(7, ((FrontScaleParameters)definition.FindStep("scale")!.Parameters).Components);
        Assert.Equal(7L, definition.Parameters["components"]!.GetValue<long>());
    }

    [Fact]
    public void Bind_UnknownOverride_SuggestsName()
    {
        var d = Front.Single(DiagnosticCodes.UnknownOverride, Front.Valid, "componnets=7");
        Assert.Equal("did you mean 'components'?", d.Hint);
        Assert.Equal("--set", d.Location.File);
    }

    [Fact]
    public void Bind_MalformedOverride_Reported()
    {
        var error = Assert.Throws<WorkflowException>(() => Kiseki.Engine.Definitions.Binding.BindOptions.FromAssignments(["components"]));
        Assert.Equal(DiagnosticCodes.MalformedOverride, Assert.Single(error.Diagnostics).Code);
        Front.Single(DiagnosticCodes.MalformedOverride, Front.Valid, "components=[1, 2");
    }

    [Fact]
    public void Bind_OverrideOfWrongType_ReportedAtTheOverrideWithTheUse()
    {
        var d = Front.Single(DiagnosticCodes.ParameterType, Front.Valid, "components=many");
        Assert.Equal("--set", d.Location.File);
        Assert.StartsWith("--set components=many does not fit parameter 'components'", d.Message);
        Assert.Contains(":18:", d.Hint);
    }

    [Fact]
    public void Bind_StepsOutOfOrder_SortedTopologicallyWithDeclarationTieBreak()
    {
        var definition = Front.Bind("""
            kiseki: 1
            steps:
              b:
                method: front.scale@1
                inputs: { data: "${a.outputs.data}" }
                params: { components: 1 }
              c:
                method: front.source@1
              a:
                method: front.source@1
            """);
        Assert.Equal(["c", "a", "b"], definition.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Bind_Cycle_NamesStepsOnCycle()
    {
        var d = Front.Single(DiagnosticCodes.Cycle, """
            kiseki: 1
            steps:
              a:
                method: front.scale@1
                inputs: { data: "${c.outputs.result}" }
                params: { components: 1 }
              b:
                method: front.scale@1
                inputs: { data: "${a.outputs.result}" }
                params: { components: 1 }
              c:
                method: front.scale@1
                inputs: { data: "${b.outputs.result}" }
                params: { components: 1 }
              free:
                method: front.source@1
            """);
        Assert.Equal("steps form a cycle: a -> c -> b -> a", d.Message);
        Assert.Equal(3, d.Location.Line);
    }

    [Fact]
    public void Bind_Matrix_OneInstancePerCombinationInDeclarationOrder()
    {
        var definition = Front.Bind("""
            kiseki: 1
            steps:
              src:
                method: front.source@1
              sweep:
                method: front.scale@1
                inputs: { data: "${src.outputs.data}" }
                matrix: { components: [2, 3], mode: [fast, slow-and-steady] }
            publish:
              out: ${sweep.outputs.result}
            """);
        Assert.Equal(
            ["src", "sweep[components=2,mode=fast]", "sweep[components=2,mode=slow-and-steady]",
             "sweep[components=3,mode=fast]", "sweep[components=3,mode=slow-and-steady]"],
            definition.Steps.Select(s => s.Id));
        var last = definition.Steps[^1];
        Assert.Equal("sweep", last.DeclaredId);
        Assert.Equal(new FrontScaleParameters { Components = 3, Mode = FrontMode.SlowAndSteady }, last.Parameters);
        Assert.Equal(3L, last.MatrixValues["components"]!.GetValue<long>());
        Assert.NotEqual(definition.Steps[1].Seed, definition.Steps[2].Seed);
        Assert.Equal(
            ["out[components=2,mode=fast]", "out[components=2,mode=slow-and-steady]", "out[components=3,mode=fast]", "out[components=3,mode=slow-and-steady]"],
            definition.Publish.Select(p => p.Name));
        Assert.Equal("sweep[components=3,mode=fast]", definition.Publish[2].StepId);
    }

    [Fact]
    public void Bind_ConsumerOfMatrixStep_FansOutWithSameValues()
    {
        var definition = Front.Bind("""
            kiseki: 1
            steps:
              src:
                method: front.source@1
                matrix: { size: [5, 6] }
              fit:
                method: front.scale@1
                inputs: { data: "${src.outputs.data}" }
                params: { components: 2 }
              plot:
                method: front.scale@1
                inputs: { data: "${fit.outputs.result}", extra: "${src.outputs.data}" }
                params: { components: 2 }
                matrix: { factor: [0.5, 1] }
            """);
        var ids = definition.Steps.Select(s => s.Id).ToList();
        Assert.Equal(
            ["src[size=5]", "src[size=6]", "fit[size=5]", "fit[size=6]",
             "plot[size=5,factor=0.5]", "plot[size=5,factor=1]", "plot[size=6,factor=0.5]", "plot[size=6,factor=1]"], ids);
        var plot = definition.FindStep("plot[size=6,factor=1]")!;
        Assert.Equal(new StepOutputBinding("fit[size=6]", "result"), plot.Inputs["data"]);
        Assert.Equal(new StepOutputBinding("src[size=6]", "data"), plot.Inputs["extra"]);
        Assert.Equal(["fit[size=6]", "src[size=6]"], plot.Dependencies);
        Assert.Equal(1.0, ((FrontScaleParameters)plot.Parameters).Factor);
        Assert.Equal(2, ((FrontScaleParameters)plot.Parameters).Components);
    }

    [Fact]
    public void Bind_MatrixFromWorkflowParameterList_Expands()
    {
        var definition = Front.Bind("""
            kiseki: 1
            params: { sizes: [1, 2, 3] }
            steps:
              src:
                method: front.source@1
                matrix: { size: "${params.sizes}" }
            """, "sizes=[4, 5]");
        Assert.Equal(["src[size=4]", "src[size=5]"], definition.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Bind_PartialInterpolation_FormsText()
    {
        var definition = Front.Bind("""
            kiseki: 1
            params: { k: 3 }
            steps:
              s:
                method: front.any@1
                inputs: { anything: "${t.outputs.data}" }
                params: { label: "k=${params.k}!", labels: ["${params.k}", b] }
              t:
                method: front.source@1
            """);
        var parameters = (FrontListsParameters)definition.FindStep("s")!.Parameters;
        Assert.Equal("k=3!", parameters.Label);
        Assert.Equal(["3", "b"], parameters.Labels);
    }

    [Fact]
    public void Bind_AllProblems_ReportedTogetherInPositionOrder()
    {
        var diagnostics = Front.Fail("""
            kiseki: 1
            nmae: x
            steps:
              a:
                method: front.scael@1
              b:
                method: front.scale@1
                inputs: { data: "${a.outputs.result}", dta: "${zz.outputs.x}" }
                params: { components: 99, factr: 1 }
            """);
        Assert.Equal(
            [DiagnosticCodes.UnknownKey, DiagnosticCodes.UnknownMethod, DiagnosticCodes.UnknownInputPort,
             DiagnosticCodes.UnknownStep, DiagnosticCodes.ParameterRange, DiagnosticCodes.UnknownParameter],
            diagnostics.Select(d => d.Code));
        Assert.Equal("did you mean 'name'?", diagnostics[0].Hint);
        Assert.Equal("did you mean 'front.scale@2'?", diagnostics[1].Hint);
        Assert.Equal("did you mean 'data'?", diagnostics[2].Hint);
        Assert.Equal("did you mean 'factor'?", diagnostics[5].Hint);
        Assert.Equal(new SourceLocation(Front.File, 9, 27), diagnostics[4].Location);
    }

    [Theory]
    [InlineData("components: 2.5", DiagnosticCodes.ParameterType, "whole number")]
    [InlineData("components: '2'", DiagnosticCodes.ParameterType, "quotes")]
    [InlineData("components: 0", DiagnosticCodes.ParameterRange, "1 to 64")]
    [InlineData("components: 2, factor: .nan", DiagnosticCodes.ParameterType, null)]
    [InlineData("components: 2, factor: 11", DiagnosticCodes.ParameterRange, "0 to 10")]
    [InlineData("components: 2, mode: malspy", DiagnosticCodes.InvalidChoice, "did you mean 'malspy-0.4.0'?")]
    public void Bind_BadParameterValue_Reported(string parameters, string code, string? hint)
    {
        var d = Front.Single(code, $$"""
            kiseki: 1
            steps:
              a:
                method: front.source@1
              b:
                method: front.scale@1
                inputs: { data: "${a.outputs.data}" }
                params: { {{parameters}} }
            """);
        Assert.Equal(8, d.Location.Line);
        if (hint is not null)
        {
            Assert.Contains(hint, d.Hint);
        }
    }

    [Fact]
    public void Bind_ListAndOptionalParameters_Convert()
    {
        var definition = Front.Bind("""
            kiseki: 1
            steps:
              t:
                method: front.source@1
              s:
                method: front.any@1
                inputs: { anything: "${t.outputs.data}" }
                params:
                  sizes: [3, 4]
                  weights: [1, 2.5]
                  grid: [[1, 2], [3, 4.5]]
                  labels: [a, 1, true]
                  label: 12
                  flag: true
                  big: 9000000000
                  maybe: null
                  alpha: 0.5
            """);
        var p = (FrontListsParameters)definition.FindStep("s")!.Parameters;
        Assert.Equal([3, 4], p.Sizes);
        Assert.Equal([1.0, 2.5], p.Weights);
        Assert.Equal([3.0, 4.5], p.Grid[1]);
        Assert.Equal(["a", "1", "true"], p.Labels);
        Assert.Equal("12", p.Label);
        Assert.True(p.Flag);
        Assert.Equal(9_000_000_000L, p.Big);
        Assert.Null(p.Maybe);
        Assert.Equal(0.5, p.Alpha);
        Assert.Null(p.Note);
    }

    [Fact]
    public void Bind_SameText_SameDefinition()
    {
        var a = Front.Bind(Front.Valid);
        var b = Front.Bind(Front.Valid);
        Assert.Equal(a.TextHash, b.TextHash);
        Assert.Equal(
            a.Steps.Select(s => CanonicalJson.ToText(s.CanonicalParameters) + s.Seed),
            b.Steps.Select(s => CanonicalJson.ToText(s.CanonicalParameters) + s.Seed));
        Assert.Equal(JsonValue.Create(4L).ToJsonString(), a.Parameters["components"]!.ToJsonString());
    }

    [Fact]
    public void Bind_OmittedAtDefault_LeftOutOfTheCanonicalParametersOnlyAtItsDefault()
    {
        string Canonical(string extra) => CanonicalJson.ToText(Front.Bind(Front.Valid.Replace("mode: malspy-0.4.0", "mode: malspy-0.4.0" + extra, StringComparison.Ordinal))
            .FindStep("scale")!.CanonicalParameters);

        const string without = """{"components":4,"factor":2.0,"mode":"malspy-0.4.0"}""";
        Assert.Equal(without, Canonical(""));
        Assert.Equal(without, Canonical(", precision: fast"));
        Assert.Equal("""{"components":4,"factor":2.0,"mode":"malspy-0.4.0","precision":"slow-and-steady"}""", Canonical(", precision: slow-and-steady"));

        var method = FrontCatalog.Instance.Versions("front.scale").Single(m => m.Version == 1);
        var parameter = method.FindParameter("precision")!;
        Assert.True(parameter.OmittedAtDefault);
        var record = Assert.IsType<FrontScaleParameters>(ParameterJson.ToRecord(method, System.Text.Json.Nodes.JsonNode.Parse(without)!.AsObject()));
        Assert.Equal(FrontMode.Fast, record.Precision);
    }

    [Fact]
    public void Catalog_OmittedAtDefaultWithoutADefault_BreaksTheMethodContract()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MethodCatalog.Create(b => b.Add(typeof(FrontBadOmittedMethod))));
        Assert.Contains("'Limit' is omitted at its default", e.Message, StringComparison.Ordinal);
    }
}
