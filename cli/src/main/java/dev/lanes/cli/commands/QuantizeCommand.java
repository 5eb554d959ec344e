package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.quant.Precision;
import dev.lanes.nn.quant.Quantizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** A trained model with its Linear weights stored narrower, for faster inference. */
@Command(name = "quantize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a copy of a trained model whose Linear weights are stored in bfloat16, float16 or int8 "
                + "(per-output-row scales, as PyTorch's dynamic quantisation), for faster inference with 'evaluate' and "
                + "'predict'. Inputs, biases and sums stay float32."})
public final class QuantizeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    /** Exactly one precision. */
    static final class PrecisionChoice {
        @Option(names = "--int8", description = "Signed bytes, one float32 scale per output row (4x smaller).")
        boolean int8;
        @Option(names = "--bf16", description = "bfloat16 (2x smaller; float32's range, 8 significant bits).")
        boolean bf16;
        @Option(names = "--f16", description = "IEEE half precision (2x smaller; 11 significant bits, range ±65504).")
        boolean f16;

        Precision precision() {
            return int8 ? Precision.INT8 : bf16 ? Precision.BF16 : Precision.F16;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    PrecisionChoice choice;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The file to write (default: MODEL's name with -int8, -bf16 or -f16 before .safetensors).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Precision precision = choice.precision();
        TrainedModel model = modelOptions.load(Kernels.get());
        if (model.isQuantized()) {
            throw new UsageException(modelOptions.model + " is already quantized; quantize the float32 model it came from");
        }
        Path target = output != null ? output : defaultOutput(modelOptions.model, precision);
        if (TrainedModel.isOnnx(target)) {
            throw new UsageException("-o " + target + ": a quantized model is written as .safetensors");
        }
        model.withNet(Quantizer.quantize(model.net(), precision)).save(target);
        InfoLines.println(spec.commandLine().getOut(), String.format(Locale.ROOT, "Wrote %s: %s network, %s weights (%,d bytes; the model was %,d)", target,
                model.network(), precision.name().toLowerCase(java.util.Locale.ROOT), Files.size(target), Files.size(modelOptions.model)));
        return 0;
    }

    static Path defaultOutput(Path model, Precision precision) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return model.resolveSibling(stem + "-" + precision.name().toLowerCase(java.util.Locale.ROOT) + ".safetensors");
    }
}
