package dev.lanes.nn;

import dev.lanes.nn.check.GradientCheck;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.loss.L2Regularization;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 003's two-layer sigmoid net, set up exactly as its {@code main()}: N = 2, D_in = 3, H = 4, D_out = 5,
 * reg = 0.5 with the penalty 0.5·reg·Σ‖W‖², X = arange(6).reshape(3, 2) (one sample per column), y = [3, 4],
 * W1 = ones with columns scaled 1, 2, 3, b1 = 1, W2 = 2, b2 = 2. Every output logit is then equal, so the
 * softmax is uniform and the gradients have closed forms.
 */
class Seed003TwoLayerSigmoidTest {

    @Test
    void lossAndGradientsHaveTheirClosedForms() {
        Linear fc1 = new Linear(3, 4, DType.F64);
        Linear fc2 = new Linear(4, 5, DType.F64);
        Sequential net = new Sequential(fc1, new Sigmoid(), fc2);
        for (int h = 0; h < 4; h++) {
            for (int d = 0; d < 3; d++) {
                fc1.weight().value().set(d + 1, h, d);
            }
            fc1.bias().value().set(1, h);
        }
        for (int i = 0; i < fc2.weight().value().size(); i++) {
            fc2.weight().value().setFlat(i, 2);
        }
        for (int i = 0; i < 5; i++) {
            fc2.bias().value().setFlat(i, 2);
        }
        Tensor x = Tensor.of(new double[] {0, 2, 4, 1, 3, 5}, 2, 3); // the columns of arange(6).reshape(3, 2)
        int[] y = {3, 4};
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(net);
        L2Regularization reg = new L2Regularization(net, 0.5);

        net.zeroGrad();
        double value = loss.forward(net.forward(x), y) + reg.penalty();
        // ln 5 from the uniform softmax; 0.25·(4·(1+4+9) + 20·4) = 34 from the penalty.
        assertEquals(Math.log(5) + 34, value, 1e-12);
        net.backward(loss.backward());
        reg.addGradient();

        double a0 = 1 / (1 + Math.exp(-17)), a1 = 1 / (1 + Math.exp(-23)); // z1 = 17 and 23 for the two samples
        double[] db2 = {0.2, 0.2, 0.2, -0.3, -0.3};
        for (int c = 0; c < 5; c++) {
            assertEquals(db2[c], fc2.bias().grad().get(c), 1e-12);
            double d0 = (0.2 - (c == 3 ? 1 : 0)) / 2, d1 = (0.2 - (c == 4 ? 1 : 0)) / 2;
            for (int h = 0; h < 4; h++) {
                assertEquals(d0 * a0 + d1 * a1 + 0.5 * 2, fc2.weight().grad().get(c, h), 1e-12);
            }
        }
        // W2ᵀ·(softmax − onehot) is 0 because every row of W2 is the same and each gradient row sums to 0:
        // the first layer's gradient is the regulariser's alone.
        for (int h = 0; h < 4; h++) {
            assertEquals(0, fc1.bias().grad().get(h), 1e-12);
            for (int d = 0; d < 3; d++) {
                assertEquals(0.5 * (d + 1), fc1.weight().grad().get(h, d), 1e-12);
            }
        }
        GradientCheck.Report report = GradientCheck.check(net, x, loss, y, reg, 1e-5);
        assertTrue(report.maxRelativeError() < 1e-7, report.toString());
    }
}
