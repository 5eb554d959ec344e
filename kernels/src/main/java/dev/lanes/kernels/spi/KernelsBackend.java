package dev.lanes.kernels.spi;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;

/**
 * The operations a provider implements. {@link dev.lanes.kernels.Kernels} documents each one, validates
 * every argument before calling here, and handles empty shapes where the result is trivially defined, so a
 * backend may assume: arrays are non-null and long enough, dimensions are non-negative, leading dimensions
 * are large enough, C does not overlap A or B, labels are in range.
 *
 * <p>Float and double methods are the same operation in two precisions.
 */
public interface KernelsBackend {

    // ---- float ----

    void gemm(Transpose transA, Transpose transB, int m, int n, int k,
              float alpha, float[] a, int aOffset, int lda,
              float[] b, int bOffset, int ldb,
              float beta, float[] c, int cOffset, int ldc,
              float[] bias, Activation activation);

    void addBias(int rows, int cols, float[] x, float[] bias, float[] out);

    void columnSums(int rows, int cols, float[] x, float beta, float[] out);

    void relu(int n, float[] x, float[] out);

    void reluMask(int n, float[] x, float[] mask);

    void reluBackward(int n, float[] x, float[] dy, float[] dx);

    void sigmoid(int n, float[] x, float[] out);

    void sigmoidBackward(int n, float[] y, float[] dy, float[] dx);

    void softmax(int rows, int cols, float[] x, float[] out);

    void logSoftmax(int rows, int cols, float[] x, float[] out);

    float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient);

    float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient);

    void axpy(int n, float alpha, float[] x, float[] y);

    void scale(int n, float alpha, float[] x);

    float sumOfSquares(int n, float[] x);

    void argmaxRows(int rows, int cols, float[] x, int[] out);

    void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                  float learningRate, float beta1, float beta2, float epsilon, int step);

    // ---- double ----

    void gemm(Transpose transA, Transpose transB, int m, int n, int k,
              double alpha, double[] a, int aOffset, int lda,
              double[] b, int bOffset, int ldb,
              double beta, double[] c, int cOffset, int ldc,
              double[] bias, Activation activation);

    void addBias(int rows, int cols, double[] x, double[] bias, double[] out);

    void columnSums(int rows, int cols, double[] x, double beta, double[] out);

    void relu(int n, double[] x, double[] out);

    void reluMask(int n, double[] x, double[] mask);

    void reluBackward(int n, double[] x, double[] dy, double[] dx);

    void sigmoid(int n, double[] x, double[] out);

    void sigmoidBackward(int n, double[] y, double[] dy, double[] dx);

    void softmax(int rows, int cols, double[] x, double[] out);

    void logSoftmax(int rows, int cols, double[] x, double[] out);

    double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient);

    double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient);

    void axpy(int n, double alpha, double[] x, double[] y);

    void scale(int n, double alpha, double[] x);

    double sumOfSquares(int n, double[] x);

    void argmaxRows(int rows, int cols, double[] x, int[] out);

    void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                  double learningRate, double beta1, double beta2, double epsilon, int step);
}
