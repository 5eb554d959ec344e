package dev.lanes.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ways to widen 16-bit weights to float, the choice behind {@code VectorNarrowLinear}'s binary16 paths (issue 16:
 * binary16 ran at a fraction of bfloat16's rate). JDK 25's Vector API has no binary16 conversion, so a vector of
 * halves is widened either by bit arithmetic in registers or, outside the Vector API, by a plain loop of
 * {@link Float#float16ToFloat}, which C2 compiles to vcvtph2ps. Throughput is in weights widened per second
 * ({@code widen*}: into a float array) or multiplied into a dot product ({@code dot*}); bfloat16 (a shift) is the
 * yardstick. The candidate formulations live here, not in the kernels: only the winner is kept there.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class HalfWideningBenchmark {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    /** Floats per chunk of the buffered dot product: 4 KiB, a small part of L1. */
    private static final int CHUNK = 1024;

    /** Weights per call: one row of the 4096-wide layer (L1-resident) or a 784 × 256 layer (L2-resident). */
    @Param({"4096", "200704"})
    public int size;

    private short[] halves;
    private float[] x, out, chunk;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(16);
        halves = new short[size];
        x = new float[size];
        out = new float[size];
        chunk = new float[CHUNK];
        for (int i = 0; i < size; i++) {
            halves[i] = Float.floatToFloat16((float) (2 * r.nextDouble() - 1));
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
    }

    private static FloatVector bfloat16s(short[] w, int offset) {
        return ((IntVector) ShortVector.fromArray(SHORTS, w, offset).convertShape(VectorOperators.S2I, INTS, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** The formulation issue 16 measured: shift, multiply by 2¹¹², blend in the infinities and NaN, sign. */
    private static FloatVector float16sBlend(short[] w, int offset) {
        IntVector half = (IntVector) ShortVector.fromArray(SHORTS, w, offset).convertShape(VectorOperators.S2I, INTS, 0);
        IntVector magnitude = half.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7C00);
        IntVector bits = finite.blend(shifted.or(0x7F800000), special);
        return bits.or(half.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /** The same without a mask: (magnitude + 0x400) >>> 15 is 1 exactly for the infinities and NaN. */
    private static FloatVector float16sArithmetic(short[] w, int offset) {
        IntVector half = (IntVector) ShortVector.fromArray(SHORTS, w, offset).convertShape(VectorOperators.S2I, INTS, 0);
        IntVector magnitude = half.and(0x7FFF);
        IntVector finite = magnitude.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        IntVector special = magnitude.add(0x400).lanewise(VectorOperators.LSHR, 15).neg().and(0x7F800000);
        return finite.or(special).or(half.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    @Benchmark
    public float[] widenBFloat16Vector(SampleCounter counter) {
        counter.samples += size;
        for (int p = 0; p < size; p += LANES) {
            bfloat16s(halves, p).intoArray(out, p);
        }
        return out;
    }

    @Benchmark
    public float[] widenFloat16VectorBlend(SampleCounter counter) {
        counter.samples += size;
        for (int p = 0; p < size; p += LANES) {
            float16sBlend(halves, p).intoArray(out, p);
        }
        return out;
    }

    @Benchmark
    public float[] widenFloat16VectorArithmetic(SampleCounter counter) {
        counter.samples += size;
        for (int p = 0; p < size; p += LANES) {
            float16sArithmetic(halves, p).intoArray(out, p);
        }
        return out;
    }

    @Benchmark
    public float[] widenFloat16Loop(SampleCounter counter) {
        counter.samples += size;
        for (int p = 0; p < size; p++) {
            out[p] = Float.float16ToFloat(halves[p]);
        }
        return out;
    }

    @Benchmark
    public float dotBFloat16Vector(SampleCounter counter) {
        counter.samples += size;
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int p = 0; p < size; p += LANES) {
            acc = bfloat16s(halves, p).fma(FloatVector.fromArray(FLOATS, x, p), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public float dotFloat16VectorBlend(SampleCounter counter) {
        counter.samples += size;
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int p = 0; p < size; p += LANES) {
            acc = float16sBlend(halves, p).fma(FloatVector.fromArray(FLOATS, x, p), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public float dotFloat16VectorArithmetic(SampleCounter counter) {
        counter.samples += size;
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int p = 0; p < size; p += LANES) {
            acc = float16sArithmetic(halves, p).fma(FloatVector.fromArray(FLOATS, x, p), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** Widen a chunk with the loop into an L1 buffer, then multiply from there. */
    @Benchmark
    public float dotFloat16Buffered(SampleCounter counter) {
        counter.samples += size;
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int p0 = 0; p0 < size; p0 += CHUNK) {
            int n = Math.min(CHUNK, size - p0);
            for (int p = 0; p < n; p++) {
                chunk[p] = Float.float16ToFloat(halves[p0 + p]);
            }
            for (int p = 0; p < n; p += LANES) {
                acc = FloatVector.fromArray(FLOATS, chunk, p).fma(FloatVector.fromArray(FLOATS, x, p0 + p), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
