using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Provenance.LiteDb;

namespace Kiseki.Cli.Commands;

/// <summary>A loaded workflow with its open stores: what <c>run</c> and <c>plan</c> share.</summary>
internal sealed class WorkflowSession : IDisposable
{
    private WorkflowSession(WorkflowDefinition workflow, ObjectStore objects, LiteDbProvenanceStore provenance)
    {
        Workflow = workflow;
        Objects = objects;
        Provenance = provenance;
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
        return new WorkflowSession(workflow, objects, LiteDbProvenanceStore.Open(store));
    }

    public RunRequest Request(WorkflowSettings settings)
        => new()
        {
            Force = settings.Force,
            Mirrors = [.. settings.Mirror.Select(Path.GetFullPath)],
        };

    public void Dispose() => Provenance.Dispose();
}
