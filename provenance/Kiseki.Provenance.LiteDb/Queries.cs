using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>Parameterised LiteDB expressions and id lookups shared by the tables.</summary>
internal static class Queries
{
    /// <summary>
    /// The documents whose <c>_id</c> is one of <paramref name="ids"/>: one indexed <c>_id IN @0</c> query per block of
    /// ids instead of a query per id (each LiteDB query has a fixed cost of its own).
    /// </summary>
    public static IEnumerable<BsonDocument> ByIds(ILiteCollection<BsonDocument> collection, IEnumerable<string> ids)
    {
        foreach (var block in ids.Distinct(StringComparer.Ordinal).Chunk(512))
        {
            var values = new BsonArray(block.Select(id => new BsonValue(id)));
            foreach (var document in collection.Find(BsonExpression.Create("_id IN @0", values)).ToList())
            {
                yield return document;
            }
        }
    }

    /// <summary>
    /// <c>field = value</c> as a parameterised expression. LiteDB's <c>Query.EQ</c> writes the value into the
    /// expression text, so every distinct value parses and compiles (and caches forever) a new expression.
    /// </summary>
    public static BsonExpression Eq(string field, string value) => BsonExpression.Create(field + " = @0", new BsonValue(value));

    /// <summary>The attempts of one step key in one run, as a parameterised expression.</summary>
    public static BsonExpression KeyAndRun(string stepKey, string runId)
        => BsonExpression.Create("stepKey = @0 AND runId = @1", new BsonValue(stepKey), new BsonValue(runId));
}
