namespace Kiseki.Engine.Definitions.Yaml;

/// <summary>Thrown inside the reader when a hard limit stops reading; never leaves the reader.</summary>
internal sealed class StopReadingException : Exception;
