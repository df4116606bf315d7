using System.Collections;
using System.Reflection;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>
/// Works around a LiteDB 5.0.x defect (litedb-org/LiteDB#2828): after an engine fails on a damaged file, an orphaned
/// transaction object is later finalized, and its finalizer throws on the GC thread, terminating the process long
/// after the clear error was reported. After a failure we suppress the finalizers of the engine's open transactions.
/// Reflection on private fields: if a LiteDB update renames them, this silently does nothing.
/// </summary>
internal static class LiteDbFailureCleanup
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    public static void AfterFailure(LiteDatabase database)
    {
        try
        {
            var engine = Field(database, "_engine");
            var monitor = Field(engine, "_monitor");
            if (Field(monitor, "_transactions") is IDictionary transactions)
            {
                foreach (var transaction in transactions.Values)
                {
                    GC.SuppressFinalize(transaction!);
                }
            }

            if (Field(monitor, "_slot") is { } slot && slot.GetType().GetProperty("Value")?.GetValue(slot) is { } current)
            {
                GC.SuppressFinalize(current);
            }
        }
        catch (Exception e) when (e is TargetInvocationException or ObjectDisposedException or InvalidOperationException or LiteException)
        {
            // Best effort only.
        }
    }

    /// <summary>Disposes a connection whose engine may already have failed; errors while closing are not news.</summary>
    public static void Dispose(LiteDatabase database)
    {
        try
        {
            database.Dispose();
        }
        catch (Exception e) when (e is LiteException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            AfterFailure(database);
        }
    }

    private static object? Field(object? owner, string name)
        => owner?.GetType().GetField(name, Private)?.GetValue(owner);
}
