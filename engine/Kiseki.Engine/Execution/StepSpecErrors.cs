namespace Kiseki.Engine.Execution;

/// <summary>Why a step spec or result file (<c>exec-step</c>) cannot be read: not JSON, a key missing, an unknown method.</summary>
public static class StepSpecErrors
{
    /// <summary>The spec names a method this build does not have.</summary>
    public static InvalidDataException UnknownMethod(string specPath, string method) => new($"{specPath}: unknown method '{method}'.");

    /// <summary>The file is not a JSON object.</summary>
    public static InvalidDataException NotAnObject(string specPath) => new($"{specPath}: not a JSON object.");

    /// <summary>A required key is missing.</summary>
    public static InvalidDataException Missing(string specPath, string name) => new($"{specPath}: missing \"{name}\".");
}
