package dev.lanes.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The main class {@link ThreadConformance} runs in JVMs that see a different number of processors
 * ({@code -XX:ActiveProcessorCount}), so that a provider's thread pool has more (or no) helpers than this machine
 * gives it. Prints one line per case and thread count: {@code case threads=T bits=HASH}, the hash of the bits of
 * C (or of the parameter, for an Adam update large enough to be cut into four parts) for fixed, seeded inputs.
 */
public final class ThreadSplitProbe {
    private ThreadSplitProbe() {
    }

    static final int[] THREADS = {3, 4};

    public static void main(String[] args) {
        Kernels kernels = args.length > 0 ? Kernels.withProvider(args[0]) : Kernels.get();
        for (String line : run(kernels, THREADS)) {
            System.out.println(line);
        }
    }

    /** The lines the probe prints, also computed in the test's own JVM to compare with. */
    static java.util.List<String> run(Kernels kernels, int... threadCounts) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int m = 200, n = 300, k = 150;
        SplittableRandom random = new SplittableRandom(20261123);
        float[] af = new float[m * k], bf = new float[k * n];
        double[] ad = new double[m * k], bd = new double[k * n];
        for (int i = 0; i < af.length; i++) {
            ad[i] = af[i] = (float) (2 * random.nextDouble() - 1);
        }
        for (int i = 0; i < bf.length; i++) {
            bd[i] = bf[i] = (float) (2 * random.nextDouble() - 1);
        }
        int size = 4 * 32 * 1024 + 77;
        float[] paramF = new float[size], gradF = new float[size], firstF = new float[size], secondF = new float[size];
        double[] paramD = new double[size], gradD = new double[size], firstD = new double[size], secondD = new double[size];
        for (int i = 0; i < size; i++) {
            paramD[i] = paramF[i] = (float) (2 * random.nextDouble() - 1);
            gradD[i] = gradF[i] = (float) (2 * random.nextDouble() - 1);
            firstD[i] = firstF[i] = (float) (0.1 * random.nextDouble() - 0.05);
            secondD[i] = secondF[i] = (float) (0.01 * random.nextDouble());
        }
        for (int threads : threadCounts) {
            float[] pf = paramF.clone();
            kernels.withThreads(threads).adamwStep(size, pf, gradF, firstF.clone(), secondF.clone(), 1e-3f, 0.9f, 0.999f,
                    1e-8f, 0.01f, 3);
            lines.add("float adamw " + size + " threads=" + threads + " bits=" + Arrays.hashCode(pf));
            double[] pd = paramD.clone();
            kernels.withThreads(threads).adamwStep(size, pd, gradD, firstD.clone(), secondD.clone(), 1e-3, 0.9, 0.999,
                    1e-8, 0.01, 3);
            lines.add("double adamw " + size + " threads=" + threads + " bits=" + Arrays.hashCode(pd));
            float[] cf = new float[m * n];
            kernels.withThreads(threads).gemm(Transpose.NONE, Transpose.NONE, m, n, k, 0.5f, af, 0, k, bf, 0, n, 0f, cf, 0, n);
            int[] bits = new int[cf.length];
            for (int i = 0; i < cf.length; i++) {
                bits[i] = Float.floatToRawIntBits(cf[i]);
            }
            lines.add("float NN " + m + "x" + n + "x" + k + " threads=" + threads + " bits=" + Arrays.hashCode(bits));
            double[] cd = new double[m * n];
            // A is stored k×m here (read as its transpose), B n×k.
            kernels.withThreads(threads).gemm(Transpose.TRANSPOSE, Transpose.TRANSPOSE, m, n, k, 0.5, ad, 0, m, bd, 0, k, 0, cd, 0, n);
            long[] dbits = new long[cd.length];
            for (int i = 0; i < cd.length; i++) {
                dbits[i] = Double.doubleToRawLongBits(cd[i]);
            }
            lines.add("double TT " + m + "x" + n + "x" + k + " threads=" + threads + " bits=" + Arrays.hashCode(dbits));
        }
        return lines;
    }
}
