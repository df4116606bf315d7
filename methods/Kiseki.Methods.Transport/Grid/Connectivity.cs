namespace Kiseki.Methods.Transport.Grid;

/// <summary>Which neighbours of a grid point are joined by an edge.</summary>
public enum Connectivity
{
    /// <summary>Face neighbours: 4 in 2-D, 6 in 3-D (one step along one axis).</summary>
    Face,

    /// <summary>All neighbours: 8 in 2-D, 26 in 3-D (one step along any subset of axes).</summary>
    Full,
}

/// <summary>Lattice direction along which a path must wind (a translation with a non-zero component on that axis).</summary>
public enum PathDirection
{
    /// <summary>Any non-zero lattice translation.</summary>
    Any,

    /// <summary>A translation with a non-zero component along the first axis (a).</summary>
    A,

    /// <summary>A translation with a non-zero component along the second axis (b).</summary>
    B,

    /// <summary>A translation with a non-zero component along the third axis (c, 3-D grids only).</summary>
    C,
}
