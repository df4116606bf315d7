using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Hashing;

namespace Kiseki.Engine.Campaigns;

/// <summary>
/// One evaluation of a campaign as a step instance: the point, its step (id <c>SEARCH.eval-NNNN</c>), its key and the
/// work an executor runs. The key depends on the evaluator and the point only (not on the campaign, its seed or the
/// proposal order), so any campaign asking for a point already evaluated with the same evaluator reuses it.
/// </summary>
/// <param name="Index">The proposal index within the campaign (0-based).</param>
/// <param name="Point">The point as canonical JSON (names sorted).</param>
/// <param name="Step">The step instance.</param>
/// <param name="Key">Its step key.</param>
/// <param name="Work">What the executor runs.</param>
/// <param name="PointArtifact">The stored point JSON of a command evaluator (its <c>{inputs.point}</c>); null for a built-in one.</param>
internal sealed record EvaluationInstance(int Index, JsonObject Point, BoundStep Step, StepKey Key, StepWork Work, StoredArtifact? PointArtifact)
{
    /// <summary>The point as written in messages and files: canonical JSON.</summary>
    public string PointText => CanonicalJson.ToText(Point);

    /// <summary>The step id of every evaluation of <paramref name="searchId"/> starts with this: <c>SEARCH.eval-</c>.</summary>
    public static string IdPrefix(string searchId) => searchId + ".eval-";

    /// <summary>The step id of evaluation <paramref name="index"/> of <paramref name="searchId"/>: <c>SEARCH.eval-NNNN</c>.</summary>
    public static string IdOf(string searchId, int index) => IdPrefix(searchId) + index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The seed of an evaluation, derived from its canonical point text alone (so a recorded seed names its point).</summary>
    public static ulong SeedOf(string pointText) => StepSeeds.Derive(0, "evaluate\0" + pointText);

    /// <summary>The instance of point <paramref name="index"/> of the campaign run by <paramref name="search"/>.</summary>
    public static EvaluationInstance Create(
        BoundStep search, EvaluatorDeclaration evaluator, int index, IReadOnlyDictionary<string, double> coordinates, ArtifactCodec codec)
    {
        var point = new JsonObject();
        foreach (var (name, value) in coordinates.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!double.IsFinite(value))
            {
                throw MethodException.Failed($"the search proposed a non-finite coordinate {name} = {value}.");
            }

            point[name] = value;
        }

        var seed = SeedOf(CanonicalJson.ToText(point));
        var id = IdOf(search.Id, index);
        var declared = EvaluatorDeclaration.FingerprintId(search.DeclaredId);
        var inputs = new Dictionary<string, InputReference>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        StoredArtifact? stored = null;
        JsonObject parameters;
        if (evaluator.Command is not null)
        {
            stored = codec.Encode(new JsonArtifact(point.DeepClone()));
            inputs[EvaluatorDeclaration.PointPort] = new InputReference(stored.Hash, stored.Kind);
            hashes[EvaluatorDeclaration.PointPort] = stored.Hash;
            parameters = (JsonObject)evaluator.Parameters.DeepClone();
        }
        else
        {
            parameters = MethodParameters(evaluator, point);
        }

        var step = new BoundStep(
            id, declared, new Dictionary<string, JsonNode?>(), evaluator.Method, parameters, new Dictionary<string, InputBinding>(), [], seed,
            search.Resources, evaluator.Location, evaluator.Command);
        var fingerprint = evaluator.Command?.Fingerprint(declared);
        var key = StepKey.Compute(evaluator.Method.Reference, step.CanonicalParameters, hashes, seed, fingerprint?.Components);
        var work = new StepWork(id, evaluator.Method, step.CanonicalParameters, inputs, seed, 1)
        {
            Command = evaluator.Command is { } command ? new CommandWork(command, fingerprint!) : null,
            Resources = search.Resources,
        };
        return new EvaluationInstance(index, point, step, key, work, stored);
    }

    /// <summary>A built-in evaluator's parameters: the block's, with the point's coordinates set (checked against the method).</summary>
    private static JsonObject MethodParameters(EvaluatorDeclaration evaluator, JsonObject point)
    {
        var parameters = (JsonObject)evaluator.Parameters.DeepClone();
        foreach (var (name, value) in point)
        {
            if (evaluator.Method.FindParameter(name) is null)
            {
                throw MethodException.Failed(
                    $"the evaluator {evaluator.Method.Reference} has no parameter '{name}' for the point's coordinate (it takes: "
                    + string.Join(", ", evaluator.Method.Parameters.Select(p => p.Name)) + ").");
            }

            parameters[name] = value?.DeepClone();
        }

        try
        {
            return evaluator.Method.CanonicalParameters(ParameterJson.ToRecord(evaluator.Method, parameters));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw MethodException.Failed($"the point {CanonicalJson.ToText(point)} does not fit the parameters of {evaluator.Method.Reference}: {e.Message}");
        }
    }
}
