package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

/**
 * The non-GEMM agreement tests again, on code compiled by C2. In the interpreter and C1 the Vector API runs its
 * portable Java fallback (lane by lane, {@code Math.exp} for {@code EXP}, its own order for {@code reduceLanes});
 * only C2 turns it into SIMD instructions and intrinsics, which is what runs in production and may give other
 * bits. {@link OpsConformance} sweeps many sizes once each, too few calls (and too varied: a new shape can
 * deoptimise) to reach C2. Here each operation is checked on the same sizes, which end in a masked tail,
 * {@value #REPEATS} times over with fresh random data each time: every repetition is compared with the reference,
 * and the later ones run compiled code. This is best effort: C2 compiles in the background, so on a loaded machine
 * a method may only be compiled after its loop has ended. (While this was written, the vector provider used
 * {@code VectorOperators.EXP}, and its compiled sigmoid differed from {@code Math.exp}'s in about 0.4% of elements
 * where the fallback differed in none; it now uses its own exp, identical cold and compiled.) GEMM needs no such
 * loop: its agreement test makes thousands of calls whose inner loops run long.
 */
final class CompiledCodeConformance {

    /**
     * Calls per size. Tiered compilation hands a method to C2 after more than Tier4MinInvocationThreshold = 600
     * calls once calls plus loop back-edges pass Tier4CompileThreshold = 15000: with ~20 vector iterations per
     * call, after about 720 calls. Small arrays keep the slow, interpreted part of the loop short.
     */
    static final int REPEATS = 1000;

    /**
     * The operations whose results C2 may change: those using {@code EXP} (an intrinsic once compiled) or
     * {@code reduceLanes(ADD)} (whose order is unspecified and may differ between the fallback and compiled
     * code). The others are lane-wise IEEE operations (add, mul, max, compare, blend) whose compiled results are
     * the fallback's bit for bit, so repeating them here would cost time and check nothing new.
     */
    private static final List<Check> VALUE_CAN_CHANGE_WHEN_COMPILED = List.of(
            new Check("sigmoid", OpsConformance::sigmoid),
            new Check("softmax", OpsConformance::softmax),
            new Check("logSoftmax", OpsConformance::logSoftmax),
            new Check("softmaxCrossEntropy", OpsConformance::softmaxCrossEntropy),
            new Check("sumOfSquares", OpsConformance::sumOfSquares),
            new Check("halfSquaredError", OpsConformance::halfSquaredError),
            new Check("columnSums", OpsConformance::columnSums));

    private record Check(String name, Function<OpsConformance, Stream<DynamicTest>> tests) { }

    private final List<Kernels> providers;

    CompiledCodeConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    Stream<DynamicNode> tests() {
        int lanes = Math.max(Shapes.FLOAT_LANES, Shapes.DOUBLE_LANES);
        List<Integer> lengths = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            lengths.addAll(List.of(20 * lanes + 1, 20 * lanes - 1));
            shapes.add(new int[] {2, 10 * lanes + 3});
        }
        OpsConformance ops = new OpsConformance(providers, Collections.unmodifiableList(lengths), shapes);
        return VALUE_CAN_CHANGE_WHEN_COMPILED.stream().map(check -> dynamicContainer(check.name(), check.tests().apply(ops)));
    }
}
