package dev.lanes.nn;

/**
 * A small, fast, seedable random generator (SplitMix64) whose whole state is one {@code long} (and the spare
 * value of the last pair of Gaussians), so it can be saved in a checkpoint and restored exactly
 * ({@link #saveState()}, {@link #restoreState(String)}). Everything random in Lanes nn (initialisation,
 * shuffling, dropout's masks) comes from one of these, so the same seed gives the same run on any machine and at
 * any kernel thread count.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian = Double.NaN;

    /**
     * A generator whose state starts at {@code seed}.
     *
     * @param seed any value; the same seed gives the same sequence everywhere
     */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * An independent generator for stream {@code index} of {@code seed} (e.g. one per epoch).
     *
     * @param seed the run's seed
     * @param index the stream's number
     * @return a new generator; different indices give unrelated sequences
     */
    public static SeededRandom stream(long seed, long index) {
        return new SeededRandom(streamSeed(seed, index));
    }

    /**
     * The starting state of {@link #stream stream(seed, index)}, for {@link #restart} (which allocates nothing).
     *
     * @param seed the run's seed
     * @param index the stream's number
     * @return the state {@code stream(seed, index)} starts from
     */
    public static long streamSeed(long seed, long index) {
        return mix(seed ^ mix(index + GOLDEN_GAMMA));
    }

    /**
     * Restarts this generator as {@code new SeededRandom(seed)} would start, without allocating (for per-batch
     * streams on a hot path).
     *
     * @param seed the new starting state
     */
    public void restart(long seed) {
        this.state = seed;
        this.spareGaussian = Double.NaN;
    }

    /**
     * The next 64 random bits.
     *
     * @return the next value, uniform over all {@code long}s
     */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Uniform in [0, 1), with 53 random bits.
     *
     * @return a multiple of 2⁻⁵³ in [0, 1)
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Uniform in [low, high).
     *
     * @param low the lower end, included
     * @param high the upper end, excluded
     * @return low + (high − low)·u for a uniform u in [0, 1)
     */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /**
     * Uniform in [0, bound), without modulo bias.
     *
     * @param bound the number of possible values, ≥ 1
     * @return each of 0 … bound − 1 with equal probability
     * @throws IllegalArgumentException if bound ≤ 0
     */
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

    /**
     * Standard normal, by the Marsaglia polar method (the second value of each pair is kept for the next call).
     *
     * @return a draw from N(0, 1)
     */
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

    /**
     * Shuffles {@code indices} in place (Fisher–Yates).
     *
     * @param indices the array to permute; every permutation is equally likely
     */
    public void shuffle(int[] indices) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
    }

    /**
     * The generator's whole state as text, for a checkpoint: {@link #restoreState} of it continues the sequence
     * exactly where this generator stands.
     *
     * @return the state, e.g. {@code "-7046029254386353131"} or, with a Gaussian kept for the next call,
     *         {@code "-7046029254386353131 0.4213…"}
     */
    public String saveState() {
        return Double.isNaN(spareGaussian) ? Long.toString(state) : state + " " + spareGaussian;
    }

    /**
     * A generator in the state {@link #saveState()} wrote.
     *
     * @param saved the text {@link #saveState()} returned
     * @return a new generator that continues that sequence
     * @throws IllegalArgumentException if the text is not such a state
     */
    public static SeededRandom restoreState(String saved) {
        String[] parts = saved == null ? new String[0] : saved.split(" ", -1);
        try {
            if (parts.length == 1 || parts.length == 2) {
                SeededRandom random = new SeededRandom(Long.parseLong(parts[0]));
                if (parts.length == 2) {
                    random.spareGaussian = Double.parseDouble(parts[1]);
                    if (!Double.isFinite(random.spareGaussian)) {
                        throw new NumberFormatException("the spare Gaussian " + parts[1] + " is not finite");
                    }
                }
                return random;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SeededRandom.restoreState: not a saved state: '" + saved + "' (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("SeededRandom.restoreState: not a saved state: '" + saved + "'");
    }
}
