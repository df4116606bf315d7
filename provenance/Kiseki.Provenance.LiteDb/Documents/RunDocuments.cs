using LiteDB;
using static Kiseki.Provenance.LiteDb.Documents.BsonValues;

namespace Kiseki.Provenance.LiteDb.Documents;

/// <summary>Maps <see cref="RunRecord"/> and <see cref="RunStepRecord"/> to and from BSON documents.</summary>
internal static class RunDocuments
{
    public static BsonDocument ToDocument(RunRecord run) => RecordSeal.Seal(new()
    {
        ["_id"] = run.Id,
        ["workflowName"] = run.WorkflowName,
        ["workflowPath"] = run.WorkflowPath,
        ["workflowText"] = run.WorkflowText,
        ["workflowTextHash"] = Hash(run.WorkflowTextHash),
        ["resolvedParameters"] = run.ResolvedParameters,
        ["rootSeed"] = Unsigned(run.RootSeed),
        ["status"] = run.Status.ToString(),
        ["startedAt"] = Time(run.StartedAt),
        ["finishedAt"] = Time(run.FinishedAt),
        ["environmentId"] = Hash(run.EnvironmentId),
        ["host"] = run.Process.Host,
        ["processId"] = run.Process.ProcessId,
        ["processStartedAt"] = Time(run.Process.StartedAt),
        ["commandLine"] = run.CommandLine,
        ["gitCommit"] = Text(run.GitCommit),
        ["executor"] = run.Executor,
        ["error"] = Text(run.Error),
    });

    public static RunRecord ToRun(BsonDocument d) => ReadRun(RecordSeal.Verified(d, "run"));

    private static RunRecord ReadRun(BsonDocument d) => new()
    {
        Id = d["_id"].AsString,
        WorkflowName = d["workflowName"].AsString,
        WorkflowPath = d["workflowPath"].AsString,
        WorkflowText = d["workflowText"].AsString,
        WorkflowTextHash = ReadHash(d["workflowTextHash"]),
        ResolvedParameters = d["resolvedParameters"].AsString,
        RootSeed = ReadUnsigned(d["rootSeed"]),
        Status = ReadEnum<RunStatus>(d["status"]),
        StartedAt = ReadTime(d["startedAt"]),
        FinishedAt = ReadOptionalTime(d["finishedAt"]),
        EnvironmentId = ReadHash(d["environmentId"]),
        Process = new ProcessIdentity(d["host"].AsString, d["processId"].AsInt32, ReadOptionalTime(d["processStartedAt"])),
        CommandLine = d["commandLine"].AsString,
        GitCommit = ReadOptionalText(d["gitCommit"]),
        Executor = d["executor"].AsString,
        Error = ReadOptionalText(d["error"]),
    };

    public static string RunStepId(string runId, string stepId) => runId + "/" + stepId;

    public static BsonDocument ToDocument(RunStepRecord step, long sequence) => RecordSeal.Seal(new()
    {
        ["_id"] = RunStepId(step.RunId, step.StepId),
        ["runId"] = step.RunId,
        ["stepId"] = step.StepId,
        ["sequence"] = sequence,
        ["declaredStepId"] = step.DeclaredStepId,
        ["stepKey"] = Hash(step.StepKey),
        ["cacheHit"] = step.CacheHit,
        ["rerunReasons"] = TextList(step.RerunReasons),
        ["status"] = step.Status.ToString(),
        ["error"] = Text(step.Error),
        ["skippedBecause"] = Text(step.SkippedBecause),
        ["startedAt"] = Time(step.StartedAt),
        ["finishedAt"] = Time(step.FinishedAt),
    });

    public static RunStepRecord ToRunStep(BsonDocument d) => ReadRunStep(RecordSeal.Verified(d, "run step"));

    private static RunStepRecord ReadRunStep(BsonDocument d) => new()
    {
        RunId = d["runId"].AsString,
        StepId = d["stepId"].AsString,
        DeclaredStepId = d["declaredStepId"].AsString,
        StepKey = ReadOptionalHash(d["stepKey"]),
        CacheHit = d["cacheHit"].AsBoolean,
        RerunReasons = ReadTextList(d["rerunReasons"]),
        Status = ReadEnum<RunStepStatus>(d["status"]),
        Error = ReadOptionalText(d["error"]),
        SkippedBecause = ReadOptionalText(d["skippedBecause"]),
        StartedAt = ReadOptionalTime(d["startedAt"]),
        FinishedAt = ReadOptionalTime(d["finishedAt"]),
    };
}
