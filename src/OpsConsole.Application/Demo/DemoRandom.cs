namespace OpsConsole.Demo;

/// <summary>
/// A small seedable generator (xoshiro256** seeded through SplitMix64). Its own algorithm rather than
/// <see cref="Random"/> so the stream of draws cannot change with a runtime update, and so every learner can
/// carry an independent stream derived from (seed, learner): adding a draw to one learner's story never shifts
/// another's. (The normal and log-normal draws go through the platform's Math.Log/Exp, which may differ in the
/// last bit between CPU architectures; same machine and runtime, same data.)
/// </summary>
internal sealed class DemoRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DemoRandom(int seed, long stream = 0)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL ^ 0x6A09E667F3BCC909UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            var z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            var result = RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextDouble() * maxExclusive);
    }

    /// <summary>Uniform in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An index drawn in proportion to the weights.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            total += weights[i];
        }
        var target = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }
        return weights.Count - 1;
    }

    /// <summary>An index drawn from a precomputed cumulative table (binary search: the hot path for item choice).</summary>
    public int PickCumulative(double[] cumulative)
    {
        var target = NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    public double Normal(double mean = 0, double standardDeviation = 1)
    {
        // Box–Muller; the second value is dropped to keep the stream simple to reason about.
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return mean + standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(Normal(0, sigma));

    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        // Knuth's method is exact and fast for the small daily means used here.
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }
        return k;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
