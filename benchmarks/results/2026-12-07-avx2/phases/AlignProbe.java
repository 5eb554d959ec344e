import dev.lanes.kernels.*;
import java.lang.reflect.*;
import java.util.*;

/**
 * The float GEMM through the API in phases of eight 100 ms slices, printing after each phase the median rate and the
 * address modulo 64 of A, B, C and the calling thread's packed panels (compressed oops decoded with sun.misc.Unsafe),
 * then moving them (fresh copies of the operands, a full GC). A probe:
 * <pre>
 * javac -cp kernels/target/classes -d /tmp/probe AlignProbe.java
 * java --add-modules jdk.incubator.vector -cp kernels/target/classes:/tmp/probe AlignProbe NN:1024x1024x1024 25
 * </pre>
 */
public class AlignProbe {
    static sun.misc.Unsafe U;
    static long addr(Object o) {
        Object[] h = {o};
        long narrow = U.getInt(h, (long) U.arrayBaseOffset(Object[].class)) & 0xffffffffL;
        return (narrow << 3) + U.arrayBaseOffset(float[].class);
    }
    public static void main(String[] args) throws Exception {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe"); f.setAccessible(true); U = (sun.misc.Unsafe) f.get(null);
        String[] parts = args[0].split(":"), dims = parts[1].split("x");
        int m = Integer.parseInt(dims[0]), n = Integer.parseInt(dims[1]), k = Integer.parseInt(dims[2]);
        boolean ta = parts[0].charAt(0) == 'T', tb = parts[0].charAt(1) == 'T';
        int phases = Integer.parseInt(args[1]);
        Kernels kernels = Kernels.withProvider("vector").withThreads(1);
        Class<?> ws = Class.forName("dev.lanes.kernels.vector.gemm.Workspace");
        Method get = ws.getDeclaredMethod("get"); get.setAccessible(true);
        Field fb = ws.getDeclaredField("floatB"); fb.setAccessible(true);
        Field fa = ws.getDeclaredField("floatA"); fa.setAccessible(true);
        Field ft = ws.getDeclaredField("floatTile"); ft.setAccessible(true);
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) random.nextDouble(-1, 1);
        List<Object> junk = new ArrayList<>();
        for (int phase = 0; phase < phases; phase++) {
            double[] r = new double[8];
            for (int s = 0; s < r.length; s++) {
                long start = System.nanoTime(), calls = 0;
                do {
                    kernels.gemm(ta ? Transpose.TRANSPOSE : Transpose.NONE, tb ? Transpose.TRANSPOSE : Transpose.NONE, m, n, k, 1f,
                            a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n, null, Activation.IDENTITY);
                    calls++;
                } while (System.nanoTime() - start < 100_000_000L);
                r[s] = 2.0 * m * n * k * calls / (System.nanoTime() - start);
            }
            Arrays.sort(r);
            Object w = get.invoke(null);
            System.out.printf("phase %2d  GF/s median %.1f [%.1f-%.1f]  mod64: a %2d b %2d c %2d pB %2d pA %2d tile %2d%n", phase, r[4], r[0], r[7],
                    addr(a) % 64, addr(b) % 64, addr(c) % 64, addr(fb.get(w)) % 64, addr(fa.get(w)) % 64, addr(ft.get(w)) % 64);
            // move things: fresh copies of the operands and a full GC with some garbage in between
            junk.add(new byte[random.nextInt(1, 200) * 8]);
            if (junk.size() > 5) junk.remove(0);
            a = a.clone(); b = b.clone(); c = c.clone();
            System.gc();
        }
    }
}
