using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// Binds a read <see cref="WorkflowDocument"/> against a <see cref="MethodCatalog"/> into a validated
/// <see cref="WorkflowDefinition"/>: typed parameters, resolved references, expanded matrices, a deterministic
/// topological order. Collects every problem and throws one <see cref="WorkflowException"/> carrying all of them.
/// </summary>
public sealed class DefinitionBinder(MethodCatalog catalog)
{
    /// <summary>Most instances one declared step may expand to.</summary>
    public const int MaxInstancesPerStep = 10_000;

    /// <summary>Binds the document; throws <see cref="WorkflowException"/> with every diagnostic when it is invalid.</summary>
    public WorkflowDefinition Bind(WorkflowDocument document, BindOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new WorkflowBinding(catalog, document, options ?? BindOptions.Default).Bind();
    }
}
