package dev.lanes.nn.optim;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each optimiser against its formula (PyTorch's), written out element by element in double. */
class OptimizerTest {

    private static final double TOL = 1e-15;

    private static Linear layer() {
        return new Linear(3, 2, DType.F64).initialize(Initializers.pytorchDefault(), new SeededRandom(1));
    }

    /** Sets every gradient to a value depending on the step, parameter and element. */
    private static void setGradients(Linear layer, int step) {
        int k = 0;
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.grad().size(); i++) {
                p.grad().setFlat(i, Math.sin(1 + step * 7 + k * 3 + i));
            }
            k++;
        }
    }

    private static double[] values(Parameter p) {
        return p.value().toDoubleArray();
    }

    @Test
    void sgdIsTheSeedsUpdate() {
        Linear l = layer();
        Sgd sgd = new Sgd(l, 0.3);
        double[] w = values(l.weight());
        setGradients(l, 0);
        double[] g = l.weight().grad().toDoubleArray();
        sgd.step();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i] - 0.3 * g[i], l.weight().value().getFlat(i), TOL);
        }
        assertEquals(1, sgd.steps());
    }

    @Test
    void momentumAndWeightDecayAsPyTorchWithBiasesNotDecayed() {
        Linear l = layer();
        double lr = 0.1, mu = 0.9, wd = 0.01;
        Sgd sgd = new Sgd(l, lr, mu, wd);
        double[] w = values(l.weight()), b = values(l.bias());
        double[] bufW = new double[w.length], bufB = new double[b.length];
        for (int step = 0; step < 3; step++) {
            setGradients(l, step);
            double[] gw = l.weight().grad().toDoubleArray(), gb = l.bias().grad().toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                bufW[i] = mu * bufW[i] + gw[i] + wd * w[i];
                w[i] -= lr * bufW[i];
            }
            for (int i = 0; i < b.length; i++) {
                bufB[i] = mu * bufB[i] + gb[i];
                b[i] -= lr * bufB[i];
            }
            sgd.step();
        }
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], l.weight().value().getFlat(i), 1e-14);
        }
        for (int i = 0; i < b.length; i++) {
            assertEquals(b[i], l.bias().value().getFlat(i), 1e-14);
        }
    }

    @Test
    void adamAsPyTorch() {
        Linear l = layer();
        double lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6;
        Adam adam = new Adam(l, lr, b1, b2, eps, 0);
        double[] w = values(l.weight()), m = new double[w.length], v = new double[w.length];
        for (int step = 1; step <= 3; step++) {
            setGradients(l, step);
            double[] g = l.weight().grad().toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= lr * (m[i] / (1 - Math.pow(b1, step))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, step))) + eps);
            }
            adam.step();
        }
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], l.weight().value().getFlat(i), 1e-14);
        }
    }

    @Test
    void stateRoundTripsAndIsChecked() {
        Linear a = layer(), b = layer();
        Adam adamA = new Adam(a, 0.01), adamB = new Adam(b, 0.01);
        setGradients(a, 1);
        adamA.step();
        Map<String, Tensor> state = adamA.state();
        assertEquals(java.util.List.of("weight.exp_avg", "bias.exp_avg", "weight.exp_avg_sq", "bias.exp_avg_sq"),
                java.util.List.copyOf(state.keySet()));
        adamB.loadState(state, adamA.steps());
        assertEquals(1, adamB.steps());
        assertTrue(adamB.state().get("weight.exp_avg_sq").contentEquals(state.get("weight.exp_avg_sq")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adamB.loadState(Map.of("weight.exp_avg", Tensor.zeros(DType.F64, 2, 3)), 1));
        assertTrue(e.getMessage().contains("missing bias.exp_avg"), e.getMessage());
        assertTrue(new Sgd(a, 0.1).state().isEmpty());
    }

    @Test
    void schedules() {
        LearningRateSchedule step = LearningRateSchedule.step(0.1, 3, 0.5);
        assertEquals(0.1, step.rate(0));
        assertEquals(0.1, step.rate(2));
        assertEquals(0.05, step.rate(3));
        assertEquals(0.025, step.rate(6));
        LearningRateSchedule cosine = LearningRateSchedule.cosine(0.1, 10, 0.001);
        assertEquals(0.1, cosine.rate(0), 1e-15);
        assertEquals(0.0505, cosine.rate(5), 1e-15);
        assertEquals(0.001, cosine.rate(10), 1e-15);
        assertEquals(0.001, cosine.rate(12), 1e-15);
    }

    @Test
    void badHyperparametersAreRefused() {
        Linear l = layer();
        assertThrows(IllegalArgumentException.class, () -> new Sgd(l, -1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(l, 0.1, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(l, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Adam(l, 0.1, 0.9, 1.0, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(l, 0.1, 0.9, 0.999, 0, 0));
    }
}
