namespace Kiseki.Abstractions.Methods;

/// <summary>
/// Marks the one type per method assembly by which the assembly's methods are registered
/// (<c>MethodCatalog.Create(b =&gt; b.AddModule&lt;SpectralMethods&gt;())</c>). A library of shared code has no module type
/// and declares no <see cref="MethodAttribute"/> methods.
/// </summary>
public interface IMethodModule;
