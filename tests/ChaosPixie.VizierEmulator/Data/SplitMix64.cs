namespace ChaosPixie.VizierEmulator.Data;

/// <summary>
/// A tiny seeded generator with a fixed algorithm (SplitMix64), so a scenario's generated rows are the same on every
/// runtime and machine; System.Random promises no such thing across versions.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public int NextIndex(int length) => (int)(Next() % (ulong)length);
}
