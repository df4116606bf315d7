using LiteDB;
using static Kiseki.Provenance.LiteDb.Documents.BsonValues;

namespace Kiseki.Provenance.LiteDb.Documents;

/// <summary>Maps <see cref="ExecutionRecord"/>, <see cref="ArtifactRecord"/> and <see cref="EnvironmentRecord"/> to BSON.</summary>
internal static class ExecutionDocuments
{
    public static BsonDocument ToDocument(ExecutionRecord e, string attemptId) => RecordSeal.Seal(new()
    {
        ["_id"] = attemptId,
        ["stepKey"] = Hash(e.StepKey),
        ["keyComponents"] = e.KeyComponents,
        ["methodId"] = e.MethodId,
        ["methodVersion"] = e.MethodVersion,
        ["implementationDigest"] = e.ImplementationDigest,
        ["parameters"] = e.Parameters,
        ["inputs"] = HashMap(e.InputHashes),
        ["outputs"] = HashMap(e.OutputHashes),
        ["seed"] = Unsigned(e.Seed),
        ["convergence"] = e.Convergence is { } c
            ? new BsonDocument { ["converged"] = c.Converged, ["iterations"] = c.Iterations, ["reason"] = c.Reason }
            : BsonValue.Null,
        ["metrics"] = NumberMap(e.Metrics),
        ["startedAt"] = Time(e.StartedAt),
        ["finishedAt"] = Time(e.FinishedAt),
        ["durationSeconds"] = e.DurationSeconds,
        ["logExcerpt"] = e.LogExcerpt,
        ["status"] = e.Status.ToString(),
        ["error"] = Text(e.Error),
        ["host"] = e.Host,
        ["environmentId"] = Hash(e.EnvironmentId),
        ["runId"] = e.RunId,
    });

    public static ExecutionRecord ToExecution(BsonDocument d) => ReadExecution(RecordSeal.Verified(d, "execution"));

    private static ExecutionRecord ReadExecution(BsonDocument d) => new()
    {
        AttemptId = d["_id"].AsString,
        StepKey = ReadHash(d["stepKey"]),
        KeyComponents = d["keyComponents"].AsString,
        MethodId = d["methodId"].AsString,
        MethodVersion = d["methodVersion"].AsInt32,
        ImplementationDigest = d["implementationDigest"].AsString,
        Parameters = d["parameters"].AsString,
        InputHashes = ReadHashMap(d["inputs"]),
        OutputHashes = ReadHashMap(d["outputs"]),
        Seed = ReadUnsigned(d["seed"]),
        Convergence = d["convergence"].IsNull
            ? null
            : new ConvergenceRecord(d["convergence"]["converged"].AsBoolean, d["convergence"]["iterations"].AsInt32, d["convergence"]["reason"].AsString),
        Metrics = ReadNumberMap(d["metrics"]),
        StartedAt = ReadTime(d["startedAt"]),
        FinishedAt = ReadTime(d["finishedAt"]),
        DurationSeconds = d["durationSeconds"].AsDouble,
        LogExcerpt = d["logExcerpt"].AsString,
        Status = ReadEnum<ExecutionStatus>(d["status"]),
        Error = ReadOptionalText(d["error"]),
        Host = d["host"].AsString,
        EnvironmentId = ReadHash(d["environmentId"]),
        RunId = d["runId"].AsString,
    };

    public static BsonDocument ToDocument(ArtifactRecord a) => RecordSeal.Seal(new()
    {
        ["_id"] = Hash(a.Hash),
        ["kind"] = a.Kind,
        ["mediaType"] = a.MediaType,
        ["size"] = a.Size,
        ["shape"] = a.Shape is { } shape ? new BsonArray(shape.Select(s => new BsonValue(s))) : BsonValue.Null,
        ["dtype"] = Text(a.DType),
        ["producedBy"] = Hash(a.ProducedBy),
        ["blobs"] = HashList(a.Blobs),
    });

    public static ArtifactRecord ToArtifact(BsonDocument d) => ReadArtifact(RecordSeal.Verified(d, "artifact"));

    private static ArtifactRecord ReadArtifact(BsonDocument d) => new()
    {
        Hash = ReadHash(d["_id"]),
        Kind = d["kind"].AsString,
        MediaType = d["mediaType"].AsString,
        Size = d["size"].AsInt64,
        Shape = d["shape"].IsNull ? null : d["shape"].AsArray.Select(v => v.AsInt64).ToArray(),
        DType = ReadOptionalText(d["dtype"]),
        ProducedBy = ReadOptionalHash(d["producedBy"]),
        Blobs = ReadHashList(d["blobs"]),
    };

    public static BsonDocument ToDocument(EnvironmentRecord e) => RecordSeal.Seal(new() { ["_id"] = Hash(e.Id), ["content"] = e.ContentJson });

    public static EnvironmentRecord ToEnvironment(BsonDocument d) => ReadEnvironment(RecordSeal.Verified(d, "environment"));

    private static EnvironmentRecord ReadEnvironment(BsonDocument d) => new(ReadHash(d["_id"]), d["content"].AsString);
}
