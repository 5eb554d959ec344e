package dev.lanes.nn.quant;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.PackedLinear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Quantizer#pack}: a frozen copy of a model whose Linear weights are packed once, computing what the model
 * computes — the same bits at batches where the model's products take the blocked path, within the GEMM's bound at
 * batches where they take dot products — and nothing else.
 */
class PackedModelTest {

    private static Sequential model(DType dtype, Kernels kernels) {
        SeededRandom r = new SeededRandom(3);
        Sequential model = new Sequential(new Linear(300, 100, dtype).initialize(Initializers.he(), r), new ReLU(),
                new Linear(100, 40, dtype).initialize(Initializers.he(), r), new BatchNorm1d(40, 1e-5, 0.1, true, dtype),
                new GELU(GELU.Approximation.TANH), new Linear(40, 10, dtype).initialize(Initializers.he(), r));
        model.setKernels(kernels);
        // Running statistics that are not the initial ones, so that copying them is tested.
        Tensor warm = input(dtype, 64, 9);
        model.forward(warm);
        model.eval();
        return model;
    }

    private static Tensor input(DType dtype, int rows, long seed) {
        SeededRandom r = new SeededRandom(seed);
        Tensor x = Tensor.zeros(dtype, rows, 300);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, r.nextGaussian());
        }
        return x;
    }

    @Test
    void computesWhatTheModelComputes() {
        for (String provider : new String[]{"vector", "scalar"}) {
            for (DType dtype : DType.values()) {
                Sequential model = model(dtype, Kernels.withProvider(provider));
                Sequential packed = Quantizer.pack(model);
                assertTrue(packed.get(0) instanceof PackedLinear && packed.get(5) instanceof PackedLinear, packed.describe());
                assertTrue(packed.describe().contains("(in the GEMM)"), packed.describe());
                for (int rows : new int[]{1, 3, 17, 64, 200}) {
                    Tensor x = input(dtype, rows, rows);
                    Tensor expected = model.forward(x).copy(), actual = packed.forward(x).copy();
                    String what = provider + " " + dtype + " batch " + rows;
                    if (provider.equals("scalar") || rows >= 64) {
                        // The blocked path, or the reference's one loop, in both: the same bits.
                        assertTrue(expected.contentEquals(actual), what);
                    } else {
                        // Dot products in the model: another order of the same sums. Each logit is a sum of 40
                        // products of O(1) terms after normalisation; the float bound is a few hundred units of 2^-24.
                        double eps = dtype == DType.F32 ? 1e-4 : 1e-12;
                        for (int i = 0; i < expected.size(); i++) {
                            assertEquals(expected.getFlat(i), actual.getFlat(i), eps * (1 + Math.abs(expected.getFlat(i))),
                                    what + " element " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void isACopyThatOnlyPredicts() {
        Sequential model = model(DType.F32, Kernels.withProvider("vector"));
        Sequential packed = Quantizer.pack(model);
        Tensor x = input(DType.F32, 20, 4);
        Tensor before = packed.forward(x).copy();
        ((Linear) model.get(0)).weight().value().setFlat(0, 1e3);
        ((Linear) model.get(0)).bias().value().setFlat(0, 1e3);
        assertTrue(before.contentEquals(packed.forward(x)), "later changes to the model do not reach the packed copy");

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> packed.backward(before));
        assertTrue(e.getMessage().contains("inference only"), e.getMessage());
        IllegalArgumentException save = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(packed, Path.of("unused.safetensors")));
        assertTrue(save.getMessage().contains("PackedLinear"), save.getMessage());
        // Other kernels cannot multiply what these packed, and say so.
        packed.setKernels(Kernels.withProvider("scalar"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> packed.forward(x));
        assertTrue(other.getMessage().contains("packed by"), other.getMessage());
    }
}
