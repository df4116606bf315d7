using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Gaussian;

/// <summary>The module marker of this assembly: every <see cref="MethodAttribute"/> method in it is registered through this type.</summary>
public sealed class GaussianMethods : IMethodModule
{
    private GaussianMethods()
    {
    }
}
