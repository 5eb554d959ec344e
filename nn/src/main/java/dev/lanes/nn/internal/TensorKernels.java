package dev.lanes.nn.internal;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.RegressionLoss;
import dev.lanes.kernels.Transpose;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * The {@link Kernels} operations on {@link Tensor}s: the one place that picks the float or the double kernel
 * by dtype and derives sizes and leading dimensions from shapes, so layers, losses and optimisers are written
 * once for both dtypes. Shapes and dtypes are checked here, before a kernel runs; everything else the kernel
 * checks itself.
 *
 * <p>Internal: GEMM's {@code beta} and the other kernel mechanics stay out of the public nn API. Static, with
 * the kernels passed in, because the kernels belong to the model (see {@code Layer#kernels()}) and are read at
 * each call: a wrapper object per call, or one cached per caller, is what this avoids.
 */
public final class TensorKernels {

    private TensorKernels() {
    }

    /**
     * C = act(alpha·op(A)·op(B) + beta·C + bias) on matrices (tensors read as [rows, cols]); m and n come from
     * C, k from op(A). {@code bias} may be null.
     */
    public static void gemm(Kernels kernels, Transpose transA, Transpose transB, double alpha, Tensor a, Tensor b,
                     double beta, Tensor c, Tensor bias, Activation activation) {
        int m = c.rows(), n = c.cols();
        boolean ta = transA == Transpose.TRANSPOSE, tb = transB == Transpose.TRANSPOSE;
        int aRows = ta ? a.cols() : a.rows(), k = ta ? a.rows() : a.cols();
        int bRows = tb ? b.cols() : b.rows(), bCols = tb ? b.rows() : b.cols();
        if (aRows != m || bRows != k || bCols != n) {
            throw new IllegalArgumentException("gemm: op(A) of " + a.describe() + (ta ? "ᵀ" : "") + " times op(B) of "
                    + b.describe() + (tb ? "ᵀ" : "") + " does not give C of " + c.describe());
        }
        sameDType("gemm", a, b, c);
        if (bias != null) {
            sameDType("gemm", c, bias);
            if (bias.size() != n) {
                throw new IllegalArgumentException("gemm: bias " + bias.describe() + " does not have " + n + " elements");
            }
        }
        if (c.dtype() == DType.F32) {
            kernels.gemm(transA, transB, m, n, k, (float) alpha, a.floats(), 0, a.cols(), b.floats(), 0, b.cols(),
                    (float) beta, c.floats(), 0, n, bias == null ? null : bias.floats(), activation);
        } else {
            kernels.gemm(transA, transB, m, n, k, alpha, a.doubles(), 0, a.cols(), b.doubles(), 0, b.cols(),
                    beta, c.doubles(), 0, n, bias == null ? null : bias.doubles(), activation);
        }
    }

    /** out[j] = beta·out[j] + Σᵢ x[i][j]. */
    public static void columnSums(Kernels kernels, Tensor x, double beta, Tensor out) {
        sameDType("columnSums", x, out);
        sameSize("columnSums", "out", out, x.cols());
        if (x.dtype() == DType.F32) {
            kernels.columnSums(x.rows(), x.cols(), x.floats(), (float) beta, out.floats());
        } else {
            kernels.columnSums(x.rows(), x.cols(), x.doubles(), beta, out.doubles());
        }
    }

    public static void relu(Kernels kernels, Tensor x, Tensor out) {
        sameDType("relu", x, out);
        sameSize("relu", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.relu(x.size(), x.floats(), out.floats());
        } else {
            kernels.relu(x.size(), x.doubles(), out.doubles());
        }
    }

    /** dx = dy where x &gt; 0, else 0; x may be ReLU's input or output. */
    public static void reluBackward(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        sameDType("reluBackward", x, dy, dx);
        sameSize("reluBackward", "dy", dy, x.size());
        sameSize("reluBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.reluBackward(x.size(), x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.reluBackward(x.size(), x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    public static void sigmoid(Kernels kernels, Tensor x, Tensor out) {
        sameDType("sigmoid", x, out);
        sameSize("sigmoid", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.sigmoid(x.size(), x.floats(), out.floats());
        } else {
            kernels.sigmoid(x.size(), x.doubles(), out.doubles());
        }
    }

    /** dx = dy·y·(1 − y), from sigmoid's output y. */
    public static void sigmoidBackward(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        sameDType("sigmoidBackward", y, dy, dx);
        sameSize("sigmoidBackward", "dy", dy, y.size());
        sameSize("sigmoidBackward", "dx", dx, y.size());
        if (y.dtype() == DType.F32) {
            kernels.sigmoidBackward(y.size(), y.floats(), dy.floats(), dx.floats());
        } else {
            kernels.sigmoidBackward(y.size(), y.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** tanh(x), element-wise. */
    public static void tanh(Kernels kernels, Tensor x, Tensor out) {
        sameDType("tanh", x, out);
        sameSize("tanh", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.tanh(x.size(), x.floats(), out.floats());
        } else {
            kernels.tanh(x.size(), x.doubles(), out.doubles());
        }
    }

    /** dx = dy·(1 − y²), from tanh's output y. */
    public static void tanhBackward(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        sameDType("tanhBackward", y, dy, dx);
        sameSize("tanhBackward", "dy", dy, y.size());
        sameSize("tanhBackward", "dx", dx, y.size());
        if (y.dtype() == DType.F32) {
            kernels.tanhBackward(y.size(), y.floats(), dy.floats(), dx.floats());
        } else {
            kernels.tanhBackward(y.size(), y.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** x·Φ(x), GELU's exact form. */
    public static void gelu(Kernels kernels, Tensor x, Tensor out) {
        sameDType("gelu", x, out);
        sameSize("gelu", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.gelu(x.size(), x.floats(), out.floats());
        } else {
            kernels.gelu(x.size(), x.doubles(), out.doubles());
        }
    }

    /** GELU's backward pass from its input. */
    public static void geluBackward(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        sameDType("geluBackward", x, dy, dx);
        sameSize("geluBackward", "dy", dy, x.size());
        sameSize("geluBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.geluBackward(x.size(), x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.geluBackward(x.size(), x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** GELU's tanh approximation. */
    public static void geluTanh(Kernels kernels, Tensor x, Tensor out) {
        sameDType("geluTanh", x, out);
        sameSize("geluTanh", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.geluTanh(x.size(), x.floats(), out.floats());
        } else {
            kernels.geluTanh(x.size(), x.doubles(), out.doubles());
        }
    }

    /** The tanh approximation's backward pass from its input. */
    public static void geluTanhBackward(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        sameDType("geluTanhBackward", x, dy, dx);
        sameSize("geluTanhBackward", "dy", dy, x.size());
        sameSize("geluTanhBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.geluTanhBackward(x.size(), x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.geluTanhBackward(x.size(), x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** x where x &gt; 0, else slope·x. */
    public static void leakyRelu(Kernels kernels, double slope, Tensor x, Tensor out) {
        sameDType("leakyRelu", x, out);
        sameSize("leakyRelu", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.leakyRelu(x.size(), (float) slope, x.floats(), out.floats());
        } else {
            kernels.leakyRelu(x.size(), slope, x.doubles(), out.doubles());
        }
    }

    /** dy where x &gt; 0, else slope·dy. */
    public static void leakyReluBackward(Kernels kernels, double slope, Tensor x, Tensor dy, Tensor dx) {
        sameDType("leakyReluBackward", x, dy, dx);
        sameSize("leakyReluBackward", "dy", dy, x.size());
        sameSize("leakyReluBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.leakyReluBackward(x.size(), (float) slope, x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.leakyReluBackward(x.size(), slope, x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** x where x &gt; 0, else alpha·(e^x − 1). */
    public static void elu(Kernels kernels, double alpha, Tensor x, Tensor out) {
        sameDType("elu", x, out);
        sameSize("elu", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.elu(x.size(), (float) alpha, x.floats(), out.floats());
        } else {
            kernels.elu(x.size(), alpha, x.doubles(), out.doubles());
        }
    }

    /** ELU's backward pass from its input. */
    public static void eluBackward(Kernels kernels, double alpha, Tensor x, Tensor dy, Tensor dx) {
        sameDType("eluBackward", x, dy, dx);
        sameSize("eluBackward", "dy", dy, x.size());
        sameSize("eluBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.eluBackward(x.size(), (float) alpha, x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.eluBackward(x.size(), alpha, x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** x·σ(x). */
    public static void silu(Kernels kernels, Tensor x, Tensor out) {
        sameDType("silu", x, out);
        sameSize("silu", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.silu(x.size(), x.floats(), out.floats());
        } else {
            kernels.silu(x.size(), x.doubles(), out.doubles());
        }
    }

    /** SiLU's backward pass from its input. */
    public static void siluBackward(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        sameDType("siluBackward", x, dy, dx);
        sameSize("siluBackward", "dy", dy, x.size());
        sameSize("siluBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.siluBackward(x.size(), x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.siluBackward(x.size(), x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** Softplus, linear where beta·x &gt; threshold. */
    public static void softplus(Kernels kernels, double beta, double threshold, Tensor x, Tensor out) {
        sameDType("softplus", x, out);
        sameSize("softplus", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.softplus(x.size(), (float) beta, (float) threshold, x.floats(), out.floats());
        } else {
            kernels.softplus(x.size(), beta, threshold, x.doubles(), out.doubles());
        }
    }

    /** Softplus's backward pass from its input. */
    public static void softplusBackward(Kernels kernels, double beta, double threshold, Tensor x, Tensor dy, Tensor dx) {
        sameDType("softplusBackward", x, dy, dx);
        sameSize("softplusBackward", "dy", dy, x.size());
        sameSize("softplusBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.softplusBackward(x.size(), (float) beta, (float) threshold, x.floats(), dy.floats(), dx.floats());
        } else {
            kernels.softplusBackward(x.size(), beta, threshold, x.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** Softmax's backward pass from its output y, row by row ([rows, cols]). */
    public static void softmaxBackward(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        sameDType("softmaxBackward", y, dy, dx);
        sameSize("softmaxBackward", "dy", dy, y.size());
        sameSize("softmaxBackward", "dx", dx, y.size());
        if (y.dtype() == DType.F32) {
            kernels.softmaxBackward(y.rows(), y.cols(), y.floats(), dy.floats(), dx.floats());
        } else {
            kernels.softmaxBackward(y.rows(), y.cols(), y.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** Log-softmax's backward pass from its output y, row by row ([rows, cols]). */
    public static void logSoftmaxBackward(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        sameDType("logSoftmaxBackward", y, dy, dx);
        sameSize("logSoftmaxBackward", "dy", dy, y.size());
        sameSize("logSoftmaxBackward", "dx", dx, y.size());
        if (y.dtype() == DType.F32) {
            kernels.logSoftmaxBackward(y.rows(), y.cols(), y.floats(), dy.floats(), dx.floats());
        } else {
            kernels.logSoftmaxBackward(y.rows(), y.cols(), y.doubles(), dy.doubles(), dx.doubles());
        }
    }

    /** Row-wise log-softmax of x read as [rows, cols]. */
    public static void logSoftmax(Kernels kernels, Tensor x, Tensor out) {
        sameDType("logSoftmax", x, out);
        sameSize("logSoftmax", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.logSoftmax(x.rows(), x.cols(), x.floats(), out.floats());
        } else {
            kernels.logSoftmax(x.rows(), x.cols(), x.doubles(), out.doubles());
        }
    }

    /** Row-wise softmax of x read as [rows, cols]. */
    public static void softmax(Kernels kernels, Tensor x, Tensor out) {
        sameDType("softmax", x, out);
        sameSize("softmax", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.softmax(x.rows(), x.cols(), x.floats(), out.floats());
        } else {
            kernels.softmax(x.rows(), x.cols(), x.doubles(), out.doubles());
        }
    }

    /** Mean softmax cross-entropy of logits [rows, classes] against labels; the gradient into {@code gradient} (may be null). */
    public static double softmaxCrossEntropy(Kernels kernels, Tensor logits, int[] labels, Tensor gradient) {
        if (gradient != null) {
            sameDType("softmaxCrossEntropy", logits, gradient);
            sameSize("softmaxCrossEntropy", "gradient", gradient, logits.size());
        }
        if (logits.dtype() == DType.F32) {
            return kernels.softmaxCrossEntropy(logits.rows(), logits.cols(), logits.floats(), labels,
                    gradient == null ? null : gradient.floats());
        }
        return kernels.softmaxCrossEntropy(logits.rows(), logits.cols(), logits.doubles(), labels,
                gradient == null ? null : gradient.doubles());
    }

    /**
     * PyTorch's cross-entropy with class weights (a vector in the logits' dtype, or null) and label smoothing,
     * mean reduction (see {@link Kernels#crossEntropy}); the gradient into {@code gradient} (may be null).
     */
    public static double crossEntropy(Kernels kernels, Tensor logits, int[] labels, Tensor classWeights,
                                      double labelSmoothing, Tensor gradient) {
        if (gradient != null) {
            sameDType("crossEntropy", logits, gradient);
            sameSize("crossEntropy", "gradient", gradient, logits.size());
        }
        if (classWeights != null) {
            sameDType("crossEntropy", logits, classWeights);
            sameSize("crossEntropy", "classWeights", classWeights, logits.cols());
        }
        if (logits.dtype() == DType.F32) {
            return kernels.crossEntropy(logits.rows(), logits.cols(), logits.floats(), labels,
                    classWeights == null ? null : classWeights.floats(), (float) labelSmoothing,
                    gradient == null ? null : gradient.floats());
        }
        return kernels.crossEntropy(logits.rows(), logits.cols(), logits.doubles(), labels,
                classWeights == null ? null : classWeights.doubles(), labelSmoothing,
                gradient == null ? null : gradient.doubles());
    }

    /**
     * The mean binary cross-entropy of logits against targets of the same shape, with a positive weight per
     * column (a vector in the logits' dtype, or null; see {@link Kernels#binaryCrossEntropyWithLogits}); the
     * gradient into {@code gradient} (may be null).
     */
    public static double binaryCrossEntropyWithLogits(Kernels kernels, Tensor logits, Tensor targets, Tensor posWeight,
                                                      Tensor gradient) {
        sameDType("binaryCrossEntropyWithLogits", logits, targets);
        sameSize("binaryCrossEntropyWithLogits", "targets", targets, logits.size());
        if (gradient != null) {
            sameDType("binaryCrossEntropyWithLogits", logits, gradient);
            sameSize("binaryCrossEntropyWithLogits", "gradient", gradient, logits.size());
        }
        if (posWeight != null) {
            sameDType("binaryCrossEntropyWithLogits", logits, posWeight);
            sameSize("binaryCrossEntropyWithLogits", "posWeight", posWeight, logits.cols());
        }
        if (logits.dtype() == DType.F32) {
            return kernels.binaryCrossEntropyWithLogits(logits.rows(), logits.cols(), logits.floats(), targets.floats(),
                    posWeight == null ? null : posWeight.floats(), gradient == null ? null : gradient.floats());
        }
        return kernels.binaryCrossEntropyWithLogits(logits.rows(), logits.cols(), logits.doubles(), targets.doubles(),
                posWeight == null ? null : posWeight.doubles(), gradient == null ? null : gradient.doubles());
    }

    /** ½·Σ (prediction − target)²; prediction − target into {@code gradient} (may be null). */
    public static double halfSquaredError(Kernels kernels, Tensor prediction, Tensor target, Tensor gradient) {
        sameDType("halfSquaredError", prediction, target);
        sameSize("halfSquaredError", "target", target, prediction.size());
        if (gradient != null) {
            sameDType("halfSquaredError", prediction, gradient);
            sameSize("halfSquaredError", "gradient", gradient, prediction.size());
        }
        if (prediction.dtype() == DType.F32) {
            return kernels.halfSquaredError(prediction.size(), prediction.floats(), target.floats(),
                    gradient == null ? null : gradient.floats());
        }
        return kernels.halfSquaredError(prediction.size(), prediction.doubles(), target.doubles(),
                gradient == null ? null : gradient.doubles());
    }

    /** The mean of a regression loss over every element, and its gradient unless {@code gradient} is null. */
    public static double regressionLoss(Kernels kernels, RegressionLoss kind, double parameter, Tensor prediction,
                                        Tensor target, Tensor gradient) {
        sameDType("regressionLoss", prediction, target);
        sameSize("regressionLoss", "target", target, prediction.size());
        if (gradient != null) {
            sameDType("regressionLoss", prediction, gradient);
            sameSize("regressionLoss", "gradient", gradient, prediction.size());
        }
        if (prediction.dtype() == DType.F32) {
            return kernels.regressionLoss(kind, (float) parameter, prediction.size(), prediction.floats(), target.floats(),
                    gradient == null ? null : gradient.floats());
        }
        return kernels.regressionLoss(kind, parameter, prediction.size(), prediction.doubles(), target.doubles(),
                gradient == null ? null : gradient.doubles());
    }

    /** y += alpha·x. */
    public static void axpy(Kernels kernels, double alpha, Tensor x, Tensor y) {
        sameDType("axpy", x, y);
        sameSize("axpy", "y", y, x.size());
        if (x.dtype() == DType.F32) {
            kernels.axpy(x.size(), (float) alpha, x.floats(), y.floats());
        } else {
            kernels.axpy(x.size(), alpha, x.doubles(), y.doubles());
        }
    }

    /** x *= alpha, in place. */
    public static void scale(Kernels kernels, double alpha, Tensor x) {
        if (x.dtype() == DType.F32) {
            kernels.scale(x.size(), (float) alpha, x.floats());
        } else {
            kernels.scale(x.size(), alpha, x.doubles());
        }
    }

    /** Σ x², computed in the tensor's dtype. */
    public static double sumOfSquares(Kernels kernels, Tensor x) {
        return x.dtype() == DType.F32 ? kernels.sumOfSquares(x.size(), x.floats()) : kernels.sumOfSquares(x.size(), x.doubles());
    }

    /** out[i] = the column of row i's largest element, for x read as [rows, cols]. */
    public static void argmaxRows(Kernels kernels, Tensor x, int[] out) {
        if (x.dtype() == DType.F32) {
            kernels.argmaxRows(x.rows(), x.cols(), x.floats(), out);
        } else {
            kernels.argmaxRows(x.rows(), x.cols(), x.doubles(), out);
        }
    }

    /** One Adam update (see {@link Kernels#adamStep}). */
    public static void adamStep(Kernels kernels, Tensor param, Tensor grad, Tensor m, Tensor v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        sameDType("adamStep", param, grad, m, v);
        sameSize("adamStep", "grad", grad, param.size());
        sameSize("adamStep", "m", m, param.size());
        sameSize("adamStep", "v", v, param.size());
        if (param.dtype() == DType.F32) {
            kernels.adamStep(param.size(), param.floats(), grad.floats(), m.floats(), v.floats(),
                    (float) learningRate, (float) beta1, (float) beta2, (float) epsilon, step);
        } else {
            kernels.adamStep(param.size(), param.doubles(), grad.doubles(), m.doubles(), v.doubles(),
                    learningRate, beta1, beta2, epsilon, step);
        }
    }

    /** One AdamW update (see {@link Kernels#adamwStep}). */
    public static void adamwStep(Kernels kernels, Tensor param, Tensor grad, Tensor m, Tensor v, double learningRate,
                                 double beta1, double beta2, double epsilon, double weightDecay, int step) {
        sameDType("adamwStep", param, grad, m, v);
        sameSize("adamwStep", "grad", grad, param.size());
        sameSize("adamwStep", "m", m, param.size());
        sameSize("adamwStep", "v", v, param.size());
        if (param.dtype() == DType.F32) {
            kernels.adamwStep(param.size(), param.floats(), grad.floats(), m.floats(), v.floats(),
                    (float) learningRate, (float) beta1, (float) beta2, (float) epsilon, (float) weightDecay, step);
        } else {
            kernels.adamwStep(param.size(), param.doubles(), grad.doubles(), m.doubles(), v.doubles(),
                    learningRate, beta1, beta2, epsilon, weightDecay, step);
        }
    }

    /** One SGD-with-momentum update (see {@link Kernels#sgdMomentumStep}). */
    public static void sgdMomentumStep(Kernels kernels, Tensor param, Tensor grad, Tensor buffer, double learningRate,
                                       double momentum, boolean nesterov) {
        sameDType("sgdMomentumStep", param, grad, buffer);
        sameSize("sgdMomentumStep", "grad", grad, param.size());
        sameSize("sgdMomentumStep", "buffer", buffer, param.size());
        if (param.dtype() == DType.F32) {
            kernels.sgdMomentumStep(param.size(), param.floats(), grad.floats(), buffer.floats(),
                    (float) learningRate, (float) momentum, nesterov);
        } else {
            kernels.sgdMomentumStep(param.size(), param.doubles(), grad.doubles(), buffer.doubles(), learningRate, momentum, nesterov);
        }
    }

    /** One RMSprop update (see {@link Kernels#rmspropStep}); {@code gradAvg} and {@code buffer} may be null. */
    public static void rmspropStep(Kernels kernels, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buffer,
                                   double learningRate, double alpha, double epsilon, double momentum) {
        sameDType("rmspropStep", param, grad, squareAvg);
        sameSize("rmspropStep", "grad", grad, param.size());
        sameSize("rmspropStep", "squareAvg", squareAvg, param.size());
        if (gradAvg != null) {
            sameDType("rmspropStep", param, gradAvg);
            sameSize("rmspropStep", "gradAvg", gradAvg, param.size());
        }
        if (buffer != null) {
            sameDType("rmspropStep", param, buffer);
            sameSize("rmspropStep", "buffer", buffer, param.size());
        }
        if (param.dtype() == DType.F32) {
            kernels.rmspropStep(param.size(), param.floats(), grad.floats(), squareAvg.floats(),
                    gradAvg == null ? null : gradAvg.floats(), buffer == null ? null : buffer.floats(),
                    (float) learningRate, (float) alpha, (float) epsilon, (float) momentum);
        } else {
            kernels.rmspropStep(param.size(), param.doubles(), grad.doubles(), squareAvg.doubles(),
                    gradAvg == null ? null : gradAvg.doubles(), buffer == null ? null : buffer.doubles(),
                    learningRate, alpha, epsilon, momentum);
        }
    }

    /** One Adagrad update with this step's rate (see {@link Kernels#adagradStep}). */
    public static void adagradStep(Kernels kernels, Tensor param, Tensor grad, Tensor sum, double learningRate, double epsilon) {
        sameDType("adagradStep", param, grad, sum);
        sameSize("adagradStep", "grad", grad, param.size());
        sameSize("adagradStep", "sum", sum, param.size());
        if (param.dtype() == DType.F32) {
            kernels.adagradStep(param.size(), param.floats(), grad.floats(), sum.floats(), (float) learningRate, (float) epsilon);
        } else {
            kernels.adagradStep(param.size(), param.doubles(), grad.doubles(), sum.doubles(), learningRate, epsilon);
        }
    }

    /** Clamps every element of x into [−limit, limit], in place. */
    public static void clipByValue(Kernels kernels, Tensor x, double limit) {
        if (x.dtype() == DType.F32) {
            kernels.clipByValue(x.size(), x.floats(), (float) limit);
        } else {
            kernels.clipByValue(x.size(), x.doubles(), limit);
        }
    }

    /** Inverted dropout of x into out with the mask {@code seed} selects (see {@link Kernels#dropout(int, float[], float, long, float[])}). */
    public static void dropout(Kernels kernels, Tensor x, double p, long seed, Tensor out) {
        sameDType("dropout", x, out);
        sameSize("dropout", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.dropout(x.size(), x.floats(), (float) p, seed, out.floats());
        } else {
            kernels.dropout(x.size(), x.doubles(), p, seed, out.doubles());
        }
    }

    /** Dropout of relu(x) into out in one pass, the same bits as relu then dropout with the same seed. */
    public static void reluDropout(Kernels kernels, Tensor x, double p, long seed, Tensor out) {
        sameDType("reluDropout", x, out);
        sameSize("reluDropout", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.reluDropout(x.size(), x.floats(), (float) p, seed, out.floats());
        } else {
            kernels.reluDropout(x.size(), x.doubles(), p, seed, out.doubles());
        }
    }

    /** Each column's mean and biased variance, of x read as [rows, cols]. */
    public static void columnMoments(Kernels kernels, Tensor x, Tensor mean, Tensor variance) {
        sameDType("columnMoments", x, mean, variance);
        sameSize("columnMoments", "mean", mean, x.cols());
        sameSize("columnMoments", "variance", variance, x.cols());
        if (x.dtype() == DType.F32) {
            kernels.columnMoments(x.rows(), x.cols(), x.floats(), mean.floats(), variance.floats());
        } else {
            kernels.columnMoments(x.rows(), x.cols(), x.doubles(), mean.doubles(), variance.doubles());
        }
    }

    /** Each row's mean and biased variance, of x read as [rows, cols]. */
    public static void rowMoments(Kernels kernels, Tensor x, Tensor mean, Tensor variance) {
        sameDType("rowMoments", x, mean, variance);
        sameSize("rowMoments", "mean", mean, x.rows());
        sameSize("rowMoments", "variance", variance, x.rows());
        if (x.dtype() == DType.F32) {
            kernels.rowMoments(x.rows(), x.cols(), x.floats(), mean.floats(), variance.floats());
        } else {
            kernels.rowMoments(x.rows(), x.cols(), x.doubles(), mean.doubles(), variance.doubles());
        }
    }

    /** out = (x − mean[j])·scale[j] + shift[j], x read as [rows, cols]. */
    public static void normalizeColumns(Kernels kernels, Tensor x, Tensor mean, Tensor scale, Tensor shift, Tensor out) {
        sameDType("normalizeColumns", x, mean, scale, shift);
        sameDType("normalizeColumns", x, out);
        sameSize("normalizeColumns", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.normalizeColumns(x.rows(), x.cols(), x.floats(), mean.floats(), scale.floats(), shift.floats(), out.floats());
        } else {
            kernels.normalizeColumns(x.rows(), x.cols(), x.doubles(), mean.doubles(), scale.doubles(), shift.doubles(), out.doubles());
        }
    }

    /** out = (x − mean[i])·invStd[i]·weight[j] + bias[j], x read as [rows, cols]. */
    public static void normalizeRows(Kernels kernels, Tensor x, Tensor mean, Tensor invStd, Tensor weight, Tensor bias, Tensor out) {
        sameDType("normalizeRows", x, mean, invStd, weight);
        sameDType("normalizeRows", x, bias, out);
        sameSize("normalizeRows", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.normalizeRows(x.rows(), x.cols(), x.floats(), mean.floats(), invStd.floats(), weight.floats(),
                    bias.floats(), out.floats());
        } else {
            kernels.normalizeRows(x.rows(), x.cols(), x.doubles(), mean.doubles(), invStd.doubles(), weight.doubles(),
                    bias.doubles(), out.doubles());
        }
    }

    /** Layer normalisation's forward pass in one call (see {@link Kernels#layerNormalize(int, int, float[], double, float[], float[], float[], float[], float[])}). */
    public static void layerNormalize(Kernels kernels, Tensor x, double eps, Tensor weight, Tensor bias, Tensor mean,
                                      Tensor invStd, Tensor out) {
        sameDType("layerNormalize", x, weight, bias, mean);
        sameDType("layerNormalize", x, invStd, out);
        sameSize("layerNormalize", "mean", mean, x.rows());
        sameSize("layerNormalize", "invStd", invStd, x.rows());
        sameSize("layerNormalize", "out", out, x.size());
        if (x.dtype() == DType.F32) {
            kernels.layerNormalize(x.rows(), x.cols(), x.floats(), eps, weight.floats(), bias.floats(), mean.floats(),
                    invStd.floats(), out.floats());
        } else {
            kernels.layerNormalize(x.rows(), x.cols(), x.doubles(), eps, weight.doubles(), bias.doubles(), mean.doubles(),
                    invStd.doubles(), out.doubles());
        }
    }

    /** Batch normalisation's backward pass (see {@link Kernels#normalizeColumnsBackward(int, int, float[], float[], float[], float[], boolean, float[], float[], float, float[], float[])}). */
    public static void normalizeColumnsBackward(Kernels kernels, Tensor x, Tensor mean, Tensor invStd, Tensor weight,
                                                boolean batchStatistics, Tensor dy, Tensor dx, double beta,
                                                Tensor dWeight, Tensor dBias) {
        sameDType("normalizeColumnsBackward", x, mean, invStd, weight);
        sameDType("normalizeColumnsBackward", x, dy, dx, dWeight);
        sameDType("normalizeColumnsBackward", x, dBias);
        sameSize("normalizeColumnsBackward", "dy", dy, x.size());
        sameSize("normalizeColumnsBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.normalizeColumnsBackward(x.rows(), x.cols(), x.floats(), mean.floats(), invStd.floats(), weight.floats(),
                    batchStatistics, dy.floats(), dx.floats(), (float) beta, dWeight.floats(), dBias.floats());
        } else {
            kernels.normalizeColumnsBackward(x.rows(), x.cols(), x.doubles(), mean.doubles(), invStd.doubles(), weight.doubles(),
                    batchStatistics, dy.doubles(), dx.doubles(), beta, dWeight.doubles(), dBias.doubles());
        }
    }

    /** Layer normalisation's backward pass (see {@link Kernels#normalizeRowsBackward(int, int, float[], float[], float[], float[], float[], float[], float, float[], float[])}). */
    public static void normalizeRowsBackward(Kernels kernels, Tensor x, Tensor mean, Tensor invStd, Tensor weight,
                                             Tensor dy, Tensor dx, double beta, Tensor dWeight, Tensor dBias) {
        sameDType("normalizeRowsBackward", x, mean, invStd, weight);
        sameDType("normalizeRowsBackward", x, dy, dx, dWeight);
        sameDType("normalizeRowsBackward", x, dBias);
        sameSize("normalizeRowsBackward", "dy", dy, x.size());
        sameSize("normalizeRowsBackward", "dx", dx, x.size());
        if (x.dtype() == DType.F32) {
            kernels.normalizeRowsBackward(x.rows(), x.cols(), x.floats(), mean.floats(), invStd.floats(), weight.floats(),
                    dy.floats(), dx.floats(), (float) beta, dWeight.floats(), dBias.floats());
        } else {
            kernels.normalizeRowsBackward(x.rows(), x.cols(), x.doubles(), mean.doubles(), invStd.doubles(), weight.doubles(),
                    dy.doubles(), dx.doubles(), beta, dWeight.doubles(), dBias.doubles());
        }
    }

    // Fixed arities rather than varargs: a varargs array per call would allocate in every training step.
    private static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": mixed dtypes " + a.describe() + " and " + b.describe());
        }
    }

    private static void sameDType(String op, Tensor a, Tensor b, Tensor c) {
        sameDType(op, a, b);
        sameDType(op, a, c);
    }

    private static void sameDType(String op, Tensor a, Tensor b, Tensor c, Tensor d) {
        sameDType(op, a, b, c);
        sameDType(op, a, d);
    }

    private static void sameSize(String op, String name, Tensor t, int expected) {
        if (t.size() != expected) {
            throw new IllegalArgumentException(op + ": " + name + " " + t.describe() + " has " + t.size()
                    + " elements, expected " + expected);
        }
    }
}
