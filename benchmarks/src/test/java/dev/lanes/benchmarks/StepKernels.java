package dev.lanes.benchmarks;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import dev.lanes.nn.layers.Sequential;

/**
 * One SGD training step of a one-hidden-layer ReLU net (e.g. 784-256-10) as the bare kernel calls {@code nn} makes
 * for it, phase by phase, with the same arguments, layouts, transposes and offsets as {@code Linear}, {@code ReLU},
 * {@code SoftmaxCrossEntropy} and {@code Sgd} pass (nn's internal {@code TensorKernels} only derives them from shapes). The
 * parameters are the arrays of a real {@code nn} model, so a phase touches exactly the memory it touches inside
 * {@code Trainer}'s step. {@code openBlas}, when set, replaces every GEMM by OpenBLAS's {@code sgemm} of the same
 * shape, transposes and beta, without the fused bias and ReLU (which it does not have): the GEMM part at
 * OpenBLAS's speed.
 *
 * <p>There is no zero-grad phase: {@code nn} only marks the gradients cleared, and the backward pass overwrites
 * them (beta 0 in the weight-gradient GEMM and the bias-gradient column sums) instead of adding to zeros.
 */
final class StepKernels {

    /** The phases, in the order a step runs them. */
    enum Phase { FORWARD1, FORWARD2, LOSS, BACKWARD2, RELU_BACKWARD, BACKWARD1, UPDATE }

    final int batch, in, hidden, out;
    private final Kernels kernels;
    private final OpenBlas openBlas;
    private final float learningRate;
    private final float[] x, w1, b1, w2, b2, dw1, db1, dw2, db2;
    private final float[] h, logits, dLogits, dh, dPre;
    private final int[] labels;

    StepKernels(Sequential model, Kernels kernels, OpenBlas openBlas, float[] x, int[] labels, int batch, float learningRate) {
        var p = model.namedParameters();
        if (p.size() != 4) {
            throw new IllegalArgumentException("StepKernels: a net with one hidden layer, got " + model.describe());
        }
        this.kernels = kernels;
        this.openBlas = openBlas;
        this.learningRate = learningRate;
        this.batch = batch;
        this.hidden = p.get("0.weight").value().dim(0);
        this.in = p.get("0.weight").value().dim(1);
        this.out = p.get("2.weight").value().dim(0);
        this.x = x;
        this.labels = labels;
        w1 = p.get("0.weight").value().floats();
        b1 = p.get("0.bias").value().floats();
        w2 = p.get("2.weight").value().floats();
        b2 = p.get("2.bias").value().floats();
        dw1 = p.get("0.weight").grad().floats();
        db1 = p.get("0.bias").grad().floats();
        dw2 = p.get("2.weight").grad().floats();
        db2 = p.get("2.bias").grad().floats();
        h = new float[batch * hidden];
        logits = new float[batch * out];
        dLogits = new float[batch * out];
        dh = new float[batch * hidden];
        dPre = new float[batch * hidden];
    }

    /** Runs one phase; returns something JMH can consume. */
    float run(Phase phase) {
        switch (phase) {
            // Linear(784 → 256) with the ReLU fused: y = relu(x·W1ᵀ + b1)
            case FORWARD1 -> gemm(Transpose.NONE, Transpose.TRANSPOSE, batch, hidden, in, x, in, w1, in, 0f, h, hidden, b1, Activation.RELU);
            // Linear(256 → 10): logits = h·W2ᵀ + b2
            case FORWARD2 -> gemm(Transpose.NONE, Transpose.TRANSPOSE, batch, out, hidden, h, hidden, w2, hidden, 0f, logits, out, b2, Activation.IDENTITY);
            case LOSS -> {
                return kernels.softmaxCrossEntropy(batch, out, logits, labels, dLogits);
            }
            // Linear(256 → 10).backward: dW2 = dLogitsᵀ·h, db2 = column sums, dh = dLogits·W2
            case BACKWARD2 -> {
                gemm(Transpose.TRANSPOSE, Transpose.NONE, out, hidden, batch, dLogits, out, h, hidden, 0f, dw2, hidden, null, Activation.IDENTITY);
                kernels.columnSums(batch, out, dLogits, 0f, db2);
                gemm(Transpose.NONE, Transpose.NONE, batch, hidden, out, dLogits, out, w2, hidden, 0f, dh, hidden, null, Activation.IDENTITY);
            }
            case RELU_BACKWARD -> kernels.reluBackward(batch * hidden, h, dh, dPre);
            // Linear(784 → 256).backward without the input gradient: dW1 = dPreᵀ·x, db1 = column sums
            case BACKWARD1 -> {
                gemm(Transpose.TRANSPOSE, Transpose.NONE, hidden, in, batch, dPre, hidden, x, in, 0f, dw1, in, null, Activation.IDENTITY);
                kernels.columnSums(batch, hidden, dPre, 0f, db1);
            }
            case UPDATE -> {
                kernels.axpy(w1.length, -learningRate, dw1, w1);
                kernels.axpy(b1.length, -learningRate, db1, b1);
                kernels.axpy(w2.length, -learningRate, dw2, w2);
                kernels.axpy(b2.length, -learningRate, db2, b2);
            }
        }
        return dw1[0];
    }

    private void gemm(Transpose transA, Transpose transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                      float beta, float[] c, int ldc, float[] bias, Activation activation) {
        if (openBlas != null) {
            openBlas.sgemm(transA == Transpose.TRANSPOSE, transB == Transpose.TRANSPOSE, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
        } else {
            kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, c, 0, ldc, bias, activation);
        }
    }
}
