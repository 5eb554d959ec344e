package dev.lanes.nn;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.check.GradientCheck;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.L2Regularization;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Sgd;
import dev.lanes.nn.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The networks of seeds 002 and 004 as one-liners. */
class Seed002And004NetsTest {

    @Test
    void seed004sNetIs784To100To200To10() {
        Sequential net = Nets.mlp(784, List.of(100, 200), 10, Initializers.normal(0.01), 1);
        assertEquals(5, net.size());
        assertTrue(net.get(0) instanceof Linear && net.get(1) instanceof ReLU && net.get(3) instanceof ReLU);
        assertArrayEquals(new int[] {100, 784}, net.namedParameters().get("0.weight").value().shape());
        assertArrayEquals(new int[] {200, 100}, net.namedParameters().get("2.weight").value().shape());
        assertArrayEquals(new int[] {10, 200}, net.namedParameters().get("4.weight").value().shape());
        assertArrayEquals(new int[] {10}, net.namedParameters().get("4.bias").value().shape());
        // Seed 004's train(network, X, y): one step on a batch of 32 lowers the loss on that batch.
        SeededRandom r = new SeededRandom(2);
        Tensor x = Tensor.zeros(DType.F32, 32, 784);
        int[] y = new int[32];
        for (int i = 0; i < 32; i++) {
            y[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                x.set(r.nextDouble() + (p % 10 == y[i] ? 1 : 0), i, p);
            }
        }
        Trainer<int[]> trainer = new Trainer<>(net, new SoftmaxCrossEntropy(net), new Sgd(net, 0.1));
        double first = trainer.trainStep(x, y);
        for (int i = 0; i < 5; i++) {
            trainer.trainStep(x, y);
        }
        assertTrue(trainer.trainStep(x, y) < first);
    }

    @Test
    void seed002sTwoLayerNetWithItsRegularisationForm() {
        // Seed 002 writes reg·Σ‖W‖² with gradient 2·reg·W: L2Regularization(2·reg) in the seeds' 0.5 form.
        double reg = 0.05;
        Sequential net = Nets.mlp(4, List.of(5), 3, Initializers.normal(1), 3, DType.F64);
        SeededRandom r = new SeededRandom(4);
        Tensor x = Tensor.zeros(DType.F64, 6, 4);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, r.nextGaussian());
        }
        int[] y = {0, 1, 2, 2, 1, 0};
        L2Regularization l2 = new L2Regularization(net, 2 * reg);
        double sum = 0;
        for (var p : net.parameters()) {
            if (p.kind() == dev.lanes.nn.layers.Parameter.Kind.WEIGHT) {
                for (double v : p.value().toDoubleArray()) {
                    sum += v * v;
                }
            }
        }
        assertEquals(reg * sum, l2.penalty(), 1e-12);
        GradientCheck.Report report = GradientCheck.check(net, x, new SoftmaxCrossEntropy(net), y, l2, 1e-5);
        assertTrue(report.maxRelativeError() < 1e-7, report.toString());
    }
}
