package dev.lanes.kernels.vector;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.vector.gemm.VectorGemm;

/**
 * The Vector API backend: GEMM from {@link VectorGemm}, the other operations from one class per kind —
 * {@link VectorElementwise}, {@link VectorActivations}, {@link VectorRowwise}, {@link VectorReductions}. Each of
 * those documents where its results may differ from the scalar reference (only in the order of sums and in the
 * last bit of e^x; everything else is bit-identical).
 *
 * <p>Only GEMM uses more than one thread. The other operations are memory-bound, so one core already runs them
 * near memory bandwidth; they run on the calling thread, and their results cannot depend on the thread count.
 */
final class VectorKernels implements KernelsBackend {
    private final int threads;

    VectorKernels(int threads) {
        this.threads = threads;
    }

    // =============================================== float ===============================================

    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc,
                     float[] bias, Activation activation) {
        VectorGemm.gemm(threads, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, activation);
    }

    @Override
    public void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        VectorElementwise.addBias(rows, cols, x, bias, out);
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
        VectorReductions.columnSums(rows, cols, x, beta, out);
    }

    @Override
    public void relu(int n, float[] x, float[] out) {
        VectorActivations.relu(n, x, out);
    }

    @Override
    public void reluMask(int n, float[] x, float[] mask) {
        VectorActivations.reluMask(n, x, mask);
    }

    @Override
    public void reluBackward(int n, float[] x, float[] dy, float[] dx) {
        VectorActivations.reluBackward(n, x, dy, dx);
    }

    @Override
    public void sigmoid(int n, float[] x, float[] out) {
        VectorActivations.sigmoid(n, x, out);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, float[] dy, float[] dx) {
        VectorActivations.sigmoidBackward(n, y, dy, dx);
    }

    @Override
    public void softmax(int rows, int cols, float[] x, float[] out) {
        VectorRowwise.softmax(rows, cols, x, out);
    }

    @Override
    public void logSoftmax(int rows, int cols, float[] x, float[] out) {
        VectorRowwise.logSoftmax(rows, cols, x, out);
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        return VectorRowwise.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    @Override
    public float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient) {
        return VectorReductions.halfSquaredError(n, prediction, target, gradient);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, float[] y) {
        VectorElementwise.axpy(n, alpha, x, y);
    }

    @Override
    public void scale(int n, float alpha, float[] x) {
        VectorElementwise.scale(n, alpha, x);
    }

    @Override
    public float sumOfSquares(int n, float[] x) {
        return VectorReductions.sumOfSquares(n, x);
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int[] out) {
        VectorRowwise.argmaxRows(rows, cols, x, out);
    }

    @Override
    public void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        VectorElementwise.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    // =============================================== double ==============================================

    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     double alpha, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb,
                     double beta, double[] c, int cOffset, int ldc,
                     double[] bias, Activation activation) {
        VectorGemm.gemm(threads, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, activation);
    }

    @Override
    public void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        VectorElementwise.addBias(rows, cols, x, bias, out);
    }

    @Override
    public void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
        VectorReductions.columnSums(rows, cols, x, beta, out);
    }

    @Override
    public void relu(int n, double[] x, double[] out) {
        VectorActivations.relu(n, x, out);
    }

    @Override
    public void reluMask(int n, double[] x, double[] mask) {
        VectorActivations.reluMask(n, x, mask);
    }

    @Override
    public void reluBackward(int n, double[] x, double[] dy, double[] dx) {
        VectorActivations.reluBackward(n, x, dy, dx);
    }

    @Override
    public void sigmoid(int n, double[] x, double[] out) {
        VectorActivations.sigmoid(n, x, out);
    }

    @Override
    public void sigmoidBackward(int n, double[] y, double[] dy, double[] dx) {
        VectorActivations.sigmoidBackward(n, y, dy, dx);
    }

    @Override
    public void softmax(int rows, int cols, double[] x, double[] out) {
        VectorRowwise.softmax(rows, cols, x, out);
    }

    @Override
    public void logSoftmax(int rows, int cols, double[] x, double[] out) {
        VectorRowwise.logSoftmax(rows, cols, x, out);
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        return VectorRowwise.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    @Override
    public double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient) {
        return VectorReductions.halfSquaredError(n, prediction, target, gradient);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        VectorElementwise.axpy(n, alpha, x, y);
    }

    @Override
    public void scale(int n, double alpha, double[] x) {
        VectorElementwise.scale(n, alpha, x);
    }

    @Override
    public double sumOfSquares(int n, double[] x) {
        return VectorReductions.sumOfSquares(n, x);
    }

    @Override
    public void argmaxRows(int rows, int cols, double[] x, int[] out) {
        VectorRowwise.argmaxRows(rows, cols, x, out);
    }

    @Override
    public void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        VectorElementwise.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }
}
