namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// An array left in a file instead of memory (out of core): its element type and C-order shape, a way to open it by
/// rows (<see cref="RowFile"/>, positioned reads of a block of rows at a time) and a way to load it whole when a
/// consumer needs every value at once. Both give the same values.
/// </summary>
public sealed class ArrayFile
{
    private readonly Func<RowFile> _open;
    private readonly Func<NdArray> _load;
    private readonly int[] _shape;

    /// <summary>
    /// An array of <paramref name="type"/> and <paramref name="shape"/> (last axis the row length) that
    /// <paramref name="openRows"/> opens by rows and <paramref name="load"/> reads whole.
    /// </summary>
    public ArrayFile(string path, DType type, int[] shape, Func<RowFile> openRows, Func<NdArray> load)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(openRows);
        ArgumentNullException.ThrowIfNull(load);
        Path = path;
        DType = type;
        _shape = (int[])shape.Clone();
        Length = NdArray.ElementCount(_shape);
        _open = openRows;
        _load = load;
    }

    /// <summary>The file holding the values (for messages).</summary>
    public string Path { get; }

    /// <summary>Element type as the whole array would hold it.</summary>
    public DType DType { get; }

    /// <summary>Shape in C order.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Bytes the whole array takes in memory.</summary>
    public long ByteLength => Length * DTypes.SizeOf(DType);

    /// <summary>Opens the file for reading by rows; the caller disposes the result.</summary>
    public RowFile OpenRows()
    {
        var rows = _open();
        if (rows.Rows * (long)rows.Columns != Length || rows.Columns != (_shape.Length == 0 ? 1 : _shape[^1]))
        {
            rows.Dispose();
            throw new InvalidDataException($"{Path}: holds {rows.Rows} rows of {rows.Columns} values, expected shape ({string.Join(", ", _shape)}).");
        }

        return rows;
    }

    /// <summary>Reads every value into memory (a new array with <see cref="Shape"/>).</summary>
    public NdArray Load()
    {
        var array = _load();
        if (array.DType != DType || !array.Shape.SequenceEqual(_shape))
        {
            throw new InvalidDataException(
                $"{Path}: loaded {array} where {DTypes.Name(DType)} ({string.Join(", ", _shape)}) was expected.");
        }

        return array;
    }
}
