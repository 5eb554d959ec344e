package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerTest {

    private static Tensor random(DType dtype, long seed, int... shape) {
        SeededRandom r = new SeededRandom(seed);
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, r.nextGaussian());
        }
        return t;
    }

    @Test
    void fusedReluGivesTheSameOutputsAndGradientsAsSeparateLayers() {
        for (DType dtype : DType.values()) {
            Sequential fused = Nets.mlp(7, List.of(9, 5), 3, Initializers.he(), 4, dtype);
            // The unfused twin: fresh layers with the same weights.
            List<Layer> copies = new ArrayList<>();
            for (Layer layer : fused.layers()) {
                if (layer instanceof Linear l) {
                    Linear c = new Linear(l.inFeatures(), l.outFeatures(), dtype);
                    c.weight().value().copyFrom(l.weight().value());
                    c.bias().value().copyFrom(l.bias().value());
                    copies.add(c);
                } else {
                    copies.add(new ReLU());
                }
            }
            Sequential separate = new Sequential(copies, false);
            assertTrue(fused.isFusedIntoPrevious(1) && fused.isFusedIntoPrevious(3));
            assertTrue(!separate.isFusedIntoPrevious(1) && !separate.isFusedIntoPrevious(3));

            Tensor x = random(dtype, 5, 6, 7);
            int[] y = {0, 1, 2, 0, 1, 2};
            // The epilogue applies the same max(v, 0) to the same v as a separate pass: bit for bit the same.
            SoftmaxCrossEntropy fusedLoss = new SoftmaxCrossEntropy(fused), separateLoss = new SoftmaxCrossEntropy(separate);
            fused.zeroGrad();
            separate.zeroGrad();
            Tensor outf = fused.forward(x).copy();
            double lf = fusedLoss.forward(fused.forward(x), y);
            Tensor dxf = fused.backward(fusedLoss.backward()).copy();
            Tensor outs = separate.forward(x).copy();
            double ls = separateLoss.forward(separate.forward(x), y);
            Tensor dxs = separate.backward(separateLoss.backward()).copy();
            assertTrue(outs.contentEquals(outf), dtype.toString());
            assertEquals(ls, lf);
            assertTrue(dxs.contentEquals(dxf), dtype.toString());
            for (String name : fused.namedParameters().keySet()) {
                assertTrue(separate.namedParameters().get(name).grad().contentEquals(fused.namedParameters().get(name).grad()), name);
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.getFlat(i), actual.getFlat(i), tol * Math.max(1, Math.abs(expected.getFlat(i))));
        }
    }

    @Test
    void skippingTheInputGradientLeavesParameterGradientsUnchanged() {
        Sequential a = Nets.mlp(5, List.of(6), 3, Initializers.he(), 8, DType.F64);
        Sequential b = Nets.mlp(5, List.of(6), 3, Initializers.he(), 8, DType.F64);
        Tensor x = random(DType.F64, 9, 4, 5);
        int[] y = {2, 1, 0, 1};
        SoftmaxCrossEntropy lossA = new SoftmaxCrossEntropy(a), lossB = new SoftmaxCrossEntropy(b);
        a.zeroGrad();
        b.zeroGrad();
        lossA.forward(a.forward(x), y);
        Tensor dx = a.backward(lossA.backward());
        lossB.forward(b.forward(x), y);
        assertEquals(null, b.backward(lossB.backward(), false));
        assertEquals(4, dx.rows());
        for (String name : a.namedParameters().keySet()) {
            assertTrue(a.namedParameters().get(name).grad().contentEquals(b.namedParameters().get(name).grad()), name);
        }
    }

    @Test
    void zeroGradClearsWhateverTheGradientStorageHeldAndBackwardAccumulatesAfterwards() {
        for (DType dtype : DType.values()) {
            Sequential model = Nets.mlp(5, List.of(6), 3, Initializers.he(), 8, dtype);
            Tensor x = random(dtype, 9, 4, 5);
            int[] y = {2, 1, 0, 1};
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(model);
            List<Tensor> once = new ArrayList<>();
            model.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backward(loss.backward(), false);
            for (Parameter p : model.parameters()) {
                once.add(p.grad().copy());
            }
            // Garbage (NaN) in the storage before zeroGrad must not reach the next gradient: backward overwrites it.
            List<Tensor> storage = new ArrayList<>();
            for (Parameter p : model.parameters()) {
                Tensor g = p.grad();
                for (int i = 0; i < g.size(); i++) {
                    g.setFlat(i, Double.NaN);
                }
                storage.add(g);
            }
            model.zeroGrad();
            for (Parameter p : model.parameters()) {
                assertEquals(0, maxAbs(p.grad()), p.name());     // read before any backward: zeros
            }
            for (Tensor g : storage) {
                for (int i = 0; i < g.size(); i++) {
                    g.setFlat(i, Double.NaN);
                }
            }
            model.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backward(loss.backward(), false);
            List<Parameter> params = model.parameters();
            for (int i = 0; i < params.size(); i++) {
                assertTrue(params.get(i).grad().contentEquals(once.get(i)), params.get(i).name());
            }
            // Without zeroGrad a second backward adds to the first.
            loss.forward(model.forward(x), y);
            model.backward(loss.backward(), false);
            for (int i = 0; i < params.size(); i++) {
                Tensor twice = params.get(i).grad();
                for (int j = 0; j < twice.size(); j++) {
                    assertEquals(2 * once.get(i).getFlat(j), twice.getFlat(j), 1e-6 * (1 + Math.abs(once.get(i).getFlat(j))), params.get(i).name());
                }
            }
        }
    }

    @Test
    void fusionBelongsToTheSequentialsPlanNotToTheLayer() {
        Sequential fused = Nets.mlp(3, List.of(4), 2, Initializers.he(), 1, DType.F32);
        assertTrue(fused.isFusedIntoPrevious(1));
        Tensor x = random(DType.F32, 3, 2, 3);
        fused.forward(x);
        // The Linear on its own computes x·Wᵀ + b, negative values kept: fusion did not change the layer.
        Tensor hidden = fused.get(0).forward(x);
        boolean negative = false;
        for (int i = 0; i < hidden.size(); i++) {
            negative |= hidden.getFlat(i) < 0;
        }
        assertTrue(negative, "a Linear's own forward keeps its negative values");
    }

    @Test
    void aLayerBelongsToOneModel() {
        Sequential fused = Nets.mlp(3, List.of(4), 2, Initializers.he(), 1, DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sequential(fused.layers(), false));
        assertTrue(e.getMessage().contains("Linear(3 → 4) already belongs to"), e.getMessage());
        Linear shared = new Linear(2, 2);
        assertThrows(IllegalArgumentException.class, () -> new Sequential(shared, new ReLU(), shared));
    }

    @Test
    void aSmallerBatchUsesAPrefixOfTheBuffersAndGetsTheRightAnswer() {
        Sequential net = Nets.mlp(4, List.of(6), 3, Initializers.pytorchDefault(), 2, DType.F64);
        Sequential fresh = Nets.mlp(4, List.of(6), 3, Initializers.pytorchDefault(), 2, DType.F64);
        Tensor big = random(DType.F64, 1, 8, 4);
        Tensor small = random(DType.F64, 2, 3, 4);
        Tensor outBig = net.forward(big);
        Tensor outSmall = net.forward(small);
        assertEquals(3, outSmall.rows());
        assertSame(outBig.storage(), outSmall.storage(), "the smaller batch reuses the buffer");
        assertTrue(fresh.forward(small).contentEquals(outSmall));
        assertSame(outSmall, net.forward(small), "the same shape gives the same tensor");
    }

    @Test
    void misuseGetsClearErrors() {
        Linear l = new Linear(4, 2);
        IllegalStateException noForward = assertThrows(IllegalStateException.class, () -> l.backward(Tensor.zeros(DType.F32, 1, 2)));
        assertTrue(noForward.getMessage().contains("Linear(4 → 2).backward"), noForward.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(DType.F32, 3, 5)));
        assertTrue(wide.getMessage().contains("F32[3, 5]") && wide.getMessage().contains("[batch, 4]"), wide.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(DType.F64, 3, 4)));
        l.forward(Tensor.zeros(DType.F32, 3, 4));
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class, () -> l.backward(Tensor.zeros(DType.F32, 2, 2)));
        assertTrue(grad.getMessage().contains("[3, 2]"), grad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3));
        assertThrows(IllegalStateException.class, () -> new ReLU().backward(Tensor.zeros(DType.F32, 1)));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(l).forward(Tensor.zeros(DType.F32, 2, 3), new int[] {0}));
    }

    @Test
    void namesTrainModeAndKernels() {
        Sequential inner = new Sequential(new Linear(2, 3), new Sigmoid());
        Sequential outer = new Sequential(inner, new Linear(3, 1));
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias"), List.copyOf(outer.namedParameters().keySet()));
        outer.eval();
        assertTrue(!inner.get(0).isTraining() && !outer.get(1).isTraining());
        outer.train();
        assertTrue(inner.get(1).isTraining());
        Kernels one = Kernels.get().withThreads(1);
        outer.setKernels(one);
        assertSame(one, inner.get(0).kernels());
        // One context per model: set through any of its layers, read by all of them.
        Kernels two = Kernels.get().withThreads(2);
        inner.get(1).setKernels(two);
        assertSame(two, outer.kernels());
        assertSame(two, outer.get(1).kernels());
        assertEquals(List.of("0", "1"), List.copyOf(outer.namedChildren().keySet()));
        assertSame(inner, outer.namedChildren().get("0"));
    }

    @Test
    void outputFeaturesFollowTheLayersAndNameAMismatch() {
        Sequential net = new Sequential(new Linear(5, 3), new ReLU(), new Linear(3, 2), new Sigmoid());
        assertEquals(2, net.outputFeatures(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.outputFeatures(4));
        assertTrue(e.getMessage().contains("Linear(5 → 3): takes 5 features, given 4"), e.getMessage());
    }

    @Test
    void initialisersAreReproducibleAndHaveTheirScales() {
        int in = 400, out = 300;
        Linear a = new Linear(in, out, DType.F64).initialize(Initializers.pytorchDefault(), new SeededRandom(5));
        Linear b = new Linear(in, out, DType.F64).initialize(Initializers.pytorchDefault(), new SeededRandom(5));
        assertTrue(a.weight().value().contentEquals(b.weight().value()));
        assertTrue(maxAbs(a.weight().value()) <= 1 / Math.sqrt(in) && maxAbs(a.bias().value()) <= 1 / Math.sqrt(in));
        assertTrue(maxAbs(a.weight().value()) > 0.99 / Math.sqrt(in));

        Linear x = new Linear(in, out, DType.F64).initialize(Initializers.xavierUniform(), new SeededRandom(5));
        double bound = Math.sqrt(6.0 / (in + out));
        assertTrue(maxAbs(x.weight().value()) <= bound && maxAbs(x.weight().value()) > 0.99 * bound);
        assertEquals(0, maxAbs(x.bias().value()));

        // Standard deviations of 120000 draws: within 2 %.
        assertEquals(Math.sqrt(2.0 / in), std(new Linear(in, out, DType.F64)
                .initialize(Initializers.he(), new SeededRandom(6)).weight().value()), 0.02 * Math.sqrt(2.0 / in));
        assertEquals(1e-3, std(new Linear(in, out, DType.F64)
                .initialize(Initializers.normal(1e-3), new SeededRandom(7)).weight().value()), 2e-5);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m = Math.max(m, Math.abs(t.getFlat(i)));
        }
        return m;
    }

    private static double std(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += t.getFlat(i) * t.getFlat(i);
        }
        return Math.sqrt(s / t.size());
    }
}
