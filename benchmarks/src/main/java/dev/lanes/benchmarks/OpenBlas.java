package dev.lanes.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * OpenBLAS, the GEMM benchmarks' peer, called through the FFM API ({@code java.lang.foreign}), no JNI.
 *
 * <p>The library is Debian's {@code libopenblas0-pthread} ({@code apt-get install libopenblas0-pthread}),
 * found as {@code libopenblas.so.0} on the loader's path or at its Debian location. Java arrays are passed in
 * place (a critical downcall with heap access: no copy, GC held off for the call's duration), so the peer pays
 * nothing a native caller would not.
 *
 * <p><b>Core type.</b> OpenBLAS picks its kernels at load time from the CPU, unless the environment variable
 * {@code OPENBLAS_CORETYPE} names one. The team's machines preset {@code OPENBLAS_CORETYPE=Haswell} (AVX2, half
 * speed on this AVX-512 CPU); unset, OpenBLAS 0.3.21 picks its AVX-512 kernels. Run the JVM with the variable
 * unset ({@code env -u OPENBLAS_CORETYPE …}) to compare against the strongest peer; {@link #coreName()} says
 * which kernels were picked, and results must quote it.
 */
public final class OpenBlas {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    private static final List<String> LIBRARIES = List.of("libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0");

    private final MethodHandle sgemm, dgemm, setThreads, coreName, config;

    private OpenBlas(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        Linker.Option heap = Linker.Option.critical(true);
        sgemm = linker.downcallHandle(lookup.find("cblas_sgemm").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT), heap);
        dgemm = linker.downcallHandle(lookup.find("cblas_dgemm").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT), heap);
        setThreads = linker.downcallHandle(lookup.find("openblas_set_num_threads").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT));
        coreName = linker.downcallHandle(lookup.find("openblas_get_corename").orElseThrow(),
                FunctionDescriptor.of(ADDRESS));
        config = linker.downcallHandle(lookup.find("openblas_get_config").orElseThrow(),
                FunctionDescriptor.of(ADDRESS));
    }

    /** OpenBLAS if this machine has it, else empty (a peer to skip, with {@link #whyMissing()} as the reason). */
    public static Optional<OpenBlas> load() {
        return Holder.INSTANCE;
    }

    /** Why {@link #load()} is empty, or {@code null} when it is not. */
    public static String whyMissing() {
        return Holder.problem;
    }

    private static final class Holder {
        static String problem;
        static final Optional<OpenBlas> INSTANCE = find();

        private static Optional<OpenBlas> find() {
            StringBuilder tried = new StringBuilder();
            for (String name : LIBRARIES) {
                try {
                    return Optional.of(new OpenBlas(SymbolLookup.libraryLookup(name, Arena.global())));
                } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                    tried.append(tried.isEmpty() ? "" : ", ").append(name);
                }
            }
            problem = "OpenBLAS not found (tried " + tried + "); install it with "
                    + "'apt-get install libopenblas0-pthread' to compare against it";
            return Optional.empty();
        }
    }

    /** The kernels OpenBLAS picked at load time, e.g. "Cooperlake", or "Haswell" when forced by OPENBLAS_CORETYPE. */
    public String coreName() {
        try {
            return ((MemorySegment) coreName.invokeExact()).reinterpret(256).getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenBLAS's build description (version, threading, target). */
    public String config() {
        try {
            return ((MemorySegment) config.invokeExact()).reinterpret(1024).getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many threads OpenBLAS's own pool uses for the following calls. */
    public void setThreads(int threads) {
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code cblas_sgemm} on row-major Java arrays, with Lanes's argument order. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
                      float[] b, int ldb, float beta, float[] c, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, beta, MemorySegment.ofArray(c), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code cblas_dgemm} on row-major Java arrays, with Lanes's argument order. */
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda,
                      double[] b, int ldb, double beta, double[] c, int ldc) {
        try {
            dgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, beta, MemorySegment.ofArray(c), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
