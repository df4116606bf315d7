using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Reads and binds a workflow file in one call: the entry point for callers of the front end.</summary>
public static class WorkflowLoader
{
    /// <summary>Reads and binds <paramref name="path"/>; throws <see cref="WorkflowException"/> with every problem found.</summary>
    public static WorkflowDefinition Load(string path, MethodCatalog catalog, IReadOnlyDictionary<string, string>? overrides = null)
        => Load(path, catalog, new BindOptions { Overrides = overrides ?? new Dictionary<string, string>() });

    /// <summary>Reads and binds <paramref name="path"/> with the given options.</summary>
    public static WorkflowDefinition Load(string path, MethodCatalog catalog, BindOptions options)
        => new DefinitionBinder(catalog).Bind(YamlWorkflowReader.Read(path), options);

    /// <summary>Binds workflow text (tests, generated workflows); relative input paths resolve against <paramref name="fileName"/>'s folder.</summary>
    public static WorkflowDefinition LoadText(string text, string fileName, MethodCatalog catalog, BindOptions? options = null)
        => new DefinitionBinder(catalog).Bind(YamlWorkflowReader.Parse(text, fileName), options ?? BindOptions.Default);
}
