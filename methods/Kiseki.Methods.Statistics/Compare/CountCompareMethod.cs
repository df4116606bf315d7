using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Statistics.Compare;

/// <summary>Parameters of <c>count.compare@1</c>.</summary>
public sealed record CountCompareParameters
{
    [Description("One label per row (data set), in row order; rows without any connected estimate are not allowed.")]
    public string[] Labels { get; init; } = [];
}

/// <summary>Inputs of <c>count.compare@1</c>: up to 6 rows of three estimates each.</summary>
public sealed record CountCompareInputs
{
    [Description("Row 1: bootstrap-LRT estimate (components_found).")]
    public required JsonArtifact Lrt1 { get; init; }

    [Description("Row 1: scree estimate (components_found).")]
    public JsonArtifact? Scree1 { get; init; }

    [Description("Row 1: ARD estimate (components_found).")]
    public JsonArtifact? Ard1 { get; init; }

    [Description("Row 2: bootstrap-LRT estimate (components_found).")]
    public JsonArtifact? Lrt2 { get; init; }

    [Description("Row 2: scree estimate (components_found).")]
    public JsonArtifact? Scree2 { get; init; }

    [Description("Row 2: ARD estimate (components_found).")]
    public JsonArtifact? Ard2 { get; init; }

    [Description("Row 3: bootstrap-LRT estimate (components_found).")]
    public JsonArtifact? Lrt3 { get; init; }

    [Description("Row 3: scree estimate (components_found).")]
    public JsonArtifact? Scree3 { get; init; }

    [Description("Row 3: ARD estimate (components_found).")]
    public JsonArtifact? Ard3 { get; init; }

    [Description("Row 4: bootstrap-LRT estimate (components_found).")]
    public JsonArtifact? Lrt4 { get; init; }

    [Description("Row 4: scree estimate (components_found).")]
    public JsonArtifact? Scree4 { get; init; }

    [Description("Row 4: ARD estimate (components_found).")]
    public JsonArtifact? Ard4 { get; init; }

    [Description("Row 5: bootstrap-LRT estimate (components_found).")]
    public JsonArtifact? Lrt5 { get; init; }

    [Description("Row 5: scree estimate (components_found).")]
    public JsonArtifact? Scree5 { get; init; }

    [Description("Row 5: ARD estimate (components_found).")]
    public JsonArtifact? Ard5 { get; init; }

    [Description("Row 6: bootstrap-LRT estimate (components_found).")]
    public JsonArtifact? Lrt6 { get; init; }

    [Description("Row 6: scree estimate (components_found).")]
    public JsonArtifact? Scree6 { get; init; }

    [Description("Row 6: ARD estimate (components_found).")]
    public JsonArtifact? Ard6 { get; init; }
}

/// <summary>Outputs of <c>count.compare@1</c>.</summary>
public sealed record CountCompareOutputs
{
    [Description("label, bootstrap_lrt, scree, ard (empty where an estimator was not connected).")]
    public required Table Table { get; init; }
}

/// <summary>Side-by-side table of component-count estimates (bootstrap LRT, scree elbow, ARD) for several data sets.</summary>
[Method("count.compare", 1,
    Summary = "Side-by-side table of component-count estimates (bootstrap LRT, scree, ARD) per data set.",
    Remarks = "Row i gathers the components_found outputs connected to lrt<i>, scree<i> and ard<i>; estimators that "
              + "are not connected are written as empty cells; an estimate {\"at_least\": n} (a sequential test that "
              + "rejected up to its largest K) is written as \"≥ n\".")]
public sealed class CountCompareMethod : IMethod<CountCompareParameters, CountCompareInputs, CountCompareOutputs>
{
    public ValueTask<MethodResult<CountCompareOutputs>> RunAsync(
        CountCompareInputs inputs, CountCompareParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        (JsonArtifact? Lrt, JsonArtifact? Scree, JsonArtifact? Ard)[] all =
        [
            (inputs.Lrt1, inputs.Scree1, inputs.Ard1),
            (inputs.Lrt2, inputs.Scree2, inputs.Ard2),
            (inputs.Lrt3, inputs.Scree3, inputs.Ard3),
            (inputs.Lrt4, inputs.Scree4, inputs.Ard4),
            (inputs.Lrt5, inputs.Scree5, inputs.Ard5),
            (inputs.Lrt6, inputs.Scree6, inputs.Ard6),
        ];
        var count = Array.FindLastIndex(all, r => r.Lrt is not null || r.Scree is not null || r.Ard is not null) + 1;
        if (parameters.Labels.Length != count)
        {
            throw MethodException.InvalidParameter("labels", $"{parameters.Labels.Length} labels for {count} connected rows.");
        }

        var rows = all[..count];
        for (var i = 0; i < count; i++)
        {
            if (rows[i].Lrt is null && rows[i].Scree is null && rows[i].Ard is null)
            {
                throw MethodException.InvalidInput($"lrt{i + 1}", $"row {i + 1} ('{parameters.Labels[i]}') has no estimate connected.");
            }
        }

        var table = new Table([
            TableColumn.Text("label", parameters.Labels),
            TableColumn.Text("bootstrap_lrt", [.. rows.Select(r => Format(r.Lrt))]),
            TableColumn.Text("scree", [.. rows.Select(r => Format(r.Scree))]),
            TableColumn.Text("ard", [.. rows.Select(r => Format(r.Ard))]),
        ]);
        return ValueTask.FromResult(MethodResult.Success(new CountCompareOutputs { Table = table }));
    }

    /// <summary>An integer estimate as written; a lower bound <c>{"at_least": n}</c> (a test that never stopped) as "≥ n".</summary>
    private static string Format(JsonArtifact? estimate)
        => estimate?.Value is JsonObject bound && bound["at_least"] is { } least
            ? $"≥ {least.ToJsonString()}"
            : estimate?.Value.ToJsonString() ?? "";
}
