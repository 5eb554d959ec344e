package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.RegressionLoss;
import dev.lanes.kernels.Transpose;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Typed calls of every {@link Kernels} operation in either precision, so that one test body covers the float and
 * the double overload: the element type of the arrays (the first non-null float[] or double[]) picks the overload,
 * and scalar hyper-parameters are given as {@code double} and rounded to the element type. Each method is ordinary
 * Java calling a {@code Kernels} method, so renaming or changing an operation fails to compile here, not at run
 * time. {@link #OPS} lists them by name for the table-driven argument checks.
 */
final class Calls {
    private Calls() {
    }

    /** One operation called with an argument list, as the argument-check table holds it; returns a loss or NaN. */
    record Op(String name, BiFunction<Kernels, Object[], Double> call) {
        double run(Kernels k, Object[] args) {
            return call.apply(k, args);
        }
    }

    /** Every operation, by its {@code Kernels} method name (GEMM with its fused epilogue). */
    static final Map<String, Op> OPS = List.of(
            new Op("gemm", (k, a) -> nan(() -> gemm(k, (Transpose) a[0], (Transpose) a[1], i(a[2]), i(a[3]), i(a[4]), d(a[5]), a[6],
                    i(a[7]), i(a[8]), a[9], i(a[10]), i(a[11]), d(a[12]), a[13], i(a[14]), i(a[15]), a[16], (Activation) a[17]))),
            new Op("addBias", (k, a) -> nan(() -> addBias(k, i(a[0]), i(a[1]), a[2], a[3], a[4]))),
            new Op("columnSums", (k, a) -> nan(() -> columnSums(k, i(a[0]), i(a[1]), a[2], d(a[3]), a[4]))),
            new Op("relu", (k, a) -> nan(() -> relu(k, i(a[0]), a[1], a[2]))),
            new Op("reluMask", (k, a) -> nan(() -> reluMask(k, i(a[0]), a[1], a[2]))),
            new Op("reluBackward", (k, a) -> nan(() -> reluBackward(k, i(a[0]), a[1], a[2], a[3]))),
            new Op("sigmoid", (k, a) -> nan(() -> sigmoid(k, i(a[0]), a[1], a[2]))),
            new Op("sigmoidBackward", (k, a) -> nan(() -> sigmoidBackward(k, i(a[0]), a[1], a[2], a[3]))),
            new Op("tanh", (k, a) -> nan(() -> tanh(k, i(a[0]), a[1], a[2]))),
            new Op("gelu", (k, a) -> nan(() -> gelu(k, i(a[0]), a[1], a[2]))),
            new Op("geluTanh", (k, a) -> nan(() -> geluTanh(k, i(a[0]), a[1], a[2]))),
            new Op("silu", (k, a) -> nan(() -> silu(k, i(a[0]), a[1], a[2]))),
            new Op("tanhBackward", (k, a) -> nan(() -> tanhBackward(k, i(a[0]), a[1], a[2], a[3]))),
            new Op("geluBackward", (k, a) -> nan(() -> geluBackward(k, i(a[0]), a[1], a[2], a[3]))),
            new Op("geluTanhBackward", (k, a) -> nan(() -> geluTanhBackward(k, i(a[0]), a[1], a[2], a[3]))),
            new Op("siluBackward", (k, a) -> nan(() -> siluBackward(k, i(a[0]), a[1], a[2], a[3]))),
            new Op("leakyRelu", (k, a) -> nan(() -> leakyRelu(k, i(a[0]), d(a[1]), a[2], a[3]))),
            new Op("leakyReluBackward", (k, a) -> nan(() -> leakyReluBackward(k, i(a[0]), d(a[1]), a[2], a[3], a[4]))),
            new Op("elu", (k, a) -> nan(() -> elu(k, i(a[0]), d(a[1]), a[2], a[3]))),
            new Op("eluBackward", (k, a) -> nan(() -> eluBackward(k, i(a[0]), d(a[1]), a[2], a[3], a[4]))),
            new Op("softplus", (k, a) -> nan(() -> softplus(k, i(a[0]), d(a[1]), d(a[2]), a[3], a[4]))),
            new Op("softplusBackward", (k, a) -> nan(() -> softplusBackward(k, i(a[0]), d(a[1]), d(a[2]), a[3], a[4], a[5]))),
            new Op("softmaxBackward", (k, a) -> nan(() -> softmaxBackward(k, i(a[0]), i(a[1]), a[2], a[3], a[4]))),
            new Op("logSoftmaxBackward", (k, a) -> nan(() -> logSoftmaxBackward(k, i(a[0]), i(a[1]), a[2], a[3], a[4]))),
            new Op("softmax", (k, a) -> nan(() -> softmax(k, i(a[0]), i(a[1]), a[2], a[3]))),
            new Op("logSoftmax", (k, a) -> nan(() -> logSoftmax(k, i(a[0]), i(a[1]), a[2], a[3]))),
            new Op("softmaxCrossEntropy", (k, a) -> softmaxCrossEntropy(k, i(a[0]), i(a[1]), a[2], (int[]) a[3], a[4])),
            new Op("crossEntropy", (k, a) -> crossEntropy(k, i(a[0]), i(a[1]), a[2], (int[]) a[3], a[4], d(a[5]), a[6])),
            new Op("binaryCrossEntropyWithLogits", (k, a) -> binaryCrossEntropyWithLogits(k, i(a[0]), i(a[1]), a[2], a[3], a[4], a[5])),
            new Op("halfSquaredError", (k, a) -> halfSquaredError(k, i(a[0]), a[1], a[2], a[3])),
            new Op("regressionLoss", (k, a) -> regressionLoss(k, (RegressionLoss) a[0], d(a[1]), i(a[2]), a[3], a[4], a[5])),
            new Op("axpy", (k, a) -> nan(() -> axpy(k, i(a[0]), d(a[1]), a[2], a[3]))),
            new Op("scale", (k, a) -> nan(() -> scale(k, i(a[0]), d(a[1]), a[2]))),
            new Op("sumOfSquares", (k, a) -> sumOfSquares(k, i(a[0]), a[1])),
            new Op("argmaxRows", (k, a) -> nan(() -> argmaxRows(k, i(a[0]), i(a[1]), a[2], (int[]) a[3]))),
            new Op("adamStep", (k, a) -> nan(() -> adamStep(k, i(a[0]), a[1], a[2], a[3], a[4], d(a[5]), d(a[6]), d(a[7]), d(a[8]), i(a[9])))),
            new Op("adamwStep", (k, a) -> nan(() -> adamwStep(k, i(a[0]), a[1], a[2], a[3], a[4], d(a[5]), d(a[6]), d(a[7]), d(a[8]), d(a[9]), i(a[10])))),
            new Op("sgdMomentumStep", (k, a) -> nan(() -> sgdMomentumStep(k, i(a[0]), a[1], a[2], a[3], d(a[4]), d(a[5]), (Boolean) a[6]))),
            new Op("rmspropStep", (k, a) -> nan(() -> rmspropStep(k, i(a[0]), a[1], a[2], a[3], a[4], a[5], d(a[6]), d(a[7]), d(a[8]), d(a[9])))),
            new Op("adagradStep", (k, a) -> nan(() -> adagradStep(k, i(a[0]), a[1], a[2], a[3], d(a[4]), d(a[5])))),
            new Op("clipByValue", (k, a) -> nan(() -> clipByValue(k, i(a[0]), a[1], d(a[2]))))
    ).stream().collect(Collectors.toUnmodifiableMap(Op::name, op -> op));

    /** Calls {@code operation} from the table with these arguments; the loss it returns, or NaN. */
    static double call(Kernels k, String operation, Object[] args) {
        Op op = OPS.get(operation);
        if (op == null) {
            throw new IllegalArgumentException("no operation " + operation + " in Calls.OPS");
        }
        return op.run(k, args);
    }

    private static int i(Object number) {
        return ((Number) number).intValue();
    }

    private static double d(Object number) {
        return ((Number) number).doubleValue();
    }

    private static double nan(Runnable call) {
        call.run();
        return Double.NaN;
    }

    /** True when the first float[] or double[] among {@code arrays} is a float[] (also when there is none). */
    private static boolean isFloat(Object... arrays) {
        for (Object array : arrays) {
            if (array instanceof double[]) {
                return false;
            }
            if (array instanceof float[]) {
                return true;
            }
        }
        return true;
    }

    static void gemm(Kernels k, Transpose ta, Transpose tb, int m, int n, int kk, double alpha, Object a, int aOffset, int lda,
                     Object b, int bOffset, int ldb, double beta, Object c, int cOffset, int ldc) {
        gemm(k, ta, tb, m, n, kk, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null, Activation.IDENTITY);
    }

    static void gemm(Kernels k, Transpose ta, Transpose tb, int m, int n, int kk, double alpha, Object a, int aOffset, int lda,
                     Object b, int bOffset, int ldb, double beta, Object c, int cOffset, int ldc, Object bias, Activation activation) {
        if (isFloat(a, b, c, bias)) {
            k.gemm(ta, tb, m, n, kk, (float) alpha, (float[]) a, aOffset, lda, (float[]) b, bOffset, ldb, (float) beta,
                    (float[]) c, cOffset, ldc, (float[]) bias, activation);
        } else {
            k.gemm(ta, tb, m, n, kk, alpha, (double[]) a, aOffset, lda, (double[]) b, bOffset, ldb, beta,
                    (double[]) c, cOffset, ldc, (double[]) bias, activation);
        }
    }

    static void addBias(Kernels k, int rows, int cols, Object x, Object bias, Object out) {
        if (isFloat(x, bias, out)) {
            k.addBias(rows, cols, (float[]) x, (float[]) bias, (float[]) out);
        } else {
            k.addBias(rows, cols, (double[]) x, (double[]) bias, (double[]) out);
        }
    }

    static void columnSums(Kernels k, int rows, int cols, Object x, double beta, Object out) {
        if (isFloat(x, out)) {
            k.columnSums(rows, cols, (float[]) x, (float) beta, (float[]) out);
        } else {
            k.columnSums(rows, cols, (double[]) x, beta, (double[]) out);
        }
    }

    static void relu(Kernels k, int n, Object x, Object out) {
        if (isFloat(x, out)) {
            k.relu(n, (float[]) x, (float[]) out);
        } else {
            k.relu(n, (double[]) x, (double[]) out);
        }
    }

    static void reluMask(Kernels k, int n, Object x, Object mask) {
        if (isFloat(x, mask)) {
            k.reluMask(n, (float[]) x, (float[]) mask);
        } else {
            k.reluMask(n, (double[]) x, (double[]) mask);
        }
    }

    static void reluBackward(Kernels k, int n, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.reluBackward(n, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.reluBackward(n, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void sigmoid(Kernels k, int n, Object x, Object out) {
        if (isFloat(x, out)) {
            k.sigmoid(n, (float[]) x, (float[]) out);
        } else {
            k.sigmoid(n, (double[]) x, (double[]) out);
        }
    }

    static void sigmoidBackward(Kernels k, int n, Object y, Object dy, Object dx) {
        if (isFloat(y, dy, dx)) {
            k.sigmoidBackward(n, (float[]) y, (float[]) dy, (float[]) dx);
        } else {
            k.sigmoidBackward(n, (double[]) y, (double[]) dy, (double[]) dx);
        }
    }

    static void tanh(Kernels k, int n, Object x, Object out) {
        if (isFloat(x, out)) {
            k.tanh(n, (float[]) x, (float[]) out);
        } else {
            k.tanh(n, (double[]) x, (double[]) out);
        }
    }

    static void gelu(Kernels k, int n, Object x, Object out) {
        if (isFloat(x, out)) {
            k.gelu(n, (float[]) x, (float[]) out);
        } else {
            k.gelu(n, (double[]) x, (double[]) out);
        }
    }

    static void geluTanh(Kernels k, int n, Object x, Object out) {
        if (isFloat(x, out)) {
            k.geluTanh(n, (float[]) x, (float[]) out);
        } else {
            k.geluTanh(n, (double[]) x, (double[]) out);
        }
    }

    static void silu(Kernels k, int n, Object x, Object out) {
        if (isFloat(x, out)) {
            k.silu(n, (float[]) x, (float[]) out);
        } else {
            k.silu(n, (double[]) x, (double[]) out);
        }
    }

    static void tanhBackward(Kernels k, int n, Object y, Object dy, Object dx) {
        if (isFloat(y, dy, dx)) {
            k.tanhBackward(n, (float[]) y, (float[]) dy, (float[]) dx);
        } else {
            k.tanhBackward(n, (double[]) y, (double[]) dy, (double[]) dx);
        }
    }

    static void geluBackward(Kernels k, int n, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.geluBackward(n, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.geluBackward(n, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void geluTanhBackward(Kernels k, int n, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.geluTanhBackward(n, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.geluTanhBackward(n, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void siluBackward(Kernels k, int n, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.siluBackward(n, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.siluBackward(n, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void leakyRelu(Kernels k, int n, double slope, Object x, Object out) {
        if (isFloat(x, out)) {
            k.leakyRelu(n, (float) slope, (float[]) x, (float[]) out);
        } else {
            k.leakyRelu(n, slope, (double[]) x, (double[]) out);
        }
    }

    static void leakyReluBackward(Kernels k, int n, double slope, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.leakyReluBackward(n, (float) slope, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.leakyReluBackward(n, slope, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void elu(Kernels k, int n, double alpha, Object x, Object out) {
        if (isFloat(x, out)) {
            k.elu(n, (float) alpha, (float[]) x, (float[]) out);
        } else {
            k.elu(n, alpha, (double[]) x, (double[]) out);
        }
    }

    static void eluBackward(Kernels k, int n, double alpha, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.eluBackward(n, (float) alpha, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.eluBackward(n, alpha, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void softplus(Kernels k, int n, double beta, double threshold, Object x, Object out) {
        if (isFloat(x, out)) {
            k.softplus(n, (float) beta, (float) threshold, (float[]) x, (float[]) out);
        } else {
            k.softplus(n, beta, threshold, (double[]) x, (double[]) out);
        }
    }

    static void softplusBackward(Kernels k, int n, double beta, double threshold, Object x, Object dy, Object dx) {
        if (isFloat(x, dy, dx)) {
            k.softplusBackward(n, (float) beta, (float) threshold, (float[]) x, (float[]) dy, (float[]) dx);
        } else {
            k.softplusBackward(n, beta, threshold, (double[]) x, (double[]) dy, (double[]) dx);
        }
    }

    static void softmaxBackward(Kernels k, int rows, int cols, Object y, Object dy, Object dx) {
        if (isFloat(y, dy, dx)) {
            k.softmaxBackward(rows, cols, (float[]) y, (float[]) dy, (float[]) dx);
        } else {
            k.softmaxBackward(rows, cols, (double[]) y, (double[]) dy, (double[]) dx);
        }
    }

    static void logSoftmaxBackward(Kernels k, int rows, int cols, Object y, Object dy, Object dx) {
        if (isFloat(y, dy, dx)) {
            k.logSoftmaxBackward(rows, cols, (float[]) y, (float[]) dy, (float[]) dx);
        } else {
            k.logSoftmaxBackward(rows, cols, (double[]) y, (double[]) dy, (double[]) dx);
        }
    }

    static void softmax(Kernels k, int rows, int cols, Object x, Object out) {
        if (isFloat(x, out)) {
            k.softmax(rows, cols, (float[]) x, (float[]) out);
        } else {
            k.softmax(rows, cols, (double[]) x, (double[]) out);
        }
    }

    static void logSoftmax(Kernels k, int rows, int cols, Object x, Object out) {
        if (isFloat(x, out)) {
            k.logSoftmax(rows, cols, (float[]) x, (float[]) out);
        } else {
            k.logSoftmax(rows, cols, (double[]) x, (double[]) out);
        }
    }

    static double softmaxCrossEntropy(Kernels k, int rows, int cols, Object logits, int[] labels, Object gradient) {
        return isFloat(logits, gradient)
                ? k.softmaxCrossEntropy(rows, cols, (float[]) logits, labels, (float[]) gradient)
                : k.softmaxCrossEntropy(rows, cols, (double[]) logits, labels, (double[]) gradient);
    }

    static double crossEntropy(Kernels k, int rows, int cols, Object logits, int[] labels, Object classWeights,
                               double labelSmoothing, Object gradient) {
        return isFloat(logits, gradient)
                ? k.crossEntropy(rows, cols, (float[]) logits, labels, (float[]) classWeights, (float) labelSmoothing, (float[]) gradient)
                : k.crossEntropy(rows, cols, (double[]) logits, labels, (double[]) classWeights, labelSmoothing, (double[]) gradient);
    }

    static double binaryCrossEntropyWithLogits(Kernels k, int rows, int cols, Object logits, Object targets, Object posWeight,
                                               Object gradient) {
        return isFloat(logits, gradient)
                ? k.binaryCrossEntropyWithLogits(rows, cols, (float[]) logits, (float[]) targets, (float[]) posWeight, (float[]) gradient)
                : k.binaryCrossEntropyWithLogits(rows, cols, (double[]) logits, (double[]) targets, (double[]) posWeight, (double[]) gradient);
    }

    static double halfSquaredError(Kernels k, int n, Object prediction, Object target, Object gradient) {
        return isFloat(prediction, target, gradient)
                ? k.halfSquaredError(n, (float[]) prediction, (float[]) target, (float[]) gradient)
                : k.halfSquaredError(n, (double[]) prediction, (double[]) target, (double[]) gradient);
    }

    static double regressionLoss(Kernels k, RegressionLoss kind, double parameter, int n, Object prediction, Object target,
                                 Object gradient) {
        return isFloat(prediction, target, gradient)
                ? k.regressionLoss(kind, (float) parameter, n, (float[]) prediction, (float[]) target, (float[]) gradient)
                : k.regressionLoss(kind, parameter, n, (double[]) prediction, (double[]) target, (double[]) gradient);
    }

    static void axpy(Kernels k, int n, double alpha, Object x, Object y) {
        if (isFloat(x, y)) {
            k.axpy(n, (float) alpha, (float[]) x, (float[]) y);
        } else {
            k.axpy(n, alpha, (double[]) x, (double[]) y);
        }
    }

    static void scale(Kernels k, int n, double alpha, Object x) {
        if (isFloat(x)) {
            k.scale(n, (float) alpha, (float[]) x);
        } else {
            k.scale(n, alpha, (double[]) x);
        }
    }

    static double sumOfSquares(Kernels k, int n, Object x) {
        return isFloat(x) ? k.sumOfSquares(n, (float[]) x) : k.sumOfSquares(n, (double[]) x);
    }

    static void argmaxRows(Kernels k, int rows, int cols, Object x, int[] out) {
        if (isFloat(x)) {
            k.argmaxRows(rows, cols, (float[]) x, out);
        } else {
            k.argmaxRows(rows, cols, (double[]) x, out);
        }
    }

    static void adamStep(Kernels k, int n, Object param, Object grad, Object m, Object v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        if (isFloat(param, grad, m, v)) {
            k.adamStep(n, (float[]) param, (float[]) grad, (float[]) m, (float[]) v,
                    (float) learningRate, (float) beta1, (float) beta2, (float) epsilon, step);
        } else {
            k.adamStep(n, (double[]) param, (double[]) grad, (double[]) m, (double[]) v, learningRate, beta1, beta2, epsilon, step);
        }
    }

    static void sgdMomentumStep(Kernels k, int n, Object param, Object grad, Object buffer,
                                double learningRate, double momentum, boolean nesterov) {
        if (isFloat(param, grad, buffer)) {
            k.sgdMomentumStep(n, (float[]) param, (float[]) grad, (float[]) buffer, (float) learningRate, (float) momentum, nesterov);
        } else {
            k.sgdMomentumStep(n, (double[]) param, (double[]) grad, (double[]) buffer, learningRate, momentum, nesterov);
        }
    }

    static void rmspropStep(Kernels k, int n, Object param, Object grad, Object squareAvg, Object gradAvg, Object buffer,
                            double learningRate, double alpha, double epsilon, double momentum) {
        if (isFloat(param, grad, squareAvg, gradAvg, buffer)) {
            k.rmspropStep(n, (float[]) param, (float[]) grad, (float[]) squareAvg, (float[]) gradAvg, (float[]) buffer,
                    (float) learningRate, (float) alpha, (float) epsilon, (float) momentum);
        } else {
            k.rmspropStep(n, (double[]) param, (double[]) grad, (double[]) squareAvg, (double[]) gradAvg, (double[]) buffer,
                    learningRate, alpha, epsilon, momentum);
        }
    }

    static void adagradStep(Kernels k, int n, Object param, Object grad, Object sum, double learningRate, double epsilon) {
        if (isFloat(param, grad, sum)) {
            k.adagradStep(n, (float[]) param, (float[]) grad, (float[]) sum, (float) learningRate, (float) epsilon);
        } else {
            k.adagradStep(n, (double[]) param, (double[]) grad, (double[]) sum, learningRate, epsilon);
        }
    }

    static void clipByValue(Kernels k, int n, Object x, double limit) {
        if (isFloat(x)) {
            k.clipByValue(n, (float[]) x, (float) limit);
        } else {
            k.clipByValue(n, (double[]) x, limit);
        }
    }

    static void adamwStep(Kernels k, int n, Object param, Object grad, Object m, Object v, double learningRate,
                          double beta1, double beta2, double epsilon, double weightDecay, int step) {
        if (isFloat(param, grad, m, v)) {
            k.adamwStep(n, (float[]) param, (float[]) grad, (float[]) m, (float[]) v,
                    (float) learningRate, (float) beta1, (float) beta2, (float) epsilon, (float) weightDecay, step);
        } else {
            k.adamwStep(n, (double[]) param, (double[]) grad, (double[]) m, (double[]) v, learningRate, beta1, beta2, epsilon,
                    weightDecay, step);
        }
    }
}
