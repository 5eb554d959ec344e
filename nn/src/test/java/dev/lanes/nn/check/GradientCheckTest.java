package dev.lanes.nn.check;

import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.loss.BCEWithLogitsLoss;
import dev.lanes.nn.loss.CrossEntropyLoss;
import dev.lanes.nn.loss.HalfSquaredError;
import dev.lanes.nn.loss.HuberLoss;
import dev.lanes.nn.loss.Loss;
import dev.lanes.nn.loss.MeanAbsoluteError;
import dev.lanes.nn.loss.MeanSquaredError;
import dev.lanes.nn.loss.SmoothL1Loss;
import dev.lanes.nn.loss.L2Regularization;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * float64 gradient checks of every layer, every loss and the seeds' nets, with and without L2 and with the
 * ReLU fused or not: central differences with h = 1e-5 against the backward pass, relative error &lt; 1e-7. Inputs
 * are drawn so that no ReLU input lies within 1e-3 of its kink (asserted, not assumed), where the
 * numerical derivative would straddle two slopes.
 */
class GradientCheckTest {

    private static final double H = 1e-5;
    private static final double MAX_ERROR = 1e-7;

    private static Tensor random(SeededRandom r, double scale, int... shape) {
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, scale * r.nextGaussian());
        }
        return t;
    }

    private static int[] labels(SeededRandom r, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
        }
        return y;
    }

    private static void assertPasses(GradientCheck.Report report, int expectedTensors) {
        assertTrue(report.relativeErrors().size() == expectedTensors, report.toString());
        assertTrue(report.maxRelativeError() < MAX_ERROR, report.toString());
    }

    /** Asserts every ReLU's input in the model is at least 1e-3 from 0 for this input. */
    private static void assertAwayFromKinks(Sequential model, Tensor input) {
        Tensor x = input;
        for (int index = 0; index < model.size(); index++) {
            Layer layer = model.get(index);
            Tensor out = layer.forward(x);
            if (model.isFusedIntoPrevious(index)) {
                throw new AssertionError("check the unfused twin for kinks");
            }
            if (layer instanceof ReLU) {
                for (int i = 0; i < x.size(); i++) {
                    assertTrue(Math.abs(x.getFlat(i)) > 1e-3, "ReLU input " + x.getFlat(i) + " too near the kink");
                }
            }
            x = out.copy();
        }
    }

    @Test
    void linearWithHalfSquaredError() {
        SeededRandom r = new SeededRandom(1);
        Linear layer = new Linear(5, 3, DType.F64).initialize(Initializers.normal(1), r);
        // A non-zero bias too, so its gradient is not checked only at 0.
        layer.bias().value().copyFrom(random(r, 1, 3));
        Tensor x = random(r, 1, 4, 5);
        Tensor target = random(r, 1, 4, 3);
        assertPasses(GradientCheck.check(layer, x, new HalfSquaredError(layer), target, null, H), 3);
    }

    @Test
    void linearWithImageShapedInputIsFlattened() {
        SeededRandom r = new SeededRandom(2);
        Linear layer = new Linear(2 * 3 * 3, 4, DType.F64).initialize(Initializers.pytorchDefault(), r);
        Tensor images = random(r, 1, 3, 2, 3, 3);
        GradientCheck.Report report = GradientCheck.check(layer, images, new SoftmaxCrossEntropy(layer), new int[] {0, 3, 1}, null, H);
        assertPasses(report, 3);
        assertTrue(java.util.Arrays.equals(new int[] {3, 2, 3, 3}, report.analytic().get("input").shape()));
    }

    @Test
    void reluAwayFromKinks() {
        SeededRandom r = new SeededRandom(3);
        Tensor x = random(r, 1, 6, 4);
        for (int i = 0; i < x.size(); i++) {
            double v = x.getFlat(i);
            x.setFlat(i, v + Math.copySign(0.01, v)); // keep every element at least 0.01 from 0
        }
        ReLU relu = new ReLU();
        assertPasses(GradientCheck.check(relu, x, new HalfSquaredError(relu), random(r, 1, 6, 4), null, H), 1);
    }

    @Test
    void sigmoid() {
        SeededRandom r = new SeededRandom(4);
        Sigmoid sigmoid = new Sigmoid();
        assertPasses(GradientCheck.check(sigmoid, random(r, 2, 5, 3), new HalfSquaredError(sigmoid), random(r, 1, 5, 3), null, H), 1);
    }

    @Test
    void softmaxCrossEntropyThroughALinearLayer() {
        SeededRandom r = new SeededRandom(5);
        Linear layer = new Linear(4, 6, DType.F64).initialize(Initializers.normal(1), r);
        Tensor x = random(r, 1, 7, 4);
        assertPasses(GradientCheck.check(layer, x, new SoftmaxCrossEntropy(layer), labels(r, 7, 6), null, H), 3);
    }

    @Test
    void lossesOnTheirOwn() {
        SeededRandom r = new SeededRandom(9);
        Tensor logits = random(r, 1, 5, 7); // scale 1: no probability so small that its gradient drowns in rounding
        int[] y = labels(r, 5, 7);
        Layer model = new Sigmoid(); // a loss is made for a model; on its own, only the model's kernels matter
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(model);
        ce.forward(logits, y);
        Tensor analytic = ce.backward().copy();
        Tensor numerical = GradientCheck.numericalGradient(() -> ce.forward(logits, y), logits, H);
        double ceError = GradientCheck.relativeError(analytic, numerical);
        assertTrue(ceError < MAX_ERROR, "cross-entropy: " + ceError);

        Tensor prediction = random(r, 1, 4, 3), target = random(r, 1, 4, 3);
        HalfSquaredError mse = new HalfSquaredError(model);
        mse.forward(prediction, target);
        Tensor mseAnalytic = mse.backward().copy();
        Tensor mseNumerical = GradientCheck.numericalGradient(() -> mse.forward(prediction, target), prediction, H);
        double mseError = GradientCheck.relativeError(mseAnalytic, mseNumerical);
        assertTrue(mseError < MAX_ERROR, "squared error: " + mseError);
    }

    /**
     * Class weights (one of them 0) and label smoothing, each alone and together, on the loss alone and through a
     * net. (With ε = 1 some weight gradients of the net cancel to near 0, where the seeds' element-wise relative
     * error measures only the central difference's rounding; ε = 1 is checked on the logits, ε = 0.9 through the net.)
     */
    @ParameterizedTest(name = "weights {0}, smoothing {1}")
    @CsvSource({"false, 0.1", "true, 0", "true, 0.3", "true, 0.9", "true, 1", "false, 1"})
    void crossEntropyWithWeightsAndSmoothing(boolean weighted, double smoothing) {
        SeededRandom r = new SeededRandom(41);
        double[] weights = weighted ? new double[] {0.5, 2, 0, 1.25, 3} : null;
        Tensor logits = random(r, 1, 6, 5);
        int[] y = labels(r, 6, 5);
        CrossEntropyLoss alone = new CrossEntropyLoss(new Sigmoid(), weights, smoothing);
        alone.forward(logits, y);
        Tensor analytic = alone.backward().copy();
        Tensor numerical = GradientCheck.numericalGradient(() -> alone.forward(logits, y), logits, H);
        double error = GradientCheck.relativeError(analytic, numerical);
        assertTrue(error < MAX_ERROR, "cross-entropy on its own: " + error);

        Linear layer = new Linear(4, 5, DType.F64).initialize(Initializers.normal(1), r);
        Tensor x = random(r, 1, 7, 4);
        double netSmoothing = Math.min(smoothing, 0.9);
        assertPasses(GradientCheck.check(layer, x, new CrossEntropyLoss(layer, weights, netSmoothing), labels(r, 7, 5), null, H), 3);
    }

    /** Fractional and 0/1 targets, with and without positive weights, on the loss alone and through a net. */
    @ParameterizedTest(name = "pos_weight {0}")
    @ValueSource(booleans = {false, true})
    void bceWithLogits(boolean weighted) {
        SeededRandom r = new SeededRandom(43);
        double[] posWeight = weighted ? new double[] {0.5, 1, 3.5} : null;
        Tensor logits = random(r, 2, 5, 3), targets = Tensor.zeros(DType.F64, 5, 3);
        for (int i = 0; i < targets.size(); i++) {
            targets.setFlat(i, i % 4 == 0 ? 1 : i % 4 == 1 ? 0 : r.nextDouble());
        }
        BCEWithLogitsLoss alone = new BCEWithLogitsLoss(new Sigmoid(), posWeight);
        alone.forward(logits, targets);
        Tensor analytic = alone.backward().copy();
        Tensor numerical = GradientCheck.numericalGradient(() -> alone.forward(logits, targets), logits, H);
        double error = GradientCheck.relativeError(analytic, numerical);
        assertTrue(error < MAX_ERROR, "BCE with logits on its own: " + error);

        Linear layer = new Linear(4, 3, DType.F64).initialize(Initializers.normal(1), r);
        Tensor x = random(r, 1, 5, 4);
        assertPasses(GradientCheck.check(layer, x, new BCEWithLogitsLoss(layer, posWeight), targets, null, H), 3);
    }

    @Test
    void aWrongGradientIsCaught() {
        // The check itself must be able to fail: a layer whose backward is off by 1 % in one element.
        SeededRandom r = new SeededRandom(10);
        Linear layer = new Linear(3, 2, DType.F64).initialize(Initializers.normal(1), r);
        Layer broken = new Layer() {
            {
                registerParameter(layer.weight()); // the Linear's own parameters, under their own names
                registerParameter(layer.bias());
            }

            @Override
            public Tensor forward(Tensor input) {
                return layer.forward(input);
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                Tensor dx = layer.backward(gradOutput);
                dx.setFlat(0, dx.getFlat(0) * 1.01);
                return dx;
            }

            @Override
            public String describe() {
                return "Broken";
            }
        };
        GradientCheck.Report report = GradientCheck.check(broken, random(r, 1, 2, 3), new HalfSquaredError(broken), random(r, 1, 2, 2), null, H);
        assertTrue(report.relativeErrors().get("input") > 1e-3, report.toString());
        assertTrue(report.relativeErrors().get("weight") < MAX_ERROR, report.toString());
    }

    @Test
    void regularisedTwoLayerNetFusedAndUnfused() {
        for (boolean fused : new boolean[] {true, false}) {
            SeededRandom r = new SeededRandom(6);
            Sequential fusedNet = Nets.mlp(6, List.of(8), 4, Initializers.normal(1), 13, DType.F64);
            Sequential net = fused ? fusedNet : unfusedCopy(fusedNet);
            Tensor x = random(r, 1, 5, 6);
            assertAwayFromKinks(unfusedCopy(fusedNet), x);
            GradientCheck.Report report = GradientCheck.check(net, x, new SoftmaxCrossEntropy(net), labels(r, 5, 4),
                    new L2Regularization(net, 0.3), H);
            assertPasses(report, 5);
        }
    }

    @Test
    void regularisedMultilayerNet() {
        SeededRandom r = new SeededRandom(7);
        Sequential net = Nets.mlp(5, List.of(7, 6, 5), 3, Initializers.he(), 12, DType.F64);
        Tensor x = random(r, 1, 4, 5);
        assertAwayFromKinks(unfusedCopy(net), x);
        GradientCheck.Report report = GradientCheck.check(net, x, new SoftmaxCrossEntropy(net), labels(r, 4, 3),
                new L2Regularization(net, 0.05), H);
        assertPasses(report, 9);
    }

    @Test
    void sigmoidNetWithSquaredError() {
        SeededRandom r = new SeededRandom(8);
        Sequential net = new Sequential(
                new Linear(3, 4, DType.F64).initialize(Initializers.xavierUniform(), r), new Sigmoid(),
                new Linear(4, 2, DType.F64).initialize(Initializers.xavierUniform(), r));
        assertPasses(GradientCheck.check(net, random(r, 1, 3, 3), new HalfSquaredError(net), random(r, 1, 3, 2),
                new L2Regularization(net, 0.1), H), 5);
    }

    /** The same layers and weights without fusion (a fresh Sequential over fresh layers). */
    static Sequential unfusedCopy(Sequential net) {
        List<Layer> layers = new java.util.ArrayList<>();
        for (Layer layer : net.layers()) {
            if (layer instanceof Linear l) {
                Linear copy = new Linear(l.inFeatures(), l.outFeatures(), l.dtype());
                copy.weight().value().copyFrom(l.weight().value());
                copy.bias().value().copyFrom(l.bias().value());
                layers.add(copy);
            } else if (layer instanceof ReLU) {
                layers.add(new ReLU());
            } else if (layer instanceof Sigmoid) {
                layers.add(new Sigmoid());
            }
        }
        return new Sequential(layers, false);
    }

    /** The regression losses; the δ and β are small against the outputs' spread, so both regimes are checked. */
    enum RegressionLoss {
        MSE(MeanSquaredError::new),
        L1(MeanAbsoluteError::new),
        HUBER(m -> new HuberLoss(m, 0.5)),
        SMOOTH_L1(m -> new SmoothL1Loss(m, 0.5));

        final Function<Layer, Loss<Tensor>> make;

        RegressionLoss(Function<Layer, Loss<Tensor>> make) {
            this.make = make;
        }
    }

    @ParameterizedTest
    @EnumSource(RegressionLoss.class)
    void regressionLossesThroughANet(RegressionLoss which) {
        SeededRandom r = new SeededRandom(31);
        Sequential net = new Sequential( // smooth layers: the only kinks are the loss's, kept away from below
                new Linear(4, 5, DType.F64).initialize(Initializers.xavierUniform(), r), new Sigmoid(),
                new Linear(5, 3, DType.F64).initialize(Initializers.xavierUniform(), r));
        Tensor x = random(r, 1, 6, 4), target = random(r, 1, 6, 3);
        Loss<Tensor> loss = which.make.apply(net);
        Tensor output = net.forward(x).copy();
        for (int i = 0; i < output.size(); i++) { // no element near a kink of |d| or of δ = β = 0.5
            double d = Math.abs(output.getFlat(i) - target.getFlat(i));
            assertTrue(d > 1e-3 && Math.abs(d - 0.5) > 1e-3, "difference " + d + " too near a kink");
        }
        assertPasses(GradientCheck.check(net, x, loss, target, null, H), 5);
    }
}
