package dev.lanes.nn;

/**
 * A small, fast, seedable random generator (SplitMix64) whose whole state is one {@code long}, so it can be
 * saved in a checkpoint and restored exactly. Everything random in Lanes nn (initialisation, shuffling) comes
 * from one of these, so the same seed gives the same run on any machine and at any kernel thread count.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian = Double.NaN;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** An independent generator for stream {@code index} of {@code seed} (e.g. one per epoch). */
    public static SeededRandom stream(long seed, long index) {
        return new SeededRandom(mix(seed ^ mix(index + GOLDEN_GAMMA)));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Uniform in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal, by the Marsaglia polar method (the second value of each pair is kept for the next call). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        return u * f;
    }

    /** Shuffles {@code indices} in place (Fisher–Yates). */
    public void shuffle(int[] indices) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
    }
}
