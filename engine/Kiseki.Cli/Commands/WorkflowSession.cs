using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Provenance.LiteDb;

namespace Kiseki.Cli.Commands;

/// <summary>
/// A loaded workflow with its open stores: what <c>run</c> and <c>plan</c> share. It holds a shared store lease
/// (<see cref="StoreLease"/>) until disposed, so <c>gc</c> never collects while its objects are being recorded.
/// </summary>
internal sealed class WorkflowSession : IDisposable
{
    private readonly StoreLease _lease;

    private WorkflowSession(WorkflowDefinition workflow, ObjectStore objects, LiteDbProvenanceStore provenance, StoreLease lease)
    {
        Workflow = workflow;
        Objects = objects;
        Provenance = provenance;
        _lease = lease;
    }

    public WorkflowDefinition Workflow { get; }

    public ObjectStore Objects { get; }

    public LiteDbProvenanceStore Provenance { get; }

    public static WorkflowSession Open(WorkflowSettings settings, MethodCatalog catalog)
    {
        if (!File.Exists(settings.File))
        {
            throw new UsageException($"workflow file '{settings.File}' does not exist.");
        }

        var workflow = WorkflowLoader.Load(Path.GetFullPath(settings.File), catalog, BindOptions.FromAssignments(settings.Set));
        var store = StoreLocation.Resolve(settings.Store);
        var objects = ObjectStore.Open(store);
        var lease = StoreLease.Shared(objects.Layout);
        try
        {
            return new WorkflowSession(workflow, objects, LiteDbProvenanceStore.Open(store), lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public RunRequest Request(WorkflowSettings settings)
        => new()
        {
            Force = settings.Force,
            Mirrors = [.. settings.Mirror.Select(Path.GetFullPath)],
        };

    public void Dispose()
    {
        try
        {
            Provenance.Dispose();
        }
        finally
        {
            _lease.Dispose();
        }
    }
}
