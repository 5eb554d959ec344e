package dev.lanes.kernels.vector;

import dev.lanes.kernels.spi.Activations;
import dev.lanes.kernels.spi.Elementwise;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.NarrowLinear;
import dev.lanes.kernels.spi.Normalization;
import dev.lanes.kernels.spi.OptimizerSteps;
import dev.lanes.kernels.spi.Reductions;
import dev.lanes.kernels.spi.Rowwise;
import dev.lanes.kernels.vector.gemm.VectorGemm;

/**
 * The Vector API backend: one class per operation family — {@link VectorGemm}, {@link VectorElementwise},
 * {@link VectorActivations}, {@link VectorRowwise}, {@link VectorReductions}, {@link VectorOptimizerSteps}, {@link VectorNormalization}, {@link VectorNarrowLinear}. Each
 * documents where its results may differ from the scalar reference (only in the order of sums and in the last bit
 * of e^x; everything else is bit-identical).
 *
 * <p>GEMM and the optimisers' updates (axpy included, plain SGD's) use more than one thread ({@link WorkerPool});
 * their results do not depend on the thread count. The other operations are memory-bound, so one core already runs
 * them near memory bandwidth, and they run on the calling thread.
 */
record VectorKernels(Gemm gemm, Elementwise elementwise, Activations activations, Rowwise rowwise,
                     Reductions reductions, OptimizerSteps optimizerSteps, Normalization normalization,
                     NarrowLinear narrowLinear) implements KernelsBackend {

    /** The families for calls that may use up to {@code threads} threads. */
    VectorKernels(int threads) {
        this(new VectorGemm(threads), threads);
    }

    private VectorKernels(VectorGemm gemm, int threads) {
        this(gemm, new VectorElementwise(threads), new VectorActivations(), new VectorRowwise(),
                new VectorReductions(), new VectorOptimizerSteps(threads), new VectorNormalization(), new VectorNarrowLinear(gemm));
    }
}
