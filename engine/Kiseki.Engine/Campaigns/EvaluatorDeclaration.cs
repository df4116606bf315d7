using System.Text.Json.Nodes;
using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Campaigns;

/// <summary>What a campaign does with an evaluation that failed.</summary>
public enum EvaluationFailurePolicy
{
    /// <summary>The campaign fails, naming the point and the evaluator's error (the default).</summary>
    Fail,

    /// <summary>The failure is recorded, the point is excluded from the search and listed in its outputs.</summary>
    Skip,
}

/// <summary>
/// A bound <c>evaluate:</c> block of a search step: a built-in method (the point's coordinates become its parameters)
/// or a command (the point is its <c>{inputs.point}</c> JSON file, its number its <c>{outputs.value}</c> file), and the
/// failure policy. Immutable.
/// </summary>
public sealed class EvaluatorDeclaration
{
    /// <summary>The output every evaluator writes: a JSON number or <c>{"value": number}</c>.</summary>
    public const string ValuePort = "value";

    /// <summary>The input a command evaluator reads: the point as a JSON object.</summary>
    public const string PointPort = "point";

    internal EvaluatorDeclaration(
        MethodDescriptor method, JsonObject parameters, CommandStep? command, EvaluationFailurePolicy onFailure, SourceLocation location)
    {
        Method = method;
        Parameters = parameters;
        Command = command;
        OnFailure = onFailure;
        Location = location;
    }

    /// <summary>The evaluator's method (<c>kiseki.command@1</c> for a command).</summary>
    public MethodDescriptor Method { get; }

    /// <summary>The block's parameters (canonical JSON; a built-in method's defaults applied), without the point.</summary>
    public JsonObject Parameters { get; }

    /// <summary>The command of a command evaluator; null for a built-in method.</summary>
    public CommandStep? Command { get; }

    /// <summary>What a failed evaluation does.</summary>
    public EvaluationFailurePolicy OnFailure { get; }

    /// <summary>Where <c>evaluate:</c> is written.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The <c>evaluate</c> component of the search step's key: the evaluator's method, parameters, code and environment
    /// (a command's fingerprint) and the failure policy.
    /// </summary>
    public JsonObject KeyComponent(string searchDeclaredId)
    {
        var component = new JsonObject
        {
            ["method"] = new JsonObject { ["id"] = Method.Id, ["version"] = (long)Method.Version },
            ["params"] = Parameters.DeepClone(),
            ["on_failure"] = OnFailure == EvaluationFailurePolicy.Skip ? "skip" : "fail",
        };
        if (Command is not null)
        {
            component["command"] = Command.Fingerprint(FingerprintId(searchDeclaredId)).Components.DeepClone();
        }

        return component;
    }

    /// <summary>The id a command evaluator's fingerprint problems are reported under.</summary>
    public static string FingerprintId(string searchDeclaredId) => searchDeclaredId + ".evaluate";
}
