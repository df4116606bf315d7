using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Statistics;

/// <summary>The module marker of this assembly: every <see cref="MethodAttribute"/> method in it is registered through this type.</summary>
public sealed class StatisticsMethods : IMethodModule
{
    private StatisticsMethods()
    {
    }
}
