namespace Kiseki.Reliability.Tests.Support;

/// <summary>Tests that start <c>kiseki</c> child processes run one at a time (the machine may have two cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "kiseki processes";
}
