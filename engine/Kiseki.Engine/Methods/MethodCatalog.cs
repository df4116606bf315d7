using System.Reflection;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Engine.Methods;

/// <summary>
/// The methods this build offers, keyed by id and version. Registration is explicit at the composition root:
/// <c>MethodCatalog.Create(b => b.AddModule&lt;SpectralMethods&gt;())</c>.
/// </summary>
public sealed class MethodCatalog
{
    private readonly Dictionary<MethodRef, MethodDescriptor> _byRef;

    private MethodCatalog(IEnumerable<MethodDescriptor> methods)
    {
        _byRef = methods.ToDictionary(m => m.Reference);
        Methods = [.. _byRef.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ThenBy(m => m.Version)];
    }

    /// <summary>All methods, ordered by id then version.</summary>
    public IReadOnlyList<MethodDescriptor> Methods { get; }

    public static MethodCatalog Create(Action<Builder> configure)
    {
        var builder = new Builder();
        configure(builder);
        return new MethodCatalog(builder.Descriptors);
    }

    public bool TryGet(MethodRef reference, out MethodDescriptor descriptor)
        => _byRef.TryGetValue(reference, out descriptor!);

    /// <summary>Every version of <paramref name="id"/>, oldest first.</summary>
    public IReadOnlyList<MethodDescriptor> Versions(string id)
        => [.. Methods.Where(m => m.Id == id)];

    /// <summary>Collects method types for a catalog.</summary>
    public sealed class Builder
    {
        private readonly List<MethodDescriptor> _descriptors = [];
        private readonly HashSet<Type> _types = [];

        internal IReadOnlyList<MethodDescriptor> Descriptors => _descriptors;

        /// <summary>Adds every method of the module marked by <typeparamref name="TModule"/> (the assembly declaring it).</summary>
        public Builder AddModule<TModule>()
            where TModule : IMethodModule
            => AddMethodsFrom(typeof(TModule).Assembly);

        /// <summary>Adds every public sealed <see cref="IMethod"/> with <see cref="MethodAttribute"/> in the assembly of <typeparamref name="T"/>.</summary>
        public Builder AddMethodsFrom<T>() => AddMethodsFrom(typeof(T).Assembly);

        public Builder AddMethodsFrom(Assembly assembly)
        {
            foreach (var type in assembly.GetExportedTypes()
                         .Where(t => t.GetCustomAttribute<MethodAttribute>() is not null)
                         .OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                Add(type);
            }

            return this;
        }

        /// <summary>Adds one method type.</summary>
        public Builder Add(Type methodType)
        {
            if (!_types.Add(methodType))
            {
                return this;
            }

            var descriptor = MethodReflector.Describe(methodType);
            var clash = _descriptors.FirstOrDefault(d => d.Reference == descriptor.Reference);
            if (clash is not null)
            {
                throw new InvalidOperationException(
                    $"Method {descriptor.Reference} is declared by both {clash.MethodType} and {methodType}.");
            }

            _descriptors.Add(descriptor);
            return this;
        }
    }
}
