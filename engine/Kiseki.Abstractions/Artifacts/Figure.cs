namespace Kiseki.Abstractions.Artifacts;

/// <summary>A rendered figure: PNG bytes.</summary>
public sealed class Figure : IArtifact
{
    public Figure(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P' || png[2] != (byte)'N' || png[3] != (byte)'G')
        {
            throw new ArgumentException("A figure holds PNG bytes.", nameof(png));
        }

        Png = png;
    }

    public string Kind => ArtifactKind.Figure;

    public byte[] Png { get; }
}
