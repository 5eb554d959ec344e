package dev.lanes.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Optional;

/**
 * The vector shapes every kernel of this package uses: the widest the JIT offers for each element type. They are
 * {@code static final} so that C2 treats them as constants; read from anything else, the Vector API falls off a
 * cliff (see {@code shared/notes/performance-facts.md}). This is the first class of the provider that names a
 * Vector API type, so it is only loaded once {@link VectorKernelsProvider} has found the module.
 */
final class PreferredSpecies {
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    /** Narrower vectors than this are emulated or too short to pay for the Vector API's overheads. */
    static final int MIN_BITS = 128;

    private PreferredSpecies() {
    }

    static Optional<String> unusableReason() {
        if (FLOATS.vectorBitSize() < MIN_BITS || DOUBLES.vectorBitSize() < MIN_BITS) {
            return Optional.of("the JIT offers no SIMD vectors of at least " + MIN_BITS + " bits here (the preferred shape is "
                    + FLOATS.vectorBitSize() + " bits; check -XX:MaxVectorSize, and -XX:UseAVX on x86)");
        }
        return Optional.empty();
    }

    /** For example "512-bit vectors: 16 float lanes, 8 double lanes". */
    static String describe() {
        return FLOATS.vectorBitSize() + "-bit vectors: " + FLOATS.length() + " float lanes, "
                + DOUBLES.length() + " double lanes";
    }
}
