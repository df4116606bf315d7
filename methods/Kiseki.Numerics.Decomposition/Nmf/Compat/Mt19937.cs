namespace Kiseki.Methods.Spectral.Nmf.Compat;

/// <summary>
/// The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998) as NumPy's legacy <c>RandomState</c> drives it:
/// <c>np.random.seed(int)</c> is <c>init_genrand</c>, <c>rand()</c> takes 53 bits from two 32-bit words, and
/// <c>randint</c>/<c>choice</c> with replacement use masked rejection. Used only by the malspy-compatible mode.
/// Not thread-safe.
/// </summary>
public sealed class Mt19937
{
    private const int StateSize = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[StateSize];
    private int _position;

    /// <summary>A generator seeded as <c>np.random.seed(seed)</c> seeds NumPy's global legacy state.</summary>
    public Mt19937(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateSize; i++)
        {
            var previous = _state[i - 1];
            _state[i] = unchecked((1812433253U * (previous ^ (previous >> 30))) + (uint)i);
        }

        _position = StateSize;
    }

    /// <summary>A generator seeded with <c>init_by_array</c> (NumPy's seeding from an array of 32-bit words).</summary>
    public static Mt19937 FromArray(ReadOnlySpan<uint> key)
    {
        var generator = new Mt19937(19650218U);
        var mt = generator._state;
        int i = 1, j = 0;
        var k = Math.Max(StateSize, key.Length);
        for (; k > 0; k--)
        {
            var previous = mt[i - 1];
            mt[i] = unchecked((mt[i] ^ ((previous ^ (previous >> 30)) * 1664525U)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= StateSize)
            {
                mt[0] = mt[StateSize - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (k = StateSize - 1; k > 0; k--)
        {
            var previous = mt[i - 1];
            mt[i] = unchecked((mt[i] ^ ((previous ^ (previous >> 30)) * 1566083941U)) - (uint)i);
            i++;
            if (i >= StateSize)
            {
                mt[0] = mt[StateSize - 1];
                i = 1;
            }
        }

        mt[0] = 0x80000000U;
        generator._position = StateSize;
        return generator;
    }

    /// <summary>The next tempered 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position >= StateSize)
        {
            Regenerate();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A uniform double in [0, 1) as NumPy's <c>random_sample</c>/<c>rand</c>: (a·2²⁶ + b)/2⁵³.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="n"/>) as legacy <c>randint(0, n)</c> and <c>choice(n)</c> with
    /// replacement: draw 32-bit words masked to the smallest all-ones mask covering n − 1 until one is ≤ n − 1.
    /// </summary>
    public int NextIndex(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var range = (uint)(n - 1);
        if (range == 0)
        {
            return 0;
        }

        var mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        do
        {
            value = NextUInt32() & mask;
        }
        while (value > range);
        return (int)value;
    }

    /// <summary><c>np.random.choice(n, count)</c> (with replacement, uniform).</summary>
    public int[] Choice(int n, int count)
    {
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = NextIndex(n);
        }

        return result;
    }

    private void Regenerate()
    {
        var mt = _state;
        int kk;
        uint y;
        for (kk = 0; kk < StateSize - Shift; kk++)
        {
            y = (mt[kk] & UpperMask) | (mt[kk + 1] & LowerMask);
            mt[kk] = mt[kk + Shift] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
        }

        for (; kk < StateSize - 1; kk++)
        {
            y = (mt[kk] & UpperMask) | (mt[kk + 1] & LowerMask);
            mt[kk] = mt[kk + (Shift - StateSize)] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
        }

        y = (mt[StateSize - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateSize - 1] = mt[Shift - 1] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
        _position = 0;
    }
}
