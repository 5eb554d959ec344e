package dev.lanes.nn.init;

import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

/** The initialisers of the seeds and of PyTorch. Each leaves a layer without a bias (a null bias) without one. */
public final class Initializers {

    private Initializers() {
    }

    /**
     * The seeds' {@code np.random.normal(0, weight_scale, …)} for weights, zero biases.
     *
     * @param weightScale the standard deviation of the weights, finite and ≥ 0 (the seeds use 1e-3 to 1e-2)
     * @return the initialiser
     * @throws IllegalArgumentException if weightScale is negative, infinite or NaN
     */
    public static Initializer normal(double weightScale) {
        if (!(weightScale >= 0) || Double.isInfinite(weightScale)) {
            throw new IllegalArgumentException("normal: weightScale must be finite and >= 0, got " + weightScale);
        }
        return (weight, bias, fanIn, fanOut, random) -> {
            fillNormal(weight, weightScale, random);
            zero(bias);
        };
    }

    /**
     * Xavier/Glorot uniform: weights from U(−a, a) with a = √(6 / (fanIn + fanOut)), zero biases.
     *
     * @return the initialiser
     */
    public static Initializer xavierUniform() {
        return (weight, bias, fanIn, fanOut, random) -> {
            fillUniform(weight, Math.sqrt(6.0 / (fanIn + fanOut)), random);
            zero(bias);
        };
    }

    /**
     * He (Kaiming) normal for ReLU layers: weights from N(0, √(2 / fanIn)), zero biases.
     *
     * @return the initialiser
     */
    public static Initializer he() {
        return (weight, bias, fanIn, fanOut, random) -> {
            fillNormal(weight, Math.sqrt(2.0 / fanIn), random);
            zero(bias);
        };
    }

    /**
     * PyTorch's default for {@code nn.Linear}: weights and biases from U(−1/√fanIn, 1/√fanIn) (its
     * {@code kaiming_uniform_(a=√5)} works out to that bound). This is also seed 001's {@code Linear}
     * initialisation, {@code uniform(±√(1/input_dim))} for both.
     *
     * @return the initialiser
     */
    public static Initializer pytorchDefault() {
        return (weight, bias, fanIn, fanOut, random) -> {
            double bound = 1 / Math.sqrt(fanIn);
            fillUniform(weight, bound, random);
            if (bias != null) {
                fillUniform(bias, bound, random);
            }
        };
    }

    private static void zero(Tensor bias) {
        if (bias != null) {
            bias.fillZero();
        }
    }

    private static void fillNormal(Tensor t, double std, SeededRandom random) {
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, std * random.nextGaussian());
        }
    }

    private static void fillUniform(Tensor t, double bound, SeededRandom random) {
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, random.uniform(-bound, bound));
        }
    }
}
