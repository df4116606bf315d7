namespace Kiseki.Methods.Gaussian;

/// <summary>A GP computation that cannot proceed (singular kernel, bad data); the message says why.</summary>
public sealed class GaussianProcessException(string message) : Exception(message);
