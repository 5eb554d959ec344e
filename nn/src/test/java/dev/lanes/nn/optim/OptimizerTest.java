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

    /** Weight decay with zero gradients: only the decay moves parameters, and biases only when asked. */
    @Test
    void weightDecayAppliesToBiasesOnlyWhenAsked() {
        Map<String, java.util.function.Function<Linear, Optimizer>> optimizers = Map.of(
                "sgd", l -> new Sgd(l, 0.1, 0, 0.5),
                "adamw", l -> new AdamW(l, 0.1, 0.9, 0.999, 1e-8, 0.5),
                "rmsprop", l -> new RmsProp(l, 0.1, 0.99, 1e-8, 0.5, 0, false),
                "adagrad", l -> new Adagrad(l, 0.1, 0, 0.5, 0, 1e-10));
        optimizers.forEach((name, make) -> {
            for (boolean decayBiases : new boolean[] {false, true}) {
                Linear l = layer();
                double[] w = values(l.weight()), b = values(l.bias());
                Optimizer optimizer = make.apply(l).decayBiases(decayBiases);
                assertEquals(decayBiases, optimizer.decaysBiases());
                optimizer.zeroGrad();
                optimizer.step();
                for (int i = 0; i < w.length; i++) {
                    // Adaptive optimisers normalise the decay term into a step of about lr, which may overshoot 0.
                    assertTrue(l.weight().value().getFlat(i) != w[i], name + ": weights are decayed");
                }
                for (int i = 0; i < b.length; i++) {
                    double after = l.bias().value().getFlat(i);
                    if (decayBiases) {
                        assertTrue(after != b[i], name + ": biases are decayed when asked");
                    } else {
                        assertEquals(b[i], after, name + ": biases are not decayed by default");
                    }
                }
                assertEquals(decayBiases, optimizer.describe().contains("decay_biases=true"), optimizer.describe());
            }
        });
    }

    @Test
    void adamWDecaysTheWeightsAsideFromTheGradient() {
        // AdamW: W·(1 − lr·λ) and then Adam's step, which for zero gradients is 0: exactly the decay.
        Linear l = layer();
        double[] w = values(l.weight());
        AdamW adamW = new AdamW(l, 0.1, 0.9, 0.999, 1e-8, 0.5);
        adamW.zeroGrad();
        adamW.step();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i] * (1 - 0.1 * 0.5), l.weight().value().getFlat(i), TOL);
        }
        // Adam with the same decay adds it to the gradient, which Adam's normalisation turns into a step of ~lr.
        Linear m = layer();
        new Adam(m, 0.1, 0.9, 0.999, 1e-8, 0.5).step();
        assertEquals(w[0] - 0.1 * Math.signum(w[0]), m.weight().value().getFlat(0), 1e-6);
    }

    @Test
    void stateSlotsAreNamedAsPyTorchNamesThem() {
        Linear l = layer();
        assertEquals(java.util.List.of("weight.square_avg", "bias.square_avg", "weight.momentum_buffer", "bias.momentum_buffer",
                        "weight.grad_avg", "bias.grad_avg"),
                java.util.List.copyOf(new RmsProp(l, 0.01, 0.99, 1e-8, 0, 0.9, true).state().keySet()));
        assertEquals(java.util.List.of("weight.square_avg", "bias.square_avg"), java.util.List.copyOf(new RmsProp(l, 0.01).state().keySet()));
        Map<String, Tensor> adagrad = new Adagrad(l, 0.01, 0, 0, 0.25, 1e-10).state();
        assertEquals(java.util.List.of("weight.sum", "bias.sum"), java.util.List.copyOf(adagrad.keySet()));
        assertEquals(0.25, adagrad.get("bias.sum").getFlat(1), "initial_accumulator_value");
        assertEquals(java.util.List.of("weight.exp_avg", "bias.exp_avg", "weight.exp_avg_sq", "bias.exp_avg_sq"),
                java.util.List.copyOf(new AdamW(l, 0.01).state().keySet()));
        assertEquals(java.util.List.of("weight.momentum_buffer", "bias.momentum_buffer"),
                java.util.List.copyOf(new Sgd(l, 0.1, 0.9, 0, true).state().keySet()));
    }

    @Test
    void momentumCanBeSetOnlyWhereThereIsOne() {
        Linear l = layer();
        Sgd sgd = new Sgd(l, 0.1, 0.9, 0);
        sgd.setMomentum(0.5);
        assertEquals(0.5, sgd.momentum());
        assertTrue(sgd.describe().contains("momentum=0.9"), "the description keeps the constructor's momentum");
        assertThrows(UnsupportedOperationException.class, () -> new Sgd(l, 0.1).setMomentum(0.5));
        assertThrows(UnsupportedOperationException.class, () -> new Adagrad(l, 0.1).setMomentum(0.5));
        assertThrows(UnsupportedOperationException.class, () -> new RmsProp(l, 0.1).setMomentum(0.5));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(l, 0.1).setMomentum(1.0));
        assertTrue(new Adam(l, 0.1).hasMomentum() && new RmsProp(l, 0.1, 0.99, 1e-8, 0, 0.5, false).hasMomentum());
    }

    @Test
    void badHyperparametersOfTheNewOptimisersAreRefusedNamingThem() {
        Linear l = layer();
        Map<String, Runnable> bad = Map.ofEntries(
                Map.entry("Nesterov momentum needs a momentum > 0", () -> new Sgd(l, 0.1, 0, 0, true)),
                Map.entry("weightDecay", () -> new AdamW(l, 0.1, 0.9, 0.999, 1e-8, -0.01)),
                Map.entry("beta1", () -> new AdamW(l, 0.1, 1.0, 0.999, 1e-8, 0.01)),
                Map.entry("alpha", () -> new RmsProp(l, 0.1, 1.5, 1e-8, 0, 0, false)),
                Map.entry("epsilon", () -> new RmsProp(l, 0.1, 0.99, 0, 0, 0, false)),
                Map.entry("momentum", () -> new RmsProp(l, 0.1, 0.99, 1e-8, 0, 1, false)),
                Map.entry("learningRateDecay", () -> new Adagrad(l, 0.1, -1, 0, 0, 1e-10)),
                Map.entry("initialAccumulatorValue", () -> new Adagrad(l, 0.1, 0, 0, Double.NaN, 1e-10)),
                Map.entry("learning rate", () -> new Adagrad(l, -0.1)));
        bad.forEach((name, call) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, name);
            assertTrue(e.getMessage().contains(name), name + ": " + e.getMessage());
        });
    }
}
