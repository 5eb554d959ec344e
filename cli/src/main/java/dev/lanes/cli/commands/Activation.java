package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;

import java.util.Locale;

/**
 * The hidden layers' activation as {@code --activation} names it: relu, tanh, gelu, gelu-tanh, leaky-relu[:SLOPE],
 * elu, silu or softplus, each with PyTorch's defaults (leaky-relu's slope 0.01 unless given).
 */
record Activation(String name, double slope) {

    static final String NAMES = "relu, tanh, gelu, gelu-tanh, leaky-relu[:SLOPE], elu, silu, softplus";
    private static final double DEFAULT_SLOPE = 0.01;

    /** Parses an {@code --activation} value. */
    static Activation parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("leaky-relu")) {
            String rest = value.substring("leaky-relu".length());
            if (rest.isEmpty()) {
                return new Activation("leaky-relu", DEFAULT_SLOPE);
            }
            if (rest.startsWith(":")) {
                try {
                    double slope = Double.parseDouble(rest.substring(1));
                    if (Double.isFinite(slope)) {
                        return new Activation("leaky-relu", slope);
                    }
                } catch (NumberFormatException e) {
                    // reported below with the whole value
                }
            }
            throw new UsageException("--activation " + text + ": leaky-relu takes a finite slope, e.g. leaky-relu:0.1");
        }
        return switch (value) {
            case "relu", "tanh", "gelu", "gelu-tanh", "elu", "silu", "softplus" -> new Activation(value, Double.NaN);
            default -> throw new UsageException("--activation " + text + ": expected one of " + NAMES);
        };
    }

    /** A new layer of this activation. */
    Layer layer() {
        return switch (name) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "gelu" -> new GELU(GELU.Approximation.NONE);
            case "gelu-tanh" -> new GELU(GELU.Approximation.TANH);
            case "leaky-relu" -> new LeakyReLU(slope);
            case "elu" -> new ELU();
            case "silu" -> new SiLU();
            case "softplus" -> new Softplus();
            default -> throw new IllegalStateException("unknown activation " + name);
        };
    }

    @Override
    public String toString() {
        return name.equals("leaky-relu") ? name + ":" + slope : name;
    }
}
