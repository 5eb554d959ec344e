package dev.lanes.kernels.scalar;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.RegressionLoss;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.spi.LossMean;

/**
 * The reference implementation of every kernel: one plain loop per operation, summing in index order in the
 * element type. Written to be read; {@link dev.lanes.kernels.Kernels} documents what each method computes. It is
 * what the scalar provider runs and what every family interface of the SPI ({@link dev.lanes.kernels.spi}) falls
 * back to, so a provider inherits it for each operation it does not accelerate. Arguments arrive validated.
 */
public final class ScalarKernels {
    private ScalarKernels() {
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** op(B), k × n, copied into {@code packed} as k rows of n: the layout the reference's packed GEMM reads. */
    public static void pack(Transpose transB, int k, int n, float[] b, int bOffset, int ldb, float[] packed) {
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                packed[p * n + j] = transB == Transpose.NONE ? b[bOffset + p * ldb + j] : b[bOffset + j * ldb + p];
            }
        }
    }

    public static void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                            float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb,
                            float beta, float[] c, int cOffset, int ldc,
                     float[] bias, Activation activation) {
        // op(A)[i][p] = a[aOffset + i*aRowStride + p*aColStride], and likewise for B.
        int aRowStride = transA == Transpose.NONE ? lda : 1, aColStride = transA == Transpose.NONE ? 1 : lda;
        int bRowStride = transB == Transpose.NONE ? ldb : 1, bColStride = transB == Transpose.NONE ? 1 : ldb;
        boolean readAB = alpha != 0 && k > 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float value = 0;
                if (readAB) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[aOffset + i * aRowStride + p * aColStride] * b[bOffset + p * bRowStride + j * bColStride];
                    }
                    value = alpha * sum;
                }
                int ci = cOffset + i * ldc + j;
                if (beta != 0) {
                    value += beta * c[ci];
                }
                if (bias != null) {
                    value += bias[j];
                }
                c[ci] = activate(activation, value);
            }
        }
    }

    /** The fused GEMM's activation of one element: the bits the element-wise kernel gives it. */
    private static float activate(Activation activation, float value) {
        return switch (activation) {
            case IDENTITY -> value;
            case RELU -> Math.max(value, 0f);
            case GELU -> (float) ActivationFunctions.gelu(value);
            case GELU_TANH -> (float) ActivationFunctions.geluTanh(value);
        };
    }

    public static void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        addBias(rows, 0, cols, x, bias, out);
    }

    /** addBias on columns [from, cols) of each row only: the columns a vector provider leaves after whole vectors. */
    public static void addBias(int rows, int from, int cols, float[] x, float[] bias, float[] out) {
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < cols; j++) {
                out[i * cols + j] = x[i * cols + j] + bias[j];
            }
        }
    }

    public static void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
        for (int j = 0; j < cols; j++) {
            float sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += x[i * cols + j];
            }
            out[j] = beta == 0 ? sum : beta * out[j] + sum;
        }
    }

    public static void relu(int n, float[] x, float[] out) {
        relu(0, n, x, out);
    }

    /** relu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void relu(int from, int n, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    public static void reluMask(int n, float[] x, float[] mask) {
        reluMask(0, n, x, mask);
    }

    /** reluMask on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void reluMask(int from, int n, float[] x, float[] mask) {
        for (int i = from; i < n; i++) {
            mask[i] = x[i] > 0 ? 1f : 0f;
        }
    }

    public static void reluBackward(int n, float[] x, float[] dy, float[] dx) {
        reluBackward(0, n, x, dy, dx);
    }

    /** reluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void reluBackward(int from, int n, float[] x, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0f;
        }
    }

    public static void sigmoid(int n, float[] x, float[] out) {
        sigmoid(0, n, x, out);
    }

    /** sigmoid on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void sigmoid(int from, int n, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = 1f / (1f + (float) Math.exp(-x[i]));
        }
    }

    public static void sigmoidBackward(int n, float[] y, float[] dy, float[] dx) {
        sigmoidBackward(0, n, y, dy, dx);
    }

    /** sigmoidBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void sigmoidBackward(int from, int n, float[] y, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    public static void tanh(int n, float[] x, float[] out) {
        tanh(0, n, x, out);
    }

    /** tanh on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void tanh(int from, int n, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }

    public static void tanhBackward(int n, float[] y, float[] dy, float[] dx) {
        tanhBackward(0, n, y, dy, dx);
    }

    /** tanhBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void tanhBackward(int from, int n, float[] y, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * (1f - y[i] * y[i]);
        }
    }

    public static void gelu(int n, float[] x, float[] out) {
        gelu(0, n, x, out);
    }

    /** gelu on elements [from, n) only: a row of a GEMM's output, for a provider's fused epilogue. */
    public static void gelu(int from, int n, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = (float) ActivationFunctions.gelu(x[i]);
        }
    }

    public static void geluBackward(int n, float[] x, float[] dy, float[] dx) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * (float) ActivationFunctions.geluDerivative(x[i]);
        }
    }

    public static void geluTanh(int n, float[] x, float[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = (float) ActivationFunctions.geluTanh(x[i]);
        }
    }

    public static void geluTanhBackward(int n, float[] x, float[] dy, float[] dx) {
        geluTanhBackward(0, n, x, dy, dx);
    }

    /** geluTanhBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void geluTanhBackward(int from, int n, float[] x, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * (float) ActivationFunctions.geluTanhDerivative(x[i]);
        }
    }

    public static void leakyRelu(int n, float slope, float[] x, float[] out) {
        leakyRelu(0, n, slope, x, out);
    }

    /** leakyRelu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void leakyRelu(int from, int n, float slope, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = x[i] > 0 ? x[i] : x[i] * slope;
        }
    }

    public static void leakyReluBackward(int n, float slope, float[] x, float[] dy, float[] dx) {
        leakyReluBackward(0, n, slope, x, dy, dx);
    }

    /** leakyReluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void leakyReluBackward(int from, int n, float slope, float[] x, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : dy[i] * slope;
        }
    }

    public static void elu(int n, float alpha, float[] x, float[] out) {
        elu(0, n, alpha, x, out);
    }

    /** elu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void elu(int from, int n, float alpha, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = (float) ActivationFunctions.elu(x[i], alpha);
        }
    }

    public static void eluBackward(int n, float alpha, float[] x, float[] dy, float[] dx) {
        eluBackward(0, n, alpha, x, dy, dx);
    }

    /** eluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void eluBackward(int from, int n, float alpha, float[] x, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * (float) ActivationFunctions.eluDerivative(x[i], alpha);
        }
    }

    public static void silu(int n, float[] x, float[] out) {
        silu(0, n, x, out);
    }

    /** silu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void silu(int from, int n, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = (float) ActivationFunctions.silu(x[i]);
        }
    }

    public static void siluBackward(int n, float[] x, float[] dy, float[] dx) {
        siluBackward(0, n, x, dy, dx);
    }

    /** siluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void siluBackward(int from, int n, float[] x, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * (float) ActivationFunctions.siluDerivative(x[i]);
        }
    }

    public static void softplus(int n, float beta, float threshold, float[] x, float[] out) {
        softplus(0, n, beta, threshold, x, out);
    }

    /** softplus on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void softplus(int from, int n, float beta, float threshold, float[] x, float[] out) {
        for (int i = from; i < n; i++) {
            out[i] = (float) ActivationFunctions.softplus(x[i], beta, threshold);
        }
    }

    public static void softplusBackward(int n, float beta, float threshold, float[] x, float[] dy, float[] dx) {
        softplusBackward(0, n, beta, threshold, x, dy, dx);
    }

    /** softplusBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void softplusBackward(int from, int n, float beta, float threshold, float[] x, float[] dy, float[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * (float) ActivationFunctions.softplusDerivative(x[i], beta, threshold);
        }
    }

    public static void softmax(int rows, int cols, float[] x, float[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = rowMax(x, row, cols);
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[row + j] - max);
                out[row + j] = e;
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                out[row + j] /= sum;
            }
        }
    }

    public static void logSoftmax(int rows, int cols, float[] x, float[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = rowMax(x, row, cols);
            float logSum = (float) Math.log(sumExp(x, row, cols, max));
            for (int j = 0; j < cols; j++) {
                out[row + j] = x[row + j] - max - logSum;
            }
        }
    }

    /** dx = y ⊙ (dy − Σⱼ dyⱼyⱼ) per row, from softmax's output y. */
    public static void softmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += dy[row + j] * y[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[row + j] = y[row + j] * (dy[row + j] - dot);
            }
        }
    }

    /** dx = dy − e^y · Σⱼ dyⱼ per row, from log-softmax's output y. */
    public static void logSoftmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += dy[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[row + j] = dy[row + j] - (float) Math.exp(y[row + j]) * sum;
            }
        }
    }

    public static float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        float scaledTotal = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = rowMax(logits, row, cols);
            float sum = sumExp(logits, row, cols, max);
            scaledTotal = LossMean.addRow(scaledTotal, max, logits[row + labels[r]], (float) Math.log(sum));
            if (gradient != null) {
                for (int j = 0; j < cols; j++) {
                    float p = (float) Math.exp(logits[row + j] - max) / sum;
                    gradient[row + j] = (p - (j == labels[r] ? 1f : 0f)) / rows;
                }
            }
        }
        return LossMean.mean(scaledTotal, rows);
    }

    /**
     * PyTorch's cross-entropy with class weights w (null: all 1) and label smoothing ε, mean reduction: the sum over
     * rows of (1 − ε)·w[y]·ℓ_y + (ε/cols)·Σⱼ wⱼ·ℓⱼ, with ℓⱼ = (max − xⱼ) + log Σ e^(x − max), divided by Σᵢ w[yᵢ].
     * The smoothing sum is taken as Σⱼ wⱼ·(max − xⱼ) + (Σⱼ wⱼ)·log Σ: non-negative terms, no cancellation.
     */
    public static float crossEntropy(int rows, int cols, float[] logits, int[] labels, float[] classWeights,
                                     float labelSmoothing, float[] gradient) {
        float labelShare = 1f - labelSmoothing, spread = labelSmoothing / cols;
        float weightTotal = classWeightTotal(cols, classWeights), denominator = labelWeightTotal(rows, labels, classWeights);
        float total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = labels[r];
            float max = rowMax(logits, row, cols);
            float sum = sumExp(logits, row, cols, max);
            float logSum = (float) Math.log(sum);
            float labelWeight = classWeight(classWeights, label);
            float rowLoss = labelShare * labelWeight * ((max - logits[row + label]) + logSum);
            if (spread != 0) {
                float gaps = 0;
                for (int j = 0; j < cols; j++) {
                    gaps += classWeight(classWeights, j) * (max - logits[row + j]);
                }
                rowLoss += spread * (gaps + weightTotal * logSum);
            }
            total += rowLoss;
            if (gradient != null) {
                float probabilityScale = labelShare * labelWeight + spread * weightTotal;
                for (int j = 0; j < cols; j++) {
                    float p = (float) Math.exp(logits[row + j] - max) / sum;
                    float target = spread * classWeight(classWeights, j) + (j == label ? labelShare * labelWeight : 0f);
                    gradient[row + j] = (probabilityScale * p - target) / denominator;
                }
            }
        }
        return total / denominator;
    }

    /** Class j's weight, 1 when there are no weights. */
    public static float classWeight(float[] classWeights, int j) {
        return classWeights == null ? 1f : classWeights[j];
    }

    /** Σⱼ wⱼ over the classes, left to right (cols when there are no weights). */
    public static float classWeightTotal(int cols, float[] classWeights) {
        float total = 0;
        for (int j = 0; j < cols; j++) {
            total += classWeight(classWeights, j);
        }
        return total;
    }

    /** Σᵢ w[labels[i]] over the rows, left to right: the weighted mean's denominator (rows when there are no weights). */
    public static float labelWeightTotal(int rows, int[] labels, float[] classWeights) {
        float total = 0;
        for (int r = 0; r < rows; r++) {
            total += classWeight(classWeights, labels[r]);
        }
        return total;
    }

    /**
     * The mean over rows·cols elements of PyTorch's binary cross-entropy with logits, in the stable form
     * max(x, 0) − x·y + log1p(e^−|x|), plus (p − 1)·y·(max(−x, 0) + log1p(e^−|x|)) with a positive weight p for the
     * element's column; its gradient is (σ(x) − y − (p − 1)·y·σ(−x)) / (rows·cols).
     */
    public static float binaryCrossEntropyWithLogits(int rows, int cols, float[] logits, float[] targets,
                                                     float[] posWeight, float[] gradient) {
        int n = rows * cols;
        float total = 0;
        for (int i = 0; i < n; i++) {
            float x = logits[i], y = targets[i];
            float e = (float) Math.exp(-Math.abs(x));
            float softplusOfMinusAbs = (float) Math.log1p(e);
            float loss = Math.max(x, 0f) - x * y + softplusOfMinusAbs;
            float sigmoid = x >= 0 ? 1f / (1f + e) : e / (1f + e);
            float sigmoidOfMinus = x >= 0 ? e / (1f + e) : 1f / (1f + e);
            float g = sigmoid - y;
            if (posWeight != null) {
                float extra = (posWeight[i % cols] - 1f) * y;
                loss += extra * (Math.max(-x, 0f) + softplusOfMinusAbs);
                g -= extra * sigmoidOfMinus;
            }
            total += loss;
            if (gradient != null) {
                gradient[i] = g / n;
            }
        }
        return total / n;
    }

    public static float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float d = prediction[i] - target[i];
            sum += d * d;
            if (gradient != null) {
                gradient[i] = d;
            }
        }
        return 0.5f * sum;
    }

    /**
     * The regression losses' reference: per element d = prediction − target in the element type, its term and
     * slope from {@link #regressionTerm} and {@link #regressionSlope}, the gradient slope·(1/n), the sum left to
     * right, then divided by n.
     */
    public static float regressionLoss(RegressionLoss kind, float parameter, int n, float[] prediction, float[] target,
                                       float[] gradient) {
        float scale = 1f / n, sum = 0;
        for (int i = 0; i < n; i++) {
            float d = prediction[i] - target[i];
            sum += regressionTerm(kind, parameter, d);
            if (gradient != null) {
                gradient[i] = regressionSlope(kind, parameter, d) * scale;
            }
        }
        return sum / n;
    }

    /**
     * ℓ(d) as {@link RegressionLoss} defines it, with PyTorch's operations in PyTorch's order (½·z·z is (½·z)·z):
     * the operations a vector provider repeats lane by lane, so its terms are the same bits.
     */
    public static float regressionTerm(RegressionLoss kind, float parameter, float d) {
        float z = Math.abs(d);
        return switch (kind) {
            case MSE -> d * d;
            case L1 -> z;
            case HUBER -> z < parameter ? 0.5f * z * z : parameter * (z - 0.5f * parameter);
            case SMOOTH_L1 -> z < parameter ? 0.5f * z * z / parameter : z - 0.5f * parameter;
        };
    }

    /**
     * ℓ′(d) as {@link RegressionLoss} defines it. Huber's clamp is written as comparisons (d itself where neither
     * holds), so NaN and −0 pass through as they do through PyTorch's clamp; smooth L1 tests d ≤ −β first, as
     * PyTorch 1.13's backward does, which gives −1 at d = 0 when β = 0.
     */
    public static float regressionSlope(RegressionLoss kind, float parameter, float d) {
        return switch (kind) {
            case MSE -> 2f * d;
            case L1 -> Math.signum(d);
            case HUBER -> d > parameter ? parameter : d < -parameter ? -parameter : d;
            case SMOOTH_L1 -> d <= -parameter ? -1f : d >= parameter ? 1f : d / parameter;
        };
    }

    public static void axpy(int n, float alpha, float[] x, float[] y) {
        axpy(0, n, alpha, x, y);
    }

    /** axpy on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void axpy(int from, int n, float alpha, float[] x, float[] y) {
        for (int i = from; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    public static void scale(int n, float alpha, float[] x) {
        scale(0, n, alpha, x);
    }

    /** scale on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void scale(int from, int n, float alpha, float[] x) {
        for (int i = from; i < n; i++) {
            x[i] *= alpha;
        }
    }

    public static float sumOfSquares(int n, float[] x) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i] * x[i];
        }
        return sum;
    }

    public static void argmaxRows(int rows, int cols, float[] x, int[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols, best = 0;
            for (int j = 0; j < cols; j++) {
                float v = x[row + j];
                if (Float.isNaN(v)) {
                    best = j;
                    break;
                }
                if (v > x[row + best]) {
                    best = j;
                }
            }
            out[r] = best;
        }
    }

    public static void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        adamStep(0, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    /** adamStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void adamStep(int from, int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        // Adam is AdamW without decay: the parameter is multiplied by exactly 1, which changes no bit.
        adamwStep(from, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, 0, step);
    }

    public static void adamwStep(int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                                 float beta1, float beta2, float epsilon, float weightDecay, int step) {
        adamwStep(0, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /** adamwStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void adamwStep(int from, int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                                 float beta1, float beta2, float epsilon, float weightDecay, int step) {
        float decay = (float) (1 - (double) learningRate * weightDecay);
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
        float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        for (int i = from; i < n; i++) {
            float g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            param[i] = param[i] * decay - stepSize * m[i] / ((float) Math.sqrt(v[i]) / sqrtCorrection2 + epsilon);
        }
    }

    public static void sgdMomentumStep(int n, float[] param, float[] grad, float[] buffer,
                                       float learningRate, float momentum, boolean nesterov) {
        sgdMomentumStep(0, n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /** sgdMomentumStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void sgdMomentumStep(int from, int n, float[] param, float[] grad, float[] buffer,
                                       float learningRate, float momentum, boolean nesterov) {
        for (int i = from; i < n; i++) {
            float g = grad[i];
            float b = momentum * buffer[i] + g;
            buffer[i] = b;
            param[i] -= learningRate * (nesterov ? g + momentum * b : b);
        }
    }

    public static void rmspropStep(int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg,
                                   float[] buffer, float learningRate, float alpha, float epsilon, float momentum) {
        rmspropStep(0, n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /** rmspropStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void rmspropStep(int from, int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg,
                                   float[] buffer, float learningRate, float alpha, float epsilon, float momentum) {
        float oneMinusAlpha = 1 - alpha;
        for (int i = from; i < n; i++) {
            float g = grad[i];
            float s = alpha * squareAvg[i] + oneMinusAlpha * g * g;
            squareAvg[i] = s;
            if (gradAvg != null) {
                float a = alpha * gradAvg[i] + oneMinusAlpha * g;
                gradAvg[i] = a;
                s = s - a * a;
            }
            float denominator = (float) Math.sqrt(s) + epsilon;
            if (momentum > 0) {
                float b = momentum * buffer[i] + g / denominator;
                buffer[i] = b;
                param[i] -= learningRate * b;
            } else {
                param[i] -= learningRate * g / denominator;
            }
        }
    }

    public static void adagradStep(int n, float[] param, float[] grad, float[] sum, float learningRate, float epsilon) {
        adagradStep(0, n, param, grad, sum, learningRate, epsilon);
    }

    /** adagradStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void adagradStep(int from, int n, float[] param, float[] grad, float[] sum,
                                   float learningRate, float epsilon) {
        for (int i = from; i < n; i++) {
            float g = grad[i];
            float s = sum[i] + g * g;
            sum[i] = s;
            param[i] -= learningRate * g / ((float) Math.sqrt(s) + epsilon);
        }
    }

    public static void clipByValue(int n, float[] x, float limit) {
        clipByValue(0, n, x, limit);
    }

    /** clipByValue on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void clipByValue(int from, int n, float[] x, float limit) {
        for (int i = from; i < n; i++) {
            x[i] = Math.max(-limit, Math.min(limit, x[i]));
        }
    }

    private static float rowMax(float[] x, int row, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[row + j]);
        }
        return max;
    }

    private static float sumExp(float[] x, int row, int cols, float max) {
        float sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += (float) Math.exp(x[row + j] - max);
        }
        return sum;
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** op(B), k × n, copied into {@code packed} as k rows of n: the layout the reference's packed GEMM reads. */
    public static void pack(Transpose transB, int k, int n, double[] b, int bOffset, int ldb, double[] packed) {
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                packed[p * n + j] = transB == Transpose.NONE ? b[bOffset + p * ldb + j] : b[bOffset + j * ldb + p];
            }
        }
    }

    public static void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                            double alpha, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb,
                            double beta, double[] c, int cOffset, int ldc,
                     double[] bias, Activation activation) {
        // op(A)[i][p] = a[aOffset + i*aRowStride + p*aColStride], and likewise for B.
        int aRowStride = transA == Transpose.NONE ? lda : 1, aColStride = transA == Transpose.NONE ? 1 : lda;
        int bRowStride = transB == Transpose.NONE ? ldb : 1, bColStride = transB == Transpose.NONE ? 1 : ldb;
        boolean readAB = alpha != 0 && k > 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double value = 0;
                if (readAB) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[aOffset + i * aRowStride + p * aColStride] * b[bOffset + p * bRowStride + j * bColStride];
                    }
                    value = alpha * sum;
                }
                int ci = cOffset + i * ldc + j;
                if (beta != 0) {
                    value += beta * c[ci];
                }
                if (bias != null) {
                    value += bias[j];
                }
                c[ci] = activate(activation, value);
            }
        }
    }

    /** The fused GEMM's activation of one element: the bits the element-wise kernel gives it. */
    private static double activate(Activation activation, double value) {
        return switch (activation) {
            case IDENTITY -> value;
            case RELU -> Math.max(value, 0d);
            case GELU -> ActivationFunctions.gelu(value);
            case GELU_TANH -> ActivationFunctions.geluTanh(value);
        };
    }

    public static void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        addBias(rows, 0, cols, x, bias, out);
    }

    /** addBias on columns [from, cols) of each row only: the columns a vector provider leaves after whole vectors. */
    public static void addBias(int rows, int from, int cols, double[] x, double[] bias, double[] out) {
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < cols; j++) {
                out[i * cols + j] = x[i * cols + j] + bias[j];
            }
        }
    }

    public static void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += x[i * cols + j];
            }
            out[j] = beta == 0 ? sum : beta * out[j] + sum;
        }
    }

    public static void relu(int n, double[] x, double[] out) {
        relu(0, n, x, out);
    }

    /** relu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void relu(int from, int n, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = Math.max(x[i], 0d);
        }
    }

    public static void reluMask(int n, double[] x, double[] mask) {
        reluMask(0, n, x, mask);
    }

    /** reluMask on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void reluMask(int from, int n, double[] x, double[] mask) {
        for (int i = from; i < n; i++) {
            mask[i] = x[i] > 0 ? 1d : 0d;
        }
    }

    public static void reluBackward(int n, double[] x, double[] dy, double[] dx) {
        reluBackward(0, n, x, dy, dx);
    }

    /** reluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void reluBackward(int from, int n, double[] x, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0d;
        }
    }

    public static void sigmoid(int n, double[] x, double[] out) {
        sigmoid(0, n, x, out);
    }

    /** sigmoid on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void sigmoid(int from, int n, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = 1d / (1d + Math.exp(-x[i]));
        }
    }

    public static void sigmoidBackward(int n, double[] y, double[] dy, double[] dx) {
        sigmoidBackward(0, n, y, dy, dx);
    }

    /** sigmoidBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void sigmoidBackward(int from, int n, double[] y, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * y[i] * (1d - y[i]);
        }
    }

    public static void tanh(int n, double[] x, double[] out) {
        tanh(0, n, x, out);
    }

    /** tanh on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void tanh(int from, int n, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = Math.tanh(x[i]);
        }
    }

    public static void tanhBackward(int n, double[] y, double[] dy, double[] dx) {
        tanhBackward(0, n, y, dy, dx);
    }

    /** tanhBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void tanhBackward(int from, int n, double[] y, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * (1d - y[i] * y[i]);
        }
    }

    public static void gelu(int n, double[] x, double[] out) {
        gelu(0, n, x, out);
    }

    /** gelu on elements [from, n) only: a row of a GEMM's output, for a provider's fused epilogue. */
    public static void gelu(int from, int n, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = ActivationFunctions.gelu(x[i]);
        }
    }

    public static void geluBackward(int n, double[] x, double[] dy, double[] dx) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * ActivationFunctions.geluDerivative(x[i]);
        }
    }

    public static void geluTanh(int n, double[] x, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = ActivationFunctions.geluTanh(x[i]);
        }
    }

    public static void geluTanhBackward(int n, double[] x, double[] dy, double[] dx) {
        geluTanhBackward(0, n, x, dy, dx);
    }

    /** geluTanhBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void geluTanhBackward(int from, int n, double[] x, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * ActivationFunctions.geluTanhDerivative(x[i]);
        }
    }

    public static void leakyRelu(int n, double slope, double[] x, double[] out) {
        leakyRelu(0, n, slope, x, out);
    }

    /** leakyRelu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void leakyRelu(int from, int n, double slope, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = x[i] > 0 ? x[i] : x[i] * slope;
        }
    }

    public static void leakyReluBackward(int n, double slope, double[] x, double[] dy, double[] dx) {
        leakyReluBackward(0, n, slope, x, dy, dx);
    }

    /** leakyReluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void leakyReluBackward(int from, int n, double slope, double[] x, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : dy[i] * slope;
        }
    }

    public static void elu(int n, double alpha, double[] x, double[] out) {
        elu(0, n, alpha, x, out);
    }

    /** elu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void elu(int from, int n, double alpha, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = ActivationFunctions.elu(x[i], alpha);
        }
    }

    public static void eluBackward(int n, double alpha, double[] x, double[] dy, double[] dx) {
        eluBackward(0, n, alpha, x, dy, dx);
    }

    /** eluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void eluBackward(int from, int n, double alpha, double[] x, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * ActivationFunctions.eluDerivative(x[i], alpha);
        }
    }

    public static void silu(int n, double[] x, double[] out) {
        silu(0, n, x, out);
    }

    /** silu on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void silu(int from, int n, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = ActivationFunctions.silu(x[i]);
        }
    }

    public static void siluBackward(int n, double[] x, double[] dy, double[] dx) {
        siluBackward(0, n, x, dy, dx);
    }

    /** siluBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void siluBackward(int from, int n, double[] x, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * ActivationFunctions.siluDerivative(x[i]);
        }
    }

    public static void softplus(int n, double beta, double threshold, double[] x, double[] out) {
        softplus(0, n, beta, threshold, x, out);
    }

    /** softplus on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void softplus(int from, int n, double beta, double threshold, double[] x, double[] out) {
        for (int i = from; i < n; i++) {
            out[i] = ActivationFunctions.softplus(x[i], beta, threshold);
        }
    }

    public static void softplusBackward(int n, double beta, double threshold, double[] x, double[] dy, double[] dx) {
        softplusBackward(0, n, beta, threshold, x, dy, dx);
    }

    /** softplusBackward on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void softplusBackward(int from, int n, double beta, double threshold, double[] x, double[] dy, double[] dx) {
        for (int i = from; i < n; i++) {
            dx[i] = dy[i] * ActivationFunctions.softplusDerivative(x[i], beta, threshold);
        }
    }

    public static void softmax(int rows, int cols, double[] x, double[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = rowMax(x, row, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[row + j] - max);
                out[row + j] = e;
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                out[row + j] /= sum;
            }
        }
    }

    public static void logSoftmax(int rows, int cols, double[] x, double[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = rowMax(x, row, cols);
            double logSum = Math.log(sumExp(x, row, cols, max));
            for (int j = 0; j < cols; j++) {
                out[row + j] = x[row + j] - max - logSum;
            }
        }
    }

    /** dx = y ⊙ (dy − Σⱼ dyⱼyⱼ) per row, from softmax's output y. */
    public static void softmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += dy[row + j] * y[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[row + j] = y[row + j] * (dy[row + j] - dot);
            }
        }
    }

    /** dx = dy − e^y · Σⱼ dyⱼ per row, from log-softmax's output y. */
    public static void logSoftmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += dy[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[row + j] = dy[row + j] - Math.exp(y[row + j]) * sum;
            }
        }
    }

    public static double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        double scaledTotal = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = rowMax(logits, row, cols);
            double sum = sumExp(logits, row, cols, max);
            scaledTotal = LossMean.addRow(scaledTotal, max, logits[row + labels[r]], Math.log(sum));
            if (gradient != null) {
                for (int j = 0; j < cols; j++) {
                    double p = Math.exp(logits[row + j] - max) / sum;
                    gradient[row + j] = (p - (j == labels[r] ? 1d : 0d)) / rows;
                }
            }
        }
        return LossMean.mean(scaledTotal, rows);
    }

    /**
     * PyTorch's cross-entropy with class weights w (null: all 1) and label smoothing ε, mean reduction: the sum over
     * rows of (1 − ε)·w[y]·ℓ_y + (ε/cols)·Σⱼ wⱼ·ℓⱼ, with ℓⱼ = (max − xⱼ) + log Σ e^(x − max), divided by Σᵢ w[yᵢ].
     * The smoothing sum is taken as Σⱼ wⱼ·(max − xⱼ) + (Σⱼ wⱼ)·log Σ: non-negative terms, no cancellation.
     */
    public static double crossEntropy(int rows, int cols, double[] logits, int[] labels, double[] classWeights,
                                     double labelSmoothing, double[] gradient) {
        double labelShare = 1d - labelSmoothing, spread = labelSmoothing / cols;
        double weightTotal = classWeightTotal(cols, classWeights), denominator = labelWeightTotal(rows, labels, classWeights);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = labels[r];
            double max = rowMax(logits, row, cols);
            double sum = sumExp(logits, row, cols, max);
            double logSum = Math.log(sum);
            double labelWeight = classWeight(classWeights, label);
            double rowLoss = labelShare * labelWeight * ((max - logits[row + label]) + logSum);
            if (spread != 0) {
                double gaps = 0;
                for (int j = 0; j < cols; j++) {
                    gaps += classWeight(classWeights, j) * (max - logits[row + j]);
                }
                rowLoss += spread * (gaps + weightTotal * logSum);
            }
            total += rowLoss;
            if (gradient != null) {
                double probabilityScale = labelShare * labelWeight + spread * weightTotal;
                for (int j = 0; j < cols; j++) {
                    double p = Math.exp(logits[row + j] - max) / sum;
                    double target = spread * classWeight(classWeights, j) + (j == label ? labelShare * labelWeight : 0d);
                    gradient[row + j] = (probabilityScale * p - target) / denominator;
                }
            }
        }
        return total / denominator;
    }

    /** Class j's weight, 1 when there are no weights. */
    public static double classWeight(double[] classWeights, int j) {
        return classWeights == null ? 1d : classWeights[j];
    }

    /** Σⱼ wⱼ over the classes, left to right (cols when there are no weights). */
    public static double classWeightTotal(int cols, double[] classWeights) {
        double total = 0;
        for (int j = 0; j < cols; j++) {
            total += classWeight(classWeights, j);
        }
        return total;
    }

    /** Σᵢ w[labels[i]] over the rows, left to right: the weighted mean's denominator (rows when there are no weights). */
    public static double labelWeightTotal(int rows, int[] labels, double[] classWeights) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += classWeight(classWeights, labels[r]);
        }
        return total;
    }

    /**
     * The mean over rows·cols elements of PyTorch's binary cross-entropy with logits, in the stable form
     * max(x, 0) − x·y + log1p(e^−|x|), plus (p − 1)·y·(max(−x, 0) + log1p(e^−|x|)) with a positive weight p for the
     * element's column; its gradient is (σ(x) − y − (p − 1)·y·σ(−x)) / (rows·cols).
     */
    public static double binaryCrossEntropyWithLogits(int rows, int cols, double[] logits, double[] targets,
                                                     double[] posWeight, double[] gradient) {
        int n = rows * cols;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double x = logits[i], y = targets[i];
            double e = Math.exp(-Math.abs(x));
            double softplusOfMinusAbs = (double) Math.log1p(e);
            double loss = Math.max(x, 0d) - x * y + softplusOfMinusAbs;
            double sigmoid = x >= 0 ? 1d / (1d + e) : e / (1d + e);
            double sigmoidOfMinus = x >= 0 ? e / (1d + e) : 1d / (1d + e);
            double g = sigmoid - y;
            if (posWeight != null) {
                double extra = (posWeight[i % cols] - 1d) * y;
                loss += extra * (Math.max(-x, 0d) + softplusOfMinusAbs);
                g -= extra * sigmoidOfMinus;
            }
            total += loss;
            if (gradient != null) {
                gradient[i] = g / n;
            }
        }
        return total / n;
    }

    public static double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = prediction[i] - target[i];
            sum += d * d;
            if (gradient != null) {
                gradient[i] = d;
            }
        }
        return 0.5d * sum;
    }

    /**
     * The regression losses' reference: per element d = prediction − target in the element type, its term and
     * slope from {@link #regressionTerm} and {@link #regressionSlope}, the gradient slope·(1/n), the sum left to
     * right, then divided by n.
     */
    public static double regressionLoss(RegressionLoss kind, double parameter, int n, double[] prediction, double[] target,
                                       double[] gradient) {
        double scale = 1d / n, sum = 0;
        for (int i = 0; i < n; i++) {
            double d = prediction[i] - target[i];
            sum += regressionTerm(kind, parameter, d);
            if (gradient != null) {
                gradient[i] = regressionSlope(kind, parameter, d) * scale;
            }
        }
        return sum / n;
    }

    /**
     * ℓ(d) as {@link RegressionLoss} defines it, with PyTorch's operations in PyTorch's order (½·z·z is (½·z)·z):
     * the operations a vector provider repeats lane by lane, so its terms are the same bits.
     */
    public static double regressionTerm(RegressionLoss kind, double parameter, double d) {
        double z = Math.abs(d);
        return switch (kind) {
            case MSE -> d * d;
            case L1 -> z;
            case HUBER -> z < parameter ? 0.5d * z * z : parameter * (z - 0.5d * parameter);
            case SMOOTH_L1 -> z < parameter ? 0.5d * z * z / parameter : z - 0.5d * parameter;
        };
    }

    /**
     * ℓ′(d) as {@link RegressionLoss} defines it. Huber's clamp is written as comparisons (d itself where neither
     * holds), so NaN and −0 pass through as they do through PyTorch's clamp; smooth L1 tests d ≤ −β first, as
     * PyTorch 1.13's backward does, which gives −1 at d = 0 when β = 0.
     */
    public static double regressionSlope(RegressionLoss kind, double parameter, double d) {
        return switch (kind) {
            case MSE -> 2d * d;
            case L1 -> Math.signum(d);
            case HUBER -> d > parameter ? parameter : d < -parameter ? -parameter : d;
            case SMOOTH_L1 -> d <= -parameter ? -1d : d >= parameter ? 1d : d / parameter;
        };
    }

    public static void axpy(int n, double alpha, double[] x, double[] y) {
        axpy(0, n, alpha, x, y);
    }

    /** axpy on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void axpy(int from, int n, double alpha, double[] x, double[] y) {
        for (int i = from; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    public static void scale(int n, double alpha, double[] x) {
        scale(0, n, alpha, x);
    }

    /** scale on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void scale(int from, int n, double alpha, double[] x) {
        for (int i = from; i < n; i++) {
            x[i] *= alpha;
        }
    }

    public static double sumOfSquares(int n, double[] x) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i] * x[i];
        }
        return sum;
    }

    public static void argmaxRows(int rows, int cols, double[] x, int[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols, best = 0;
            for (int j = 0; j < cols; j++) {
                double v = x[row + j];
                if (Double.isNaN(v)) {
                    best = j;
                    break;
                }
                if (v > x[row + best]) {
                    best = j;
                }
            }
            out[r] = best;
        }
    }

    public static void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        adamStep(0, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    /** adamStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void adamStep(int from, int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        // Adam is AdamW without decay: the parameter is multiplied by exactly 1, which changes no bit.
        adamwStep(from, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, 0, step);
    }

    public static void adamwStep(int n, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                                 double beta1, double beta2, double epsilon, double weightDecay, int step) {
        adamwStep(0, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /** adamwStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void adamwStep(int from, int n, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                                 double beta1, double beta2, double epsilon, double weightDecay, int step) {
        double decay = (double) (1 - (double) learningRate * weightDecay);
        double stepSize = (double) (learningRate / (1 - Math.pow(beta1, step)));
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, step));
        for (int i = from; i < n; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            param[i] = param[i] * decay - stepSize * m[i] / (Math.sqrt(v[i]) / sqrtCorrection2 + epsilon);
        }
    }

    public static void sgdMomentumStep(int n, double[] param, double[] grad, double[] buffer,
                                       double learningRate, double momentum, boolean nesterov) {
        sgdMomentumStep(0, n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /** sgdMomentumStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void sgdMomentumStep(int from, int n, double[] param, double[] grad, double[] buffer,
                                       double learningRate, double momentum, boolean nesterov) {
        for (int i = from; i < n; i++) {
            double g = grad[i];
            double b = momentum * buffer[i] + g;
            buffer[i] = b;
            param[i] -= learningRate * (nesterov ? g + momentum * b : b);
        }
    }

    public static void rmspropStep(int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg,
                                   double[] buffer, double learningRate, double alpha, double epsilon, double momentum) {
        rmspropStep(0, n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /** rmspropStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void rmspropStep(int from, int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg,
                                   double[] buffer, double learningRate, double alpha, double epsilon, double momentum) {
        double oneMinusAlpha = 1 - alpha;
        for (int i = from; i < n; i++) {
            double g = grad[i];
            double s = alpha * squareAvg[i] + oneMinusAlpha * g * g;
            squareAvg[i] = s;
            if (gradAvg != null) {
                double a = alpha * gradAvg[i] + oneMinusAlpha * g;
                gradAvg[i] = a;
                s = s - a * a;
            }
            double denominator = Math.sqrt(s) + epsilon;
            if (momentum > 0) {
                double b = momentum * buffer[i] + g / denominator;
                buffer[i] = b;
                param[i] -= learningRate * b;
            } else {
                param[i] -= learningRate * g / denominator;
            }
        }
    }

    public static void adagradStep(int n, double[] param, double[] grad, double[] sum, double learningRate, double epsilon) {
        adagradStep(0, n, param, grad, sum, learningRate, epsilon);
    }

    /** adagradStep on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void adagradStep(int from, int n, double[] param, double[] grad, double[] sum,
                                   double learningRate, double epsilon) {
        for (int i = from; i < n; i++) {
            double g = grad[i];
            double s = sum[i] + g * g;
            sum[i] = s;
            param[i] -= learningRate * g / (Math.sqrt(s) + epsilon);
        }
    }

    public static void clipByValue(int n, double[] x, double limit) {
        clipByValue(0, n, x, limit);
    }

    /** clipByValue on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void clipByValue(int from, int n, double[] x, double limit) {
        for (int i = from; i < n; i++) {
            x[i] = Math.max(-limit, Math.min(limit, x[i]));
        }
    }

    private static double rowMax(double[] x, int row, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[row + j]);
        }
        return max;
    }

    private static double sumExp(double[] x, int row, int cols, double max) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Math.exp(x[row + j] - max);
        }
        return sum;
    }

    // ---- end of generated double half ----
}
