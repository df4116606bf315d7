using System.Reflection;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Engine.Methods;

/// <summary>What the engine knows about a method module, reflected once at catalog creation.</summary>
public sealed class MethodDescriptor
{
    private readonly Func<object, object, MethodContext, CancellationToken, ValueTask<MethodInvocation>> _invoke;

    internal MethodDescriptor(
        MethodAttribute attribute, Type methodType, Type parametersType, Type inputsType, Type outputsType,
        IReadOnlyList<ParameterDescriptor> parameters, IReadOnlyList<PortDescriptor> inputs,
        IReadOnlyList<PortDescriptor> outputs, string implementationDigest,
        Func<object, object, MethodContext, CancellationToken, ValueTask<MethodInvocation>> invoke)
    {
        Attribute = attribute;
        Reference = new MethodRef(attribute.Id, attribute.Version);
        MethodType = methodType;
        ParametersType = parametersType;
        InputsType = inputsType;
        OutputsType = outputsType;
        Parameters = parameters;
        Inputs = inputs;
        Outputs = outputs;
        ImplementationDigest = implementationDigest;
        _invoke = invoke;
    }

    public MethodRef Reference { get; }

    public string Id => Reference.Id;

    public int Version => Reference.Version;

    public MethodAttribute Attribute { get; }

    public string Summary => Attribute.Summary;

    public string Remarks => Attribute.Remarks;

    public Type MethodType { get; }

    public Type ParametersType { get; }

    public Type InputsType { get; }

    public Type OutputsType { get; }

    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    public IReadOnlyList<PortDescriptor> Inputs { get; }

    public IReadOnlyList<PortDescriptor> Outputs { get; }

    /// <summary>Digest of the type and of every Kiseki assembly its code can reach (<see cref="ImplementationDigests"/>): recorded, not keyed.</summary>
    public string ImplementationDigest { get; }

    /// <summary>The output ports that form factor sets without fixed component order or sign (<see cref="FactorSetAttribute"/>).</summary>
    public IReadOnlyList<FactorSetAttribute> FactorSets => [.. MethodType.GetCustomAttributes<FactorSetAttribute>(inherit: false)];

    public ParameterDescriptor? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    public PortDescriptor? FindInput(string name) => Inputs.FirstOrDefault(p => p.Name == name);

    public PortDescriptor? FindOutput(string name) => Outputs.FirstOrDefault(p => p.Name == name);

    /// <summary>A parameter record with defaults and the given values (already converted to the property types).</summary>
    public object CreateParameters(IReadOnlyDictionary<string, object?> values)
    {
        var record = Activator.CreateInstance(ParametersType)
                     ?? throw new InvalidOperationException($"Cannot create {ParametersType}.");
        foreach (var (name, value) in values)
        {
            var parameter = FindParameter(name)
                            ?? throw new ArgumentException($"{Reference} has no parameter '{name}'.", nameof(values));
            parameter.Property.SetValue(record, value);
        }

        return record;
    }

    /// <summary>The canonical JSON of a bound parameter record: every parameter with its value, defaults applied
    /// (except a parameter <see cref="ParameterDescriptor.OmittedAtDefault"/> that holds its default).</summary>
    public JsonObject CanonicalParameters(object parameters)
    {
        var result = new JsonObject();
        foreach (var parameter in Parameters)
        {
            var value = parameter.GetValue(parameters);
            if (parameter.OmittedAtDefault && Equals(value, parameter.DefaultValue))
            {
                continue;
            }

            result[parameter.Name] = ParameterValues.ToJson(parameter, value);
        }

        return result;
    }

    /// <summary>Runs the method with named input artifacts; missing optional ports are null.</summary>
    public ValueTask<MethodInvocation> InvokeAsync(
        IReadOnlyDictionary<string, IArtifact?> inputs, object parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        var record = Activator.CreateInstance(InputsType)
                     ?? throw new InvalidOperationException($"Cannot create {InputsType}.");
        foreach (var port in Inputs)
        {
            inputs.TryGetValue(port.Name, out var artifact);
            if (artifact is null && !port.IsOptional)
            {
                throw new ArgumentException($"{Reference}: required input '{port.Name}' is missing.", nameof(inputs));
            }

            if (artifact is not null && !port.ArtifactType.IsInstanceOfType(artifact))
            {
                throw new ArgumentException(
                    $"{Reference}: input '{port.Name}' expects {port.ArtifactKind}, got {artifact.Kind}.", nameof(inputs));
            }

            port.Property.SetValue(record, artifact);
        }

        return _invoke(record, parameters, context, cancellationToken);
    }

    public override string ToString() => Reference.ToString();
}

/// <summary>The outcome of one method invocation: named outputs plus diagnostics.</summary>
public sealed record MethodInvocation(
    IReadOnlyDictionary<string, IArtifact> Outputs,
    Convergence Convergence,
    IReadOnlyDictionary<string, double> Metrics);
