namespace Kiseki.Cli.Infrastructure;

/// <summary>A command was used wrongly (bad argument value); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
