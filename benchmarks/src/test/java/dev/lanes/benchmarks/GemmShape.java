package dev.lanes.benchmarks;

import dev.lanes.kernels.Transpose;

import java.util.SplittableRandom;

/**
 * A GEMM benchmark shape, written {@code TT:MxNxK}: the transposes of A and B ({@code N} or {@code T}), then
 * C's rows M, columns N and the depth K, exactly as {@code gemm(transA, transB, m, n, k, …)} is called.
 *
 * <p>The neural-net shapes are the three calls a Linear layer with its weight W stored out × in makes, for the
 * 784 → 256 layer of the 784-256-10 net at batch 128 (64 for the small forward) and its 256 → 10 output layer:
 * <ul>
 * <li>forward y = x·Wᵀ: {@code gemm(N, T, batch, out, in)}: {@code NT:64x256x784}, {@code NT:128x256x784};
 * {@code NT:128x10x256} (the 10-class output layer, N ≤ 16); {@code NT:1x256x784} (one sample, M = 1);
 * <li>weight gradient dW = dyᵀ·x: {@code gemm(T, N, out, in, batch)}: {@code TN:256x784x128} — the issue's
 * "784×256×128, Xᵀ·dY" is the same product for a weight stored in × out (same flops, C transposed);
 * <li>input gradient dx = dy·W: {@code gemm(N, N, batch, in, out)}: {@code NN:128x784x256}.
 * </ul>
 * The shapes are named M×N×K (its 128×10×256 has N = 10 classes), which these follow.
 */
final class GemmShape {
    final Transpose transA, transB;
    final int m, n, k, lda, ldb, ldc;

    GemmShape(String spec) {
        String[] parts = spec.split(":");
        if (parts.length != 2 || parts[0].length() != 2) {
            throw new IllegalArgumentException("shape must look like NT:128x256x784, got " + spec);
        }
        transA = parts[0].charAt(0) == 'T' ? Transpose.TRANSPOSE : Transpose.NONE;
        transB = parts[0].charAt(1) == 'T' ? Transpose.TRANSPOSE : Transpose.NONE;
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        lda = transA == Transpose.NONE ? k : m;
        ldb = transB == Transpose.NONE ? n : k;
        ldc = n;
    }

    boolean transposedA() {
        return transA == Transpose.TRANSPOSE;
    }

    boolean transposedB() {
        return transB == Transpose.TRANSPOSE;
    }

    /** 2·M·N·K / 10⁹: the GFLOP of one call. */
    double gigaflop() {
        return 2e-9 * m * n * k;
    }

    static float[] random(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
