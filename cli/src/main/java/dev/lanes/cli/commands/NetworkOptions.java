package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Sequential;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The network {@code lanes train} builds: for each hidden size, Linear → (BatchNorm1d | LayerNorm) → activation →
 * (Dropout), then a Linear to the class scores; PyTorch's default initialisation from the seed. The model file's
 * architecture records every layer, so evaluate and predict need none of these options.
 */
public final class NetworkOptions {

    /** The stream of the run's seed that dropout's masks come from (initialisation uses the seed itself). */
    private static final long DROPOUT_STREAM = 1;

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]", hideParamSyntax = true, defaultValue = TrainDefaults.HIDDEN,
            description = "Hidden layer sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu", converter = ActivationConverter.class,
            description = "Hidden activation: " + Activation.NAMES + " (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = TrainDefaults.DROPOUT,
            description = "Dropout probability after each hidden activation; 0 for none (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--batch-norm", negatable = true, defaultValue = TrainDefaults.BATCH_NORM, fallbackValue = "true",
            description = "BatchNorm1d after each hidden Linear, before the activation (default: ${DEFAULT-VALUE}; "
                    + "--layer-norm replaces it).")
    boolean batchNorm;

    @Option(names = "--layer-norm", description = "LayerNorm after each hidden Linear (before the activation).")
    boolean layerNorm;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    static final class ActivationConverter implements picocli.CommandLine.ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            return Activation.parse(value);
        }
    }

    void check() {
        for (int h : hidden) {
            if (h < 1) {
                throw new UsageException("--hidden sizes must be positive, got " + hidden);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("--dropout must be in [0, 1), got " + dropout);
        }
        if (layerNorm) {
            if (batchNorm && spec.commandLine().getParseResult().hasMatchedOption("--batch-norm")) {
                throw new UsageException("--batch-norm and --layer-norm exclude each other: choose one");
            }
            batchNorm = false;
        }
    }

    /** The untrained float32 network, initialised and with dropout's generator seeded from {@code seed}. */
    Sequential build(int inputs, int outputs, long seed) {
        SeededRandom init = new SeededRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            layers.add(new Linear(width, h, DType.F32).initialize(Initializers.pytorchDefault(), init));
            if (batchNorm) {
                layers.add(new BatchNorm1d(h));
            } else if (layerNorm) {
                layers.add(new LayerNorm(h));
            }
            layers.add(activation.layer());
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            width = h;
        }
        layers.add(new Linear(width, outputs, DType.F32).initialize(Initializers.pytorchDefault(), init));
        Sequential net = new Sequential(layers, true);
        net.setRandom(SeededRandom.stream(seed, DROPOUT_STREAM));
        return net;
    }

    /** Layer widths, e.g. 784, 256, 128, 10. */
    List<Integer> sizes(int inputs, int outputs) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(inputs);
        sizes.addAll(hidden);
        sizes.add(outputs);
        return List.copyOf(sizes);
    }
}
