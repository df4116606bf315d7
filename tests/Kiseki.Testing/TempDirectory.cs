namespace Kiseki.Testing;

/// <summary>A fresh temporary folder deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kiseki-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="array"/> as <paramref name="name"/> (a <c>.npy</c>) in this folder; returns its path.</summary>
    public string SaveNpy(Kiseki.Abstractions.Arrays.NdArray array, string name)
    {
        var path = Combine(name);
        using var stream = File.Create(path);
        Kiseki.Abstractions.Arrays.NpyFormat.Write(stream, array);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
