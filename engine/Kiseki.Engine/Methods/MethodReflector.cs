using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.CompilerServices;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Engine.Methods;

/// <summary>Reflects a method type into a <see cref="MethodDescriptor"/>, enforcing the method contract.</summary>
internal static class MethodReflector
{
    private static readonly MethodInfo InvokeTemplate =
        typeof(MethodReflector).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static MethodDescriptor Describe(Type methodType)
    {
        var attribute = methodType.GetCustomAttribute<MethodAttribute>()
                        ?? throw Contract(methodType, "lacks [Method(id, version)]");
        if (!methodType.IsSealed || methodType.IsAbstract)
        {
            throw Contract(methodType, "must be a sealed class");
        }

        if (!MethodRef.IsValidId(attribute.Id) || attribute.Version < 1)
        {
            throw Contract(methodType, $"has an invalid id or version '{attribute.Id}@{attribute.Version}'");
        }

        var contract = methodType.GetInterfaces()
                           .SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IMethod<,,>))
                       ?? throw Contract(methodType, "must implement IMethod<TParameters, TInputs, TOutputs> once");
        var arguments = contract.GetGenericArguments();
        var (parametersType, inputsType, outputsType) = (arguments[0], arguments[1], arguments[2]);
        foreach (var type in arguments)
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw Contract(methodType, $"{type.Name} needs a public parameterless constructor");
            }
        }

        var parameters = parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract")
            .Select(p => DescribeParameter(methodType, parametersType, p))
            .ToArray();
        var inputs = DescribePorts(methodType, inputsType);
        var outputs = DescribePorts(methodType, outputsType);
        var invoke = InvokeTemplate.MakeGenericMethod(parametersType, inputsType, outputsType);
        var instance = Activator.CreateInstance(methodType)
                       ?? throw Contract(methodType, "needs a public parameterless constructor");
        return new MethodDescriptor(
            attribute, methodType, parametersType, inputsType, outputsType, parameters, inputs, outputs,
            ImplementationDigests.Of(methodType),
            (i, p, c, t) => (ValueTask<MethodInvocation>)invoke.Invoke(null, [instance, i, p, c, t])!);
    }

    private static async ValueTask<MethodInvocation> InvokeTyped<TParameters, TInputs, TOutputs>(
        object method, object inputs, object parameters, MethodContext context, CancellationToken cancellationToken)
        where TParameters : class
        where TInputs : class
        where TOutputs : class
    {
        var typed = (IMethod<TParameters, TInputs, TOutputs>)method;
        var result = await typed.RunAsync((TInputs)inputs, (TParameters)parameters, context, cancellationToken)
            .ConfigureAwait(false);
        var outputs = new Dictionary<string, IArtifact>(StringComparer.Ordinal);
        foreach (var property in typeof(TOutputs).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name != "EqualityContract" && property.GetValue(result.Outputs) is IArtifact artifact)
            {
                outputs[Names.Of(property)] = artifact;
            }
        }

        return new MethodInvocation(outputs, result.Convergence, result.Metrics);
    }

    private static ParameterDescriptor DescribeParameter(Type methodType, Type recordType, PropertyInfo property)
    {
        var name = Names.Of(property);
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var nullability = new NullabilityInfoContext().Create(property);
        var isNullable = underlying is not null || (!type.IsValueType && nullability.WriteState == NullabilityState.Nullable);
        var core = underlying ?? type;
        ParameterKind kind;
        if (core == typeof(int))
        {
            kind = ParameterKind.Integer;
        }
        else if (core == typeof(long))
        {
            kind = ParameterKind.Long;
        }
        else if (core == typeof(double))
        {
            kind = ParameterKind.Number;
        }
        else if (core == typeof(bool))
        {
            kind = ParameterKind.Boolean;
        }
        else if (core == typeof(string))
        {
            kind = ParameterKind.Text;
        }
        else if (core.IsEnum)
        {
            kind = ParameterKind.Choice;
        }
        else if (core == typeof(int[]))
        {
            kind = ParameterKind.IntegerList;
        }
        else if (core == typeof(double[]))
        {
            kind = ParameterKind.NumberList;
        }
        else if (core == typeof(double[][]))
        {
            kind = ParameterKind.NumberMatrix;
        }
        else if (core == typeof(string[]))
        {
            kind = ParameterKind.TextList;
        }
        else
        {
            throw Contract(methodType, $"parameter '{property.Name}' has unsupported type {type.Name}");
        }

        var setter = property.SetMethod;
        var initOnly = setter is not null && setter.ReturnParameter.GetRequiredCustomModifiers()
            .Contains(typeof(IsExternalInit));
        if (!initOnly)
        {
            throw Contract(methodType, $"parameter '{property.Name}' must have an init-only setter");
        }

        var required = property.GetCustomAttribute<RequiredMemberAttribute>() is not null;
        var defaults = Activator.CreateInstance(recordType)!;
        var range = property.GetCustomAttribute<RangeAttribute>();
        var omitted = property.GetCustomAttribute<OmittedAtDefaultAttribute>() is not null;
        if (omitted && (required || isNullable))
        {
            throw Contract(methodType, $"parameter '{property.Name}' is omitted at its default, so it needs one (not required, not nullable)");
        }

        var choices = kind == ParameterKind.Choice
            ? Enum.GetValues(core).Cast<Enum>().Select(Names.OfChoice).ToArray()
            : [];
        return new ParameterDescriptor(
            name, property, kind, required, isNullable, required ? null : property.GetValue(defaults),
            property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "",
            range is null ? null : Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture),
            range is null ? null : Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture),
            choices, omitted);
    }

    private static PortDescriptor[] DescribePorts(Type methodType, Type recordType)
        => [.. recordType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract")
            .Select(p =>
            {
                var type = p.PropertyType;
                if (!typeof(IArtifact).IsAssignableFrom(type))
                {
                    throw Contract(methodType, $"port '{p.Name}' of {recordType.Name} is not an artifact type");
                }

                var optional = new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
                return new PortDescriptor(
                    Names.Of(p), p, type, ArtifactKinds.Of(type), optional,
                    p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "");
            })];

    private static InvalidOperationException Contract(Type type, string problem)
        => new($"Method type {type.FullName} {problem}.");
}
