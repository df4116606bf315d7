using Spectre.Console.Cli;

namespace Kiseki.Cli.Infrastructure;

/// <summary>
/// A minimal registrar for Spectre.Console.Cli: registered instances and types (several per service, resolvable as
/// <c>IEnumerable&lt;T&gt;</c>) plus constructor injection for concrete types.
/// </summary>
internal sealed class TypeRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, List<Func<object>>> _factories = [];

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));

    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    public void RegisterLazy(Type service, Func<object> factory)
    {
        var lazy = new Lazy<object>(factory);
        Add(service, () => lazy.Value);
    }

    public ITypeResolver Build() => this;

    public object? Resolve(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        if (_factories.TryGetValue(type, out var factories))
        {
            return factories[^1]();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = _factories.TryGetValue(element, out var all) ? all.Select(f => f()).ToArray() : [];
            var array = Array.CreateInstance(element, items.Length);
            Array.Copy(items, array, items.Length);
            return array;
        }

        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private void Add(Type service, Func<object> factory)
    {
        if (!_factories.TryGetValue(service, out var list))
        {
            _factories[service] = list = [];
        }

        list.Add(factory);
    }

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null)
        {
            return Activator.CreateInstance(type)!;
        }

        var arguments = constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }
}
