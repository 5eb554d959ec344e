package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.RegressionLoss;
import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.DynamicNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input, against {@link Kernels#get()} and every provider, in float and double: a null array gets a
 * NullPointerException, anything else an IllegalArgumentException, whose message names the operation, the
 * argument and the shape, thrown before anything is written. Every array of the call (outputs and inputs)
 * holds a sentinel pattern that must be intact after the exception.
 *
 * <p>Systematic cases come from a table of valid calls: each array made null, each dimension made negative, each
 * array made one element too short. Specific cases follow: leading dimensions, offsets, int overflow of
 * rows·cols, overlapping GEMM operands, labels, an empty cross-entropy batch, Adam's hyper-parameters, aliasing
 * the contract forbids.
 */
final class ArgumentConformance {

    private final List<Kernels> providers;

    /** The checks, run on {@code providers}. */
    ArgumentConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("badInputIsRejectedBeforeAnythingIsWritten", badInputIsRejectedBeforeAnythingIsWritten()),
                dynamicContainer("theValidCallsPass", theValidCallsPass()));
    }

    /** A valid call of {@code operation}: parameter names, and arguments (fresh arrays each time) for a precision. */
    record ValidCall(String operation, List<String> names, Function<Precision, Object[]> arguments, Set<String> nullable) {
        Object[] args(Precision p) {
            return arguments.apply(p);
        }
    }

    /** A bad call and what its exception must say. */
    record BadCall(String description, Class<? extends RuntimeException> expected, String operation,
                   Object[] args, List<String> mentions) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** An array of n elements holding a sentinel pattern (distinct values, so a shifted write shows). */
    static Object sentinel(Precision p, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.25 + i % 97 - 48;
        }
        return p.array(x);
    }

    static int[] labels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }

    // m = 3, n = 4, k = 5 for GEMM; rows = 3, cols = 4 and n = 6 elsewhere.
    static final List<ValidCall> VALID = List.of(
            new ValidCall("gemm", List.of("transA", "transB", "m", "n", "k", "alpha", "a", "aOffset", "lda", "b", "bOffset",
                    "ldb", "beta", "c", "cOffset", "ldc", "bias", "activation"),
                    p -> new Object[] {Transpose.NONE, Transpose.NONE, 3, 4, 5, 1.0, sentinel(p, 15), 0, 5, sentinel(p, 20), 0, 4,
                            0.5, sentinel(p, 12), 0, 4, sentinel(p, 4), Activation.RELU}, Set.of("bias")),
            new ValidCall("addBias", List.of("rows", "cols", "x", "bias", "out"),
                    p -> new Object[] {3, 4, sentinel(p, 12), sentinel(p, 4), sentinel(p, 12)}, Set.of()),
            new ValidCall("columnSums", List.of("rows", "cols", "x", "beta", "out"),
                    p -> new Object[] {3, 4, sentinel(p, 12), 1.0, sentinel(p, 4)}, Set.of()),
            new ValidCall("relu", List.of("n", "x", "out"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("reluMask", List.of("n", "x", "mask"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("reluBackward", List.of("n", "x", "dy", "dx"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("sigmoid", List.of("n", "x", "out"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("sigmoidBackward", List.of("n", "y", "dy", "dx"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("tanh", List.of("n", "x", "out"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("gelu", List.of("n", "x", "out"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("geluTanh", List.of("n", "x", "out"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("silu", List.of("n", "x", "out"), p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("tanhBackward", List.of("n", "y", "dy", "dx"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("geluBackward", List.of("n", "x", "dy", "dx"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("geluTanhBackward", List.of("n", "x", "dy", "dx"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("siluBackward", List.of("n", "x", "dy", "dx"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("leakyRelu", List.of("n", "slope", "x", "out"), p -> new Object[] {6, 0.01, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("leakyReluBackward", List.of("n", "slope", "x", "dy", "dx"),
                    p -> new Object[] {6, 0.01, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("elu", List.of("n", "alpha", "x", "out"), p -> new Object[] {6, 1.0, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("eluBackward", List.of("n", "alpha", "x", "dy", "dx"),
                    p -> new Object[] {6, 1.0, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("softplus", List.of("n", "beta", "threshold", "x", "out"),
                    p -> new Object[] {6, 1.0, 20.0, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("softplusBackward", List.of("n", "beta", "threshold", "x", "dy", "dx"),
                    p -> new Object[] {6, 1.0, 20.0, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("softmaxBackward", List.of("rows", "cols", "y", "dy", "dx"),
                    p -> new Object[] {3, 4, sentinel(p, 12), sentinel(p, 12), sentinel(p, 12)}, Set.of()),
            new ValidCall("logSoftmaxBackward", List.of("rows", "cols", "y", "dy", "dx"),
                    p -> new Object[] {3, 4, sentinel(p, 12), sentinel(p, 12), sentinel(p, 12)}, Set.of()),
            new ValidCall("softmax", List.of("rows", "cols", "x", "out"),
                    p -> new Object[] {3, 4, sentinel(p, 12), sentinel(p, 12)}, Set.of()),
            new ValidCall("logSoftmax", List.of("rows", "cols", "x", "out"),
                    p -> new Object[] {3, 4, sentinel(p, 12), sentinel(p, 12)}, Set.of()),
            new ValidCall("softmaxCrossEntropy", List.of("rows", "cols", "logits", "labels", "gradient"),
                    p -> new Object[] {3, 4, sentinel(p, 12), labels(3, 4), sentinel(p, 12)}, Set.of("gradient")),
            new ValidCall("crossEntropy", List.of("rows", "cols", "logits", "labels", "classWeights", "labelSmoothing", "gradient"),
                    p -> new Object[] {3, 4, sentinel(p, 12), labels(3, 4), p.array(new double[] {1, 0.5, 2, 0}), 0.1,
                            sentinel(p, 12)}, Set.of("classWeights", "gradient")),
            new ValidCall("binaryCrossEntropyWithLogits", List.of("rows", "cols", "logits", "targets", "posWeight", "gradient"),
                    p -> new Object[] {3, 4, sentinel(p, 12), p.array(new double[12]), p.array(new double[] {1, 0.5, 2, 0}),
                            sentinel(p, 12)}, Set.of("posWeight", "gradient")),
            new ValidCall("halfSquaredError", List.of("n", "prediction", "target", "gradient"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of("gradient")),
            new ValidCall("regressionLoss", List.of("kind", "parameter", "n", "prediction", "target", "gradient"),
                    p -> new Object[] {RegressionLoss.HUBER, 0.5, 6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6)}, Set.of("gradient")),
            new ValidCall("axpy", List.of("n", "alpha", "x", "y"), p -> new Object[] {6, 2.0, sentinel(p, 6), sentinel(p, 6)}, Set.of()),
            new ValidCall("scale", List.of("n", "alpha", "x"), p -> new Object[] {6, 2.0, sentinel(p, 6)}, Set.of()),
            new ValidCall("sumOfSquares", List.of("n", "x"), p -> new Object[] {6, sentinel(p, 6)}, Set.of()),
            new ValidCall("argmaxRows", List.of("rows", "cols", "x", "out"),
                    p -> new Object[] {3, 4, sentinel(p, 12), new int[] {-7, -7, -7}}, Set.of()),
            new ValidCall("adamStep", List.of("n", "param", "grad", "m", "v", "learningRate", "beta1", "beta2", "epsilon", "step"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), 1e-3, 0.9, 0.999, 1e-8, 1},
                    Set.of()),
            new ValidCall("adamwStep", List.of("n", "param", "grad", "m", "v", "learningRate", "beta1", "beta2", "epsilon",
                    "weightDecay", "step"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), 1e-3, 0.9, 0.999, 1e-8, 0.01, 1},
                    Set.of()),
            new ValidCall("sgdMomentumStep", List.of("n", "param", "grad", "buffer", "learningRate", "momentum", "nesterov"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), 0.1, 0.9, true}, Set.of()),
            new ValidCall("rmspropStep", List.of("n", "param", "grad", "squareAvg", "gradAvg", "buffer", "learningRate", "alpha",
                    "epsilon", "momentum"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), 0.01, 0.99,
                            1e-8, 0.9}, Set.of("gradAvg")),
            new ValidCall("adagradStep", List.of("n", "param", "grad", "sum", "learningRate", "epsilon"),
                    p -> new Object[] {6, sentinel(p, 6), sentinel(p, 6), sentinel(p, 6), 0.01, 1e-10}, Set.of()),
            new ValidCall("clipByValue", List.of("n", "x", "limit"), p -> new Object[] {6, sentinel(p, 6), 1.0}, Set.of()));

    static final Set<String> DIMENSIONS = Set.of("m", "n", "k", "rows", "cols");

    static ValidCall valid(String operation) {
        return VALID.stream().filter(v -> v.operation.equals(operation)).findFirst().orElseThrow();
    }

    static Object[] with(Object[] args, ValidCall call, String name, Object value) {
        Object[] copy = args.clone();
        copy[call.names.indexOf(name)] = value;
        return copy;
    }

    static Object shorter(Object array) {
        if (array instanceof int[] i) {
            return Arrays.copyOf(i, i.length - 1);
        }
        return array instanceof double[] d ? Arrays.copyOf(d, d.length - 1) : Arrays.copyOf((float[]) array, ((float[]) array).length - 1);
    }

    static BadCall bad(String description, Class<? extends RuntimeException> expected, String operation, Object[] args, String... mentions) {
        return new BadCall(operation + ": " + description, expected, operation, args, List.of(mentions));
    }

    static List<BadCall> badCalls(Precision p) {
        List<BadCall> bad = new ArrayList<>();
        // ---- systematic: null, negative, too short ----
        for (ValidCall call : VALID) {
            Object[] args = call.args(p);
            for (int i = 0; i < call.names.size(); i++) {
                String name = call.names.get(i);
                Object arg = args[i];
                boolean array = arg != null && arg.getClass().isArray();
                if (array && !call.nullable.contains(name)) {
                    bad.add(bad(name + " is null", NullPointerException.class, call.operation, with(args, call, name, null), call.operation, name));
                }
                if (array) {
                    bad.add(bad(name + " one element too short", IllegalArgumentException.class, call.operation,
                            with(call.args(p), call, name, shorter(arg)), call.operation, name,
                            String.valueOf(java.lang.reflect.Array.getLength(arg) - 1)));
                }
                if (DIMENSIONS.contains(name) && arg instanceof Integer) {
                    bad.add(bad(name + " negative", IllegalArgumentException.class, call.operation,
                            with(call.args(p), call, name, -1), call.operation, name, "-1"));
                }
            }
        }
        // ---- GEMM layout ----
        ValidCall gemm = valid("gemm");
        bad.add(bad("lda smaller than a row of A (k = 5)", IllegalArgumentException.class, "gemm",
                with(gemm.args(p), gemm, "lda", 4), "gemm", "a", "3x5", "4"));
        bad.add(bad("ldb smaller than a row of B (n = 4)", IllegalArgumentException.class, "gemm",
                with(gemm.args(p), gemm, "ldb", 3), "gemm", "b", "5x4", "3"));
        bad.add(bad("ldc smaller than a row of C (n = 4)", IllegalArgumentException.class, "gemm",
                with(gemm.args(p), gemm, "ldc", 3), "gemm", "c", "3x4", "3"));
        Object[] transposedA = with(gemm.args(p), gemm, "transA", Transpose.TRANSPOSE);
        bad.add(bad("lda smaller than a row of stored A^T (m = 3)", IllegalArgumentException.class, "gemm",
                with(transposedA, gemm, "lda", 2), "gemm", "a", "5x3", "2"));
        bad.add(bad("negative aOffset", IllegalArgumentException.class, "gemm",
                with(gemm.args(p), gemm, "aOffset", -1), "gemm", "a", "offset", "-1"));
        bad.add(bad("bOffset beyond the array", IllegalArgumentException.class, "gemm",
                with(gemm.args(p), gemm, "bOffset", 21), "gemm", "b", "offset", "21"));
        bad.add(bad("cOffset leaving too little room", IllegalArgumentException.class, "gemm",
                with(gemm.args(p), gemm, "cOffset", 1), "gemm", "c", "3x4", "offset 1"));
        bad.add(bad("aOffset + rows·lda overflowing int", IllegalArgumentException.class, "gemm",
                with(with(gemm.args(p), gemm, "aOffset", 10), gemm, "lda", Integer.MAX_VALUE), "gemm", "a", "3x5"));
        bad.add(bad("null transA", NullPointerException.class, "gemm", with(gemm.args(p), gemm, "transA", null), "gemm", "transA"));
        bad.add(bad("null activation", NullPointerException.class, "gemm", with(gemm.args(p), gemm, "activation", null), "gemm", "activation"));
        // m·n = 4.9e9 overflows int: must be reported as too short, not wrap around.
        Object[] huge = gemm.args(p);
        huge = with(huge, gemm, "m", 70000);
        huge = with(huge, gemm, "n", 70000);
        huge = with(huge, gemm, "k", 1);
        huge = with(huge, gemm, "a", sentinel(p, 70000));
        huge = with(huge, gemm, "lda", 1);
        huge = with(huge, gemm, "b", sentinel(p, 70000));
        huge = with(huge, gemm, "ldb", 70000);
        huge = with(huge, gemm, "ldc", 70000);
        huge = with(huge, gemm, "bias", sentinel(p, 70000));
        bad.add(bad("m = n = 70000 with a 12-element C", IllegalArgumentException.class, "gemm", huge, "gemm", "c", "70000x70000"));
        // Overlap: C inside A's span in the same array.
        Object shared = sentinel(p, 40);
        Object[] overlap = with(with(gemm.args(p), gemm, "a", shared), gemm, "c", shared);
        overlap = with(overlap, gemm, "cOffset", 14);
        bad.add(bad("C overlapping A in the same array", IllegalArgumentException.class, "gemm", overlap, "gemm", "c", "a", "overlaps"));
        Object sharedB = sentinel(p, 40);
        Object[] overlapB = with(with(gemm.args(p), gemm, "b", sharedB), gemm, "c", sharedB);
        overlapB = with(overlapB, gemm, "cOffset", 19);
        bad.add(bad("C overlapping B in the same array", IllegalArgumentException.class, "gemm", overlapB, "gemm", "c", "b", "overlaps"));
        // ---- regression losses: the kind and its parameter ----
        ValidCall regression = valid("regressionLoss");
        bad.add(bad("null kind", NullPointerException.class, "regressionLoss", with(regression.args(p), regression, "kind", null),
                "regressionLoss", "kind"));
        for (double delta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            bad.add(bad("Huber delta " + delta, IllegalArgumentException.class, "regressionLoss",
                    with(regression.args(p), regression, "parameter", delta), "regressionLoss", "delta", String.valueOf(delta)));
        }
        Object[] smooth = with(regression.args(p), regression, "kind", RegressionLoss.SMOOTH_L1);
        for (double beta : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            bad.add(bad("smooth L1 beta " + beta, IllegalArgumentException.class, "regressionLoss",
                    with(smooth, regression, "parameter", beta), "regressionLoss", "beta", String.valueOf(beta)));
        }
        // ---- int overflow of rows·cols elsewhere ----
        for (String operation : List.of("softmax", "logSoftmax", "addBias", "argmaxRows")) {
            ValidCall call = valid(operation);
            Object[] args = with(with(call.args(p), call, "rows", 70000), call, "cols", 70000);
            if (operation.equals("addBias")) {
                args = with(args, call, "bias", sentinel(p, 70000));
            }
            if (operation.equals("argmaxRows")) {
                args = with(args, call, "out", new int[70000]);
            }
            bad.add(bad("rows = cols = 70000 with a 12-element x", IllegalArgumentException.class, operation, args,
                    operation, "x", "70000x70000"));
        }
        ValidCall columnSums = valid("columnSums");
        bad.add(bad("rows = cols = 70000 with a 12-element x", IllegalArgumentException.class, "columnSums",
                with(with(with(columnSums.args(p), columnSums, "rows", 70000), columnSums, "cols", 70000), columnSums, "out", sentinel(p, 70000)),
                "columnSums", "x", "70000x70000"));
        ValidCall ce = valid("softmaxCrossEntropy");
        bad.add(bad("rows = cols = 70000 with a 12-element logits", IllegalArgumentException.class, "softmaxCrossEntropy",
                with(with(with(ce.args(p), ce, "rows", 70000), ce, "cols", 70000), ce, "labels", new int[70000]),
                "softmaxCrossEntropy", "logits", "70000x70000"));
        // ---- labels and batch ----
        bad.add(bad("a label equal to cols", IllegalArgumentException.class, "softmaxCrossEntropy",
                with(ce.args(p), ce, "labels", new int[] {0, 4, 1}), "softmaxCrossEntropy", "labels", "4", "[0, 4)"));
        bad.add(bad("a negative label", IllegalArgumentException.class, "softmaxCrossEntropy",
                with(ce.args(p), ce, "labels", new int[] {0, 1, -1}), "softmaxCrossEntropy", "labels", "-1"));
        bad.add(bad("rows = 0 (no mean of nothing)", IllegalArgumentException.class, "softmaxCrossEntropy",
                with(ce.args(p), ce, "rows", 0), "softmaxCrossEntropy", "rows", "0"));
        bad.add(bad("a bad label with no gradient wanted", IllegalArgumentException.class, "softmaxCrossEntropy",
                with(with(ce.args(p), ce, "labels", new int[] {9, 0, 0}), ce, "gradient", null), "softmaxCrossEntropy", "labels", "9"));
        ValidCall weighted = valid("crossEntropy");
        bad.add(bad("a negative class weight", IllegalArgumentException.class, "crossEntropy",
                with(weighted.args(p), weighted, "classWeights", p.array(new double[] {1, -0.5, 1, 1})),
                "crossEntropy", "classWeights[1]", "-0.5"));
        bad.add(bad("an infinite class weight", IllegalArgumentException.class, "crossEntropy",
                with(weighted.args(p), weighted, "classWeights", p.array(new double[] {1, 1, Double.POSITIVE_INFINITY, 1})),
                "crossEntropy", "classWeights[2]", "Infinity"));
        bad.add(bad("label smoothing above 1", IllegalArgumentException.class, "crossEntropy",
                with(weighted.args(p), weighted, "labelSmoothing", 1.5), "crossEntropy", "labelSmoothing", "1.5"));
        bad.add(bad("negative label smoothing without weights", IllegalArgumentException.class, "crossEntropy",
                with(with(weighted.args(p), weighted, "labelSmoothing", -0.25), weighted, "classWeights", null),
                "crossEntropy", "labelSmoothing", "-0.25"));
        bad.add(bad("a label equal to cols", IllegalArgumentException.class, "crossEntropy",
                with(weighted.args(p), weighted, "labels", new int[] {0, 4, 1}), "crossEntropy", "labels", "4", "[0, 4)"));
        bad.add(bad("cols = 0", IllegalArgumentException.class, "crossEntropy",
                with(weighted.args(p), weighted, "cols", 0), "crossEntropy", "cols", "0"));
        ValidCall bce = valid("binaryCrossEntropyWithLogits");
        bad.add(bad("a NaN positive weight", IllegalArgumentException.class, "binaryCrossEntropyWithLogits",
                with(bce.args(p), bce, "posWeight", p.array(new double[] {1, 1, 1, Double.NaN})),
                "binaryCrossEntropyWithLogits", "posWeight[3]", "NaN"));
        bad.add(bad("rows = 0 (no mean of nothing)", IllegalArgumentException.class, "binaryCrossEntropyWithLogits",
                with(bce.args(p), bce, "rows", 0), "binaryCrossEntropyWithLogits", "rows", "0"));
        ValidCall argmax = valid("argmaxRows");
        bad.add(bad("cols = 0 with rows > 0", IllegalArgumentException.class, "argmaxRows",
                with(argmax.args(p), argmax, "cols", 0), "argmaxRows", "cols", "0"));
        // ---- Adam ----
        ValidCall adam = valid("adamStep");
        Object[][] adamBad = {
                {"learningRate", -1e-3}, {"learningRate", Double.NaN}, {"learningRate", Double.POSITIVE_INFINITY},
                {"beta1", 1.0}, {"beta1", -0.1}, {"beta1", Double.NaN}, {"beta2", 1.0}, {"beta2", -0.5},
                {"epsilon", 0.0}, {"epsilon", -1e-8}, {"epsilon", Double.NaN}, {"step", 0}, {"step", -3}};
        for (Object[] b : adamBad) {
            String name = (String) b[0];
            // The float overload's checks run in double, so a float value shows widened (-1e-8f as
            // -9.99999993922529E-9): either spelling of the value is accepted.
            String shown = b[1] instanceof Integer i ? String.valueOf(i) : p == Precision.FLOAT
                    ? ((Number) b[1]).floatValue() + "|" + (double) ((Number) b[1]).floatValue() : String.valueOf(b[1]);
            bad.add(bad(name + " = " + b[1], IllegalArgumentException.class, "adamStep", with(adam.args(p), adam, name, b[1]),
                    "adamStep", name, shown));
        }
        // ---- the other optimiser steps and clipping: each hyper-parameter out of its range, forbidden aliasing ----
        Object[][] hyperBad = {
                {"adamwStep", "weightDecay", -0.01}, {"adamwStep", "weightDecay", Double.NaN},
                {"adamwStep", "weightDecay", Double.POSITIVE_INFINITY}, {"adamwStep", "beta1", 1.0},
                {"sgdMomentumStep", "learningRate", -0.1}, {"sgdMomentumStep", "learningRate", Double.NaN},
                {"sgdMomentumStep", "momentum", 1.0}, {"sgdMomentumStep", "momentum", -0.5},
                {"sgdMomentumStep", "momentum", Double.NaN},
                {"rmspropStep", "learningRate", Double.POSITIVE_INFINITY}, {"rmspropStep", "alpha", 1.5},
                {"rmspropStep", "alpha", -0.1}, {"rmspropStep", "epsilon", 0.0}, {"rmspropStep", "momentum", 1.0},
                {"rmspropStep", "momentum", -0.1},
                {"adagradStep", "learningRate", -1.0}, {"adagradStep", "epsilon", -1e-10}, {"adagradStep", "epsilon", Double.NaN},
                {"clipByValue", "limit", -1.0}, {"clipByValue", "limit", Double.NaN}};
        for (Object[] b : hyperBad) {
            String operation = (String) b[0], name = (String) b[1];
            ValidCall call = valid(operation);
            String shown = p == Precision.FLOAT ? ((Number) b[2]).floatValue() + "|" + (double) ((Number) b[2]).floatValue()
                    : String.valueOf(b[2]);
            bad.add(bad(name + " = " + b[2], IllegalArgumentException.class, operation, with(call.args(p), call, name, b[2]),
                    operation, name, shown));
        }
        String[][] aliases = {{"adamwStep", "param", "v"}, {"sgdMomentumStep", "param", "buffer"}, {"rmspropStep", "param", "squareAvg"},
                {"rmspropStep", "squareAvg", "gradAvg"}, {"rmspropStep", "gradAvg", "buffer"}, {"adagradStep", "param", "sum"}};
        for (String[] a : aliases) {
            ValidCall call = valid(a[0]);
            Object shared6 = sentinel(p, 6);
            bad.add(bad(a[1] + " and " + a[2] + " the same array", IllegalArgumentException.class, a[0],
                    with(with(call.args(p), call, a[1], shared6), call, a[2], shared6), a[0], a[1], a[2]));
        }
        ValidCall rmsprop = valid("rmspropStep");
        bad.add(bad("buffer null with momentum 0.9", NullPointerException.class, "rmspropStep",
                with(rmsprop.args(p), rmsprop, "buffer", null), "rmspropStep", "buffer", "momentum"));
        Object same = sentinel(p, 6);
        bad.add(bad("m and v the same array", IllegalArgumentException.class, "adamStep",
                with(with(adam.args(p), adam, "m", same), adam, "v", same), "adamStep", "m", "v"));
        Object sameParam = sentinel(p, 6);
        bad.add(bad("param and m the same array", IllegalArgumentException.class, "adamStep",
                with(with(adam.args(p), adam, "param", sameParam), adam, "m", sameParam), "adamStep", "param", "m"));
        // ---- activation hyper-parameters ----
        for (String operation : List.of("leakyRelu", "leakyReluBackward", "elu", "eluBackward")) {
            ValidCall call = valid(operation);
            String name = call.names.get(1);
            for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                bad.add(bad(name + " = " + value, IllegalArgumentException.class, operation,
                        with(call.args(p), call, name, value), operation, name, "finite"));
            }
        }
        for (String operation : List.of("softplus", "softplusBackward")) {
            ValidCall call = valid(operation);
            for (double beta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
                bad.add(bad("beta = " + beta, IllegalArgumentException.class, operation,
                        with(call.args(p), call, "beta", beta), operation, "beta"));
            }
            bad.add(bad("threshold = NaN", IllegalArgumentException.class, operation,
                    with(call.args(p), call, "threshold", Double.NaN), operation, "threshold", "NaN"));
        }
        for (String operation : List.of("softmaxBackward", "logSoftmaxBackward")) {
            ValidCall call = valid(operation);
            Object[] args = with(with(call.args(p), call, "rows", 70000), call, "cols", 70000);
            bad.add(bad("rows = cols = 70000 with a 12-element y", IllegalArgumentException.class, operation, args,
                    operation, "y", "70000x70000"));
        }
        // ---- aliasing the contract forbids ----
        Object both = sentinel(p, 12);
        bad.add(bad("out is x", IllegalArgumentException.class, "columnSums",
                with(with(columnSums.args(p), columnSums, "x", both), columnSums, "out", both), "columnSums", "x", "out"));
        return bad;
    }

    Stream<DynamicTest> badInputIsRejectedBeforeAnythingIsWritten() {
        return providers.stream().flatMap(k -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(k.providerName() + ", " + p, () -> {
                    List<BadCall> calls = badCalls(p);
                    for (BadCall call : calls) {
                        Object[] before = deepCopy(call.args);
                        RuntimeException e = assertThrows(RuntimeException.class, () -> Calls.call(k, call.operation, call.args),
                                () -> call + " was accepted by " + k.providerName() + " (" + p + ")");
                        if (!call.expected.isInstance(e)) {
                            fail(call + " threw " + e + ", expected " + call.expected.getSimpleName() + " (" + k.providerName() + ", " + p + ")");
                        }
                        for (String mention : call.mentions) {
                            assertMentions(e.getMessage(), mention, call + " (" + p + ")");
                        }
                        for (int i = 0; i < before.length; i++) {
                            if (before[i] != null && before[i].getClass().isArray() && !sameContents(before[i], call.args[i])) {
                                fail(call + ": argument " + i + " was modified before the exception (" + k.providerName() + ", " + p + ")");
                            }
                        }
                    }
                    System.out.println("bad input, " + k.providerName() + ", " + p + ": " + calls.size() + " cases rejected");
                })));
    }

    /** The message contains {@code mention}; a bare identifier must appear as a whole word. */
    static void assertMentions(String message, String mention, String what) {
        assertTrue(message != null, what + ": exception without a message");
        if (mention.contains("|")) {
            boolean any = Stream.of(mention.split("\\|")).anyMatch(message::contains);
            assertTrue(any, what + ": message does not mention any of '" + mention + "': " + message);
            return;
        }
        boolean found = mention.matches("[A-Za-z]\\w*")
                ? Pattern.compile("(?<![\\w.])" + Pattern.quote(mention) + "(?!\\w)").matcher(message).find()
                : message.contains(mention);
        assertTrue(found, what + ": message does not mention '" + mention + "': " + message);
    }

    static Object[] deepCopy(Object[] args) {
        Object[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof float[] f) {
                copy[i] = f.clone();
            } else if (copy[i] instanceof double[] d) {
                copy[i] = d.clone();
            } else if (copy[i] instanceof int[] n) {
                copy[i] = n.clone();
            }
        }
        return copy;
    }

    static boolean sameContents(Object x, Object y) {
        if (x instanceof int[] a) {
            return Arrays.equals(a, (int[]) y);
        }
        return Precision.sameBits(x, y);
    }

    /** The valid calls really are valid, so every bad call above differs from a passing one in one way only. */
    Stream<DynamicTest> theValidCallsPass() {
        return Stream.of(Precision.values()).map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            for (Kernels k : providers) {
                for (ValidCall call : VALID) {
                    Calls.call(k, call.operation, call.args(p));
                }
            }
            assertEquals(VALID.size(), VALID.stream().map(ValidCall::operation).distinct().count());
        }));
    }
}
