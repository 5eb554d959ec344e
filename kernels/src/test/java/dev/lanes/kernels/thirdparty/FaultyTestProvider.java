package dev.lanes.kernels.thirdparty;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * A deliberately wrong provider, to show that the suite catches wrong kernels: it is the {@code scalar} provider
 * with one fault injected, chosen by the system property {@value #FAULT_PROPERTY}. Without the property it
 * reports itself unavailable, so it is listed by {@link Kernels#providers()} but never tested or chosen; its rank
 * is the lowest, so it never appears in the start-up log either.
 */
public final class FaultyTestProvider implements KernelsProvider {
    public static final String NAME = "faulty-test";
    public static final String FAULT_PROPERTY = "lanes.test.fault";

    /** The faults, each a plausible bug of a vectorised kernel. */
    public enum Fault {
        /** GEMM forgets the last step of K (a tail loop bound off by one). */
        GEMM_DROPS_LAST_K,
        /** softmax leaves the last column out of each row's sum (a tail not summed). */
        SOFTMAX_SKIPS_LAST_IN_SUM,
        /** reluBackward masks by multiplying dy with 0/1 (NaN or ∞ times 0 is NaN). */
        RELU_BACKWARD_MULTIPLIES,
        /** columnSums ignores beta (always overwrites). */
        COLUMN_SUMS_IGNORES_BETA
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Optional<String> unavailableReason() {
        return System.getProperty(FAULT_PROPERTY) == null
                ? Optional.of("test-only; set -D" + FAULT_PROPERTY + " to one of the faults to use it")
                : Optional.empty();
    }

    @Override
    public String describe() {
        return "test-only provider with an injected fault: " + System.getProperty(FAULT_PROPERTY);
    }

    @Override
    public KernelsBackend create(int threads) {
        Fault fault = Fault.valueOf(System.getProperty(FAULT_PROPERTY));
        Kernels scalar = Kernels.withProvider("scalar");
        return (KernelsBackend) Proxy.newProxyInstance(KernelsBackend.class.getClassLoader(), new Class<?>[] {KernelsBackend.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(scalar, args);
                    }
                    Object[] a = args.clone();
                    switch (method.getName()) {
                        case "gemm" -> {
                            if (fault == Fault.GEMM_DROPS_LAST_K && (int) a[4] > 1) {
                                a[4] = (int) a[4] - 1;
                            }
                        }
                        case "softmax" -> {
                            if (fault == Fault.SOFTMAX_SKIPS_LAST_IN_SUM) {
                                return softmaxSkippingLast((int) a[0], (int) a[1], a[2], a[3]);
                            }
                        }
                        case "reluBackward" -> {
                            if (fault == Fault.RELU_BACKWARD_MULTIPLIES) {
                                reluBackwardByMultiplying((int) a[0], a[1], a[2], a[3]);
                                return null;
                            }
                        }
                        case "columnSums" -> {
                            if (fault == Fault.COLUMN_SUMS_IGNORES_BETA) {
                                a[3] = a[3] instanceof Float ? (Object) 0f : (Object) 0d;
                            }
                        }
                        default -> { }
                    }
                    Method target = Kernels.class.getMethod(method.getName(), method.getParameterTypes());
                    try {
                        return target.invoke(scalar, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Object softmaxSkippingLast(int rows, int cols, Object x, Object out) {
        double[] in = x instanceof float[] f ? toDouble(f) : ((double[]) x).clone();
        double[] result = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, in[r * cols + j]);
            }
            for (int j = 0; j < cols - 1; j++) {
                sum += Math.exp(in[r * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                result[r * cols + j] = Math.exp(in[r * cols + j] - max) / (cols == 1 ? 1 : sum);
            }
        }
        for (int i = 0; i < result.length; i++) {
            if (out instanceof float[] f) {
                f[i] = (float) result[i];
            } else {
                ((double[]) out)[i] = result[i];
            }
        }
        return null;
    }

    private static void reluBackwardByMultiplying(int n, Object x, Object dy, Object dx) {
        for (int i = 0; i < n; i++) {
            if (x instanceof float[] xf) {
                ((float[]) dx)[i] = ((float[]) dy)[i] * (xf[i] > 0 ? 1f : 0f);
            } else {
                ((double[]) dx)[i] = ((double[]) dy)[i] * (((double[]) x)[i] > 0 ? 1d : 0d);
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
