package dev.lanes.kernels;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The main class {@link ZeroAllocationTest} runs in a fresh JVM under {@code -Xbatch}: every public operation of
 * {@link Kernels}, float and double, on sizes that end in a partial vector, called until C2 has compiled it, then
 * measured with {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}. Prints one line per case,
 * {@code bytes=B op=NAME}, where B is what {@value #MEASURED_CALLS} calls allocated beyond what as many empty calls
 * through the same measurement cost. {@code -Xbatch} makes compilation synchronous, so which code is measured does
 * not depend on how busy the compiler threads were: the same JVM options give the same compiled code every run.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    /** Sizes ending in a partial vector for every vector width from 128 to 512 bits, and one shorter than any vector. */
    static final int[] SIZES = {1, 3, 10, 17, 33, 100};

    /** Rounds of calls to every case before measuring: enough for C2 under -Xbatch (Tier4 needs ~15,000 events). */
    static final int WARM_UP_ROUNDS = 12_000;

    static final int MEASURED_CALLS = 1_000;

    /** One operation on one size and precision, with its arrays made once, as a training step reuses its buffers. */
    record Case(String name, Runnable call) { }

    public static void main(String[] args) {
        Kernels kernels = args.length > 0 ? Kernels.withProvider(args[0]) : Kernels.get();
        List<Case> cases = cases(kernels);
        Case empty = new Case("empty", () -> { });
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (Case c : cases) {
                c.call().run();
            }
            empty.call().run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long measurementCost = measure(threads, empty);
        System.out.println("measurement=" + measurementCost + " provider=" + kernels.providerName());
        for (Case c : cases) {
            System.out.println("bytes=" + (measure(threads, c) - measurementCost) + " op=" + c.name());
        }
    }

    private static long measure(com.sun.management.ThreadMXBean threads, Case c) {
        Runnable call = c.call();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_CALLS; i++) {
            call.run();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    static List<Case> cases(Kernels kernels) {
        List<Case> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(20261205);
        int rows = 3;
        for (int n : SIZES) {
            float[] xf = floats(random, rows * n), yf = floats(random, rows * n), zf = floats(random, rows * n);
            float[] wf = floats(random, rows * n), bf = floats(random, n), of = new float[rows * n];
            double[] xd = doubles(random, rows * n), yd = doubles(random, rows * n), zd = doubles(random, rows * n);
            double[] wd = doubles(random, rows * n), bd = doubles(random, n), od = new double[rows * n];
            // Element-wise operands of exactly n elements, as a layer's bias and its gradient are: a vector that
            // reaches past the end of the array takes another path through a masked load than one that does not.
            float[] ef = floats(random, n), e2f = floats(random, n), e3f = floats(random, n), eof = new float[n];
            double[] ed = doubles(random, n), e2d = doubles(random, n), e3d = doubles(random, n), eod = new double[n];
            float[] vf = positive(floats(random, n));
            double[] vd = positive(doubles(random, n));
            int[] labels = new int[rows], argmax = new int[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = random.nextInt(n);
            }
            float[] sink = new float[1];
            double[] sinkD = new double[1];
            String f = " float n=" + n, d = " double n=" + n;
            // GEMM: C (rows×n) = A (rows×n) · B (n×n), the shape of a layer's forward pass, and its two backward shapes.
            float[] gbf = floats(random, n * n);
            double[] gbd = doubles(random, n * n);
            for (Activation activation : Activation.values()) {
                cases.add(new Case("gemm NN bias " + activation + f, () -> kernels.gemm(Transpose.NONE, Transpose.NONE,
                        rows, n, n, 1f, xf, 0, n, gbf, 0, n, 0f, of, 0, n, bf, activation)));
                cases.add(new Case("gemm NN bias " + activation + d, () -> kernels.gemm(Transpose.NONE, Transpose.NONE,
                        rows, n, n, 1d, xd, 0, n, gbd, 0, n, 0d, od, 0, n, bd, activation)));
            }
            cases.add(new Case("gemm NT" + f, () -> kernels.gemm(Transpose.NONE, Transpose.TRANSPOSE,
                    rows, n, n, 1f, xf, 0, n, gbf, 0, n, 0f, of, 0, n)));
            cases.add(new Case("gemm NT" + d, () -> kernels.gemm(Transpose.NONE, Transpose.TRANSPOSE,
                    rows, n, n, 1d, xd, 0, n, gbd, 0, n, 0d, od, 0, n)));
            // The forward shape with the weights packed once (outside the call, as at inference).
            PackedMatrix pf = kernels.pack(Transpose.TRANSPOSE, n, n, gbf, 0, n);
            PackedMatrix pd = kernels.pack(Transpose.TRANSPOSE, n, n, gbd, 0, n);
            cases.add(new Case("gemm packed NT" + f, () -> kernels.gemm(Transpose.NONE, rows, 1f, xf, 0, n, pf, 0f, of, 0, n,
                    bf, Activation.RELU)));
            cases.add(new Case("gemm packed NT" + d, () -> kernels.gemm(Transpose.NONE, rows, 1d, xd, 0, n, pd, 0d, od, 0, n,
                    bd, Activation.RELU)));
            cases.add(new Case("gemm TN" + f, () -> kernels.gemm(Transpose.TRANSPOSE, Transpose.NONE,
                    n, n, rows, 1f, xf, 0, n, yf, 0, n, 0.5f, gbf, 0, n)));
            cases.add(new Case("gemm TN" + d, () -> kernels.gemm(Transpose.TRANSPOSE, Transpose.NONE,
                    n, n, rows, 1d, xd, 0, n, yd, 0, n, 0.5d, gbd, 0, n)));
            cases.add(new Case("addBias" + f, () -> kernels.addBias(rows, n, xf, bf, of)));
            cases.add(new Case("addBias" + d, () -> kernels.addBias(rows, n, xd, bd, od)));
            cases.add(new Case("columnSums" + f, () -> kernels.columnSums(rows, n, xf, 0.5f, bf)));
            cases.add(new Case("columnSums" + d, () -> kernels.columnSums(rows, n, xd, 0.5d, bd)));
            cases.add(new Case("relu" + f, () -> kernels.relu(n, ef, eof)));
            cases.add(new Case("relu" + d, () -> kernels.relu(n, ed, eod)));
            cases.add(new Case("reluMask" + f, () -> kernels.reluMask(n, ef, eof)));
            cases.add(new Case("reluMask" + d, () -> kernels.reluMask(n, ed, eod)));
            cases.add(new Case("reluBackward" + f, () -> kernels.reluBackward(n, ef, e2f, eof)));
            cases.add(new Case("reluBackward" + d, () -> kernels.reluBackward(n, ed, e2d, eod)));
            cases.add(new Case("sigmoid" + f, () -> kernels.sigmoid(n, ef, eof)));
            cases.add(new Case("sigmoid" + d, () -> kernels.sigmoid(n, ed, eod)));
            cases.add(new Case("sigmoidBackward" + f, () -> kernels.sigmoidBackward(n, ef, e2f, eof)));
            cases.add(new Case("sigmoidBackward" + d, () -> kernels.sigmoidBackward(n, ed, e2d, eod)));
            cases.add(new Case("tanh" + f, () -> kernels.tanh(n, ef, eof)));
            cases.add(new Case("tanh" + d, () -> kernels.tanh(n, ed, eod)));
            cases.add(new Case("gelu" + f, () -> kernels.gelu(n, ef, eof)));
            cases.add(new Case("gelu" + d, () -> kernels.gelu(n, ed, eod)));
            cases.add(new Case("geluTanh" + f, () -> kernels.geluTanh(n, ef, eof)));
            cases.add(new Case("geluTanh" + d, () -> kernels.geluTanh(n, ed, eod)));
            cases.add(new Case("silu" + f, () -> kernels.silu(n, ef, eof)));
            cases.add(new Case("silu" + d, () -> kernels.silu(n, ed, eod)));
            cases.add(new Case("tanhBackward" + f, () -> kernels.tanhBackward(n, ef, e2f, eof)));
            cases.add(new Case("tanhBackward" + d, () -> kernels.tanhBackward(n, ed, e2d, eod)));
            cases.add(new Case("geluBackward" + f, () -> kernels.geluBackward(n, ef, e2f, eof)));
            cases.add(new Case("geluBackward" + d, () -> kernels.geluBackward(n, ed, e2d, eod)));
            cases.add(new Case("geluTanhBackward" + f, () -> kernels.geluTanhBackward(n, ef, e2f, eof)));
            cases.add(new Case("geluTanhBackward" + d, () -> kernels.geluTanhBackward(n, ed, e2d, eod)));
            cases.add(new Case("siluBackward" + f, () -> kernels.siluBackward(n, ef, e2f, eof)));
            cases.add(new Case("siluBackward" + d, () -> kernels.siluBackward(n, ed, e2d, eod)));
            cases.add(new Case("leakyRelu" + f, () -> kernels.leakyRelu(n, 0.01f, ef, eof)));
            cases.add(new Case("leakyRelu" + d, () -> kernels.leakyRelu(n, 0.01d, ed, eod)));
            cases.add(new Case("leakyReluBackward" + f, () -> kernels.leakyReluBackward(n, 0.01f, ef, e2f, eof)));
            cases.add(new Case("leakyReluBackward" + d, () -> kernels.leakyReluBackward(n, 0.01d, ed, e2d, eod)));
            cases.add(new Case("elu" + f, () -> kernels.elu(n, 1f, ef, eof)));
            cases.add(new Case("elu" + d, () -> kernels.elu(n, 1d, ed, eod)));
            cases.add(new Case("eluBackward" + f, () -> kernels.eluBackward(n, 1f, ef, e2f, eof)));
            cases.add(new Case("eluBackward" + d, () -> kernels.eluBackward(n, 1d, ed, e2d, eod)));
            cases.add(new Case("softplus" + f, () -> kernels.softplus(n, 1f, 20f, ef, eof)));
            cases.add(new Case("softplus" + d, () -> kernels.softplus(n, 1d, 20d, ed, eod)));
            cases.add(new Case("softplusBackward" + f, () -> kernels.softplusBackward(n, 1f, 20f, ef, e2f, eof)));
            cases.add(new Case("softplusBackward" + d, () -> kernels.softplusBackward(n, 1d, 20d, ed, e2d, eod)));
            cases.add(new Case("softmaxBackward" + f, () -> kernels.softmaxBackward(rows, n, xf, yf, of)));
            cases.add(new Case("softmaxBackward" + d, () -> kernels.softmaxBackward(rows, n, xd, yd, od)));
            cases.add(new Case("logSoftmaxBackward" + f, () -> kernels.logSoftmaxBackward(rows, n, xf, yf, of)));
            cases.add(new Case("logSoftmaxBackward" + d, () -> kernels.logSoftmaxBackward(rows, n, xd, yd, od)));
            cases.add(new Case("softmax" + f, () -> kernels.softmax(rows, n, xf, of)));
            cases.add(new Case("softmax" + d, () -> kernels.softmax(rows, n, xd, od)));
            cases.add(new Case("logSoftmax" + f, () -> kernels.logSoftmax(rows, n, xf, of)));
            cases.add(new Case("logSoftmax" + d, () -> kernels.logSoftmax(rows, n, xd, od)));
            cases.add(new Case("softmaxCrossEntropy" + f, () -> sink[0] = kernels.softmaxCrossEntropy(rows, n, xf, labels, of)));
            cases.add(new Case("softmaxCrossEntropy" + d, () -> sinkD[0] = kernels.softmaxCrossEntropy(rows, n, xd, labels, od)));
            cases.add(new Case("softmaxCrossEntropy no gradient" + f, () -> sink[0] = kernels.softmaxCrossEntropy(rows, n, xf, labels, null)));
            cases.add(new Case("softmaxCrossEntropy no gradient" + d, () -> sinkD[0] = kernels.softmaxCrossEntropy(rows, n, xd, labels, null)));
            cases.add(new Case("crossEntropy weighted smoothed" + f, () -> sink[0] = kernels.crossEntropy(rows, n, xf, labels, vf, 0.1f, of)));
            cases.add(new Case("crossEntropy weighted smoothed" + d, () -> sinkD[0] = kernels.crossEntropy(rows, n, xd, labels, vd, 0.1d, od)));
            cases.add(new Case("crossEntropy smoothed no gradient" + f, () -> sink[0] = kernels.crossEntropy(rows, n, xf, labels, null, 0.1f, null)));
            cases.add(new Case("crossEntropy smoothed no gradient" + d, () -> sinkD[0] = kernels.crossEntropy(rows, n, xd, labels, null, 0.1d, null)));
            cases.add(new Case("binaryCrossEntropyWithLogits" + f, () -> sink[0] = kernels.binaryCrossEntropyWithLogits(rows, n, xf, yf, null, of)));
            cases.add(new Case("binaryCrossEntropyWithLogits" + d, () -> sinkD[0] = kernels.binaryCrossEntropyWithLogits(rows, n, xd, yd, null, od)));
            cases.add(new Case("binaryCrossEntropyWithLogits pos_weight no gradient" + f, () -> sink[0] = kernels.binaryCrossEntropyWithLogits(rows, n, xf, yf, vf, null)));
            cases.add(new Case("binaryCrossEntropyWithLogits pos_weight no gradient" + d, () -> sinkD[0] = kernels.binaryCrossEntropyWithLogits(rows, n, xd, yd, vd, null)));
            cases.add(new Case("halfSquaredError" + f, () -> sink[0] = kernels.halfSquaredError(n, ef, e2f, eof)));
            cases.add(new Case("halfSquaredError" + d, () -> sinkD[0] = kernels.halfSquaredError(n, ed, e2d, eod)));
            cases.add(new Case("regressionLoss smooth L1" + f, () -> sink[0] = kernels.regressionLoss(RegressionLoss.SMOOTH_L1, 0.5f, n, ef, e2f, eof)));
            cases.add(new Case("regressionLoss Huber no gradient" + d, () -> sinkD[0] = kernels.regressionLoss(RegressionLoss.HUBER, 1d, n, ed, e2d, null)));
            cases.add(new Case("axpy" + f, () -> kernels.axpy(n, 1e-3f, ef, e3f)));
            cases.add(new Case("axpy" + d, () -> kernels.axpy(n, 1e-3d, ed, e3d)));
            cases.add(new Case("scale" + f, () -> kernels.scale(n, 1f, e3f)));
            cases.add(new Case("scale" + d, () -> kernels.scale(n, 1d, e3d)));
            cases.add(new Case("sumOfSquares" + f, () -> sink[0] = kernels.sumOfSquares(n, ef)));
            cases.add(new Case("sumOfSquares" + d, () -> sinkD[0] = kernels.sumOfSquares(n, ed)));
            cases.add(new Case("argmaxRows" + f, () -> kernels.argmaxRows(rows, n, xf, argmax)));
            cases.add(new Case("argmaxRows" + d, () -> kernels.argmaxRows(rows, n, xd, argmax)));
            cases.add(new Case("adamStep" + f, () -> kernels.adamStep(n, e3f, ef, e2f, vf, 1e-6f, 0.9f, 0.999f, 1e-8f, 3)));
            cases.add(new Case("adamStep" + d, () -> kernels.adamStep(n, e3d, ed, e2d, vd, 1e-6d, 0.9d, 0.999d, 1e-8d, 3)));
            cases.add(new Case("adamwStep" + f, () -> kernels.adamwStep(n, e3f, ef, e2f, vf, 1e-6f, 0.9f, 0.999f, 1e-8f, 0.01f, 3)));
            cases.add(new Case("adamwStep" + d, () -> kernels.adamwStep(n, e3d, ed, e2d, vd, 1e-6d, 0.9d, 0.999d, 1e-8d, 0.01d, 3)));
            cases.add(new Case("sgdMomentumStep" + f, () -> kernels.sgdMomentumStep(n, e3f, ef, e2f, 1e-6f, 0.9f, true)));
            cases.add(new Case("sgdMomentumStep" + d, () -> kernels.sgdMomentumStep(n, e3d, ed, e2d, 1e-6d, 0.9d, true)));
            cases.add(new Case("rmspropStep" + f, () -> kernels.rmspropStep(n, e3f, ef, vf, null, e2f, 1e-6f, 0.99f, 1e-8f, 0.5f)));
            cases.add(new Case("rmspropStep" + d, () -> kernels.rmspropStep(n, e3d, ed, vd, null, e2d, 1e-6d, 0.99d, 1e-8d, 0.5d)));
            cases.add(new Case("adagradStep" + f, () -> kernels.adagradStep(n, e3f, ef, vf, 1e-6f, 1e-10f)));
            cases.add(new Case("adagradStep" + d, () -> kernels.adagradStep(n, e3d, ed, vd, 1e-6d, 1e-10d)));
            cases.add(new Case("clipByValue" + f, () -> kernels.clipByValue(n, e3f, 10f)));
            cases.add(new Case("clipByValue" + d, () -> kernels.clipByValue(n, e3d, 10d)));
            float[] rsf = positive(floats(random, rows)), rmf = floats(random, rows), r2f = new float[rows];
            double[] rsd = positive(doubles(random, rows)), rmd = doubles(random, rows), r2d = new double[rows];
            cases.add(new Case("dropout" + f, () -> kernels.dropout(n, ef, 0.25f, 7L, eof)));
            cases.add(new Case("dropout" + d, () -> kernels.dropout(n, ed, 0.25d, 7L, eod)));
            cases.add(new Case("reluDropout" + f, () -> kernels.reluDropout(n, ef, 0.25f, 7L, eof)));
            cases.add(new Case("reluDropout" + d, () -> kernels.reluDropout(n, ed, 0.25d, 7L, eod)));
            cases.add(new Case("columnMoments" + f, () -> kernels.columnMoments(rows, n, xf, e2f, eof)));
            cases.add(new Case("columnMoments" + d, () -> kernels.columnMoments(rows, n, xd, e2d, eod)));
            cases.add(new Case("rowMoments" + f, () -> kernels.rowMoments(rows, n, xf, rmf, r2f)));
            cases.add(new Case("rowMoments" + d, () -> kernels.rowMoments(rows, n, xd, rmd, r2d)));
            cases.add(new Case("normalizeColumns" + f, () -> kernels.normalizeColumns(rows, n, xf, ef, vf, e2f, of)));
            cases.add(new Case("normalizeColumns" + d, () -> kernels.normalizeColumns(rows, n, xd, ed, vd, e2d, od)));
            cases.add(new Case("normalizeRows" + f, () -> kernels.normalizeRows(rows, n, xf, rmf, rsf, vf, e2f, of)));
            cases.add(new Case("normalizeRows" + d, () -> kernels.normalizeRows(rows, n, xd, rmd, rsd, vd, e2d, od)));
            cases.add(new Case("layerNormalize" + f, () -> kernels.layerNormalize(rows, n, xf, 1e-5, vf, e2f, rmf, rsf, of)));
            cases.add(new Case("layerNormalize" + d, () -> kernels.layerNormalize(rows, n, xd, 1e-5, vd, e2d, rmd, rsd, od)));
            cases.add(new Case("normalizeColumnsBackward" + f, () -> kernels.normalizeColumnsBackward(rows, n, xf, ef, vf, e2f,
                    true, yf, of, 1f, e3f, bf)));
            cases.add(new Case("normalizeColumnsBackward" + d, () -> kernels.normalizeColumnsBackward(rows, n, xd, ed, vd, e2d,
                    true, yd, od, 1d, e3d, bd)));
            cases.add(new Case("normalizeRowsBackward" + f, () -> kernels.normalizeRowsBackward(rows, n, xf, rmf, rsf, vf,
                    yf, of, 1f, e3f, bf)));
            cases.add(new Case("normalizeRowsBackward" + d, () -> kernels.normalizeRowsBackward(rows, n, xd, rmd, rsd, vd,
                    yd, od, 1d, e3d, bd)));
        }
        // An update large enough to be cut into parts on the pool's threads (with more than one processor).
        int big = 2 * 32 * 1024 + 5;
        float[] pf = floats(random, big), gf = floats(random, big), mf = floats(random, big), sf = positive(floats(random, big));
        double[] pd = doubles(random, big), gd = doubles(random, big), md = doubles(random, big), sd = positive(doubles(random, big));
        cases.add(new Case("adamwStep float n=" + big, () -> kernels.adamwStep(big, pf, gf, mf, sf, 1e-6f, 0.9f, 0.999f, 1e-8f, 0.01f, 3)));
        cases.add(new Case("adamwStep double n=" + big, () -> kernels.adamwStep(big, pd, gd, md, sd, 1e-6d, 0.9d, 0.999d, 1e-8d, 0.01d, 3)));
        cases.add(new Case("sgdMomentumStep float n=" + big, () -> kernels.sgdMomentumStep(big, pf, gf, mf, 1e-6f, 0.9f, false)));
        cases.add(new Case("rmspropStep float n=" + big, () -> kernels.rmspropStep(big, pf, gf, sf, null, mf, 1e-6f, 0.99f, 1e-8f, 0.5f)));
        cases.add(new Case("axpy float n=" + big, () -> kernels.axpy(big, -1e-6f, gf, pf)));
        cases.add(new Case("axpy double n=" + big, () -> kernels.axpy(big, -1e-6d, gd, pd)));
        cases.add(new Case("adagradStep float n=" + big, () -> kernels.adagradStep(big, pf, gf, sf, 1e-6f, 1e-10f)));
        return cases;
    }

    private static float[] floats(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        return x;
    }

    private static double[] doubles(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        return x;
    }

    private static float[] positive(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]);
        }
        return x;
    }

    private static double[] positive(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]);
        }
        return x;
    }
}
