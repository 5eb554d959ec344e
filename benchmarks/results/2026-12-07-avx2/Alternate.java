import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Float GEMM of several compiled versions of the kernels, alternated in one JVM in slices of 100 ms, 1 thread: on a
 * host whose speed moves by 20–40% from one second to the next (a shared VM), the ratio of two versions measured in
 * adjacent slices holds where separate JMH runs of each do not. Prints, per shape, each version's median GFLOP/s
 * over the slices and the median (and quartiles) of its ratio to the first version in the same round. A probe to
 * find which way a change goes; figures quoted in results files come from JMH.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector Alternate.java BEFORE/kernels/target/classes,kernels/target/classes \
 *     NN:1024x1024x512,NT:128x256x784 40
 * </pre>
 */
public class Alternate {
    public static void main(String[] args) throws Exception {
        String[] dirs = args[0].split(",");
        String[] shapes = args[1].split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int versions = dirs.length;
        Object[] kernels = new Object[versions], none = new Object[versions], transpose = new Object[versions];
        Object[] identity = new Object[versions];
        Method[] gemm = new Method[versions];
        for (int v = 0; v < versions; v++) {
            ClassLoader loader = new URLClassLoader(new URL[]{Path.of(dirs[v]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> api = Class.forName("dev.lanes.kernels.Kernels", true, loader);
            Class<?> t = Class.forName("dev.lanes.kernels.Transpose", true, loader);
            Class<?> a = Class.forName("dev.lanes.kernels.Activation", true, loader);
            Object provider = api.getMethod("withProvider", String.class).invoke(null, "vector");
            kernels[v] = api.getMethod("withThreads", int.class).invoke(provider, 1);
            gemm[v] = api.getMethod("gemm", t, t, int.class, int.class, int.class, float.class, float[].class, int.class,
                    int.class, float[].class, int.class, int.class, float.class, float[].class, int.class, int.class,
                    float[].class, a);
            none[v] = t.getField("NONE").get(null);
            transpose[v] = t.getField("TRANSPOSE").get(null);
            identity[v] = a.getField("IDENTITY").get(null);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (String shape : shapes) {
            String[] parts = shape.split(":"), dims = parts[1].split("x");
            int m = Integer.parseInt(dims[0]), n = Integer.parseInt(dims[1]), k = Integer.parseInt(dims[2]);
            boolean ta = parts[0].charAt(0) == 'T', tb = parts[0].charAt(1) == 'T';
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble(-1, 1);
            for (int i = 0; i < b.length; i++) b[i] = (float) random.nextDouble(-1, 1);
            List<List<Double>> rates = new ArrayList<>(), ratios = new ArrayList<>();
            for (int v = 0; v < versions; v++) {
                rates.add(new ArrayList<>());
                ratios.add(new ArrayList<>());
            }
            for (int round = -5; round < rounds; round++) {             // five rounds of warm-up
                double[] rate = new double[versions];
                for (int i = 0; i < versions; i++) {
                    int v = Math.floorMod(i + round, versions);        // each version first in turn
                    long start = System.nanoTime(), calls = 0;
                    do {
                        gemm[v].invoke(kernels[v], ta ? transpose[v] : none[v], tb ? transpose[v] : none[v], m, n, k, 1f,
                                a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n, null, identity[v]);
                        calls++;
                    } while (System.nanoTime() - start < 100_000_000L);
                    rate[v] = 2.0 * m * n * k * calls / (System.nanoTime() - start);
                }
                for (int v = 0; round >= 0 && v < versions; v++) {
                    rates.get(v).add(rate[v]);
                    ratios.get(v).add(rate[v] / rate[0]);
                }
            }
            StringBuilder line = new StringBuilder(String.format("%-20s", shape));
            for (int v = 0; v < versions; v++) {
                line.append(String.format("  v%d %.1f GFLOP/s", v, quantile(rates.get(v), 0.5)));
                if (v > 0) {
                    line.append(String.format(" (÷v0 %.2f [%.2f–%.2f])", quantile(ratios.get(v), 0.5),
                            quantile(ratios.get(v), 0.25), quantile(ratios.get(v), 0.75)));
                }
            }
            System.out.println(line);
        }
    }

    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
    }
}
