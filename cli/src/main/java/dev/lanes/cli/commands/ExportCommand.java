package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.kernels.Kernels;
import dev.lanes.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** A saved model written as ONNX, for any ONNX runtime to serve. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a saved model as an ONNX model, for ONNX Runtime or any other ONNX runtime.",
                "The graph takes 'input' [batch, pixels], the pixels scaled as the model was trained (see its metadata), "
                        + "and gives 'output' [batch, classes], the logits."})
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path onnx;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!TrainedModel.isOnnx(onnx)) {
            throw new UsageException("--onnx " + onnx + ": the file name must end in .onnx");
        }
        TrainedModel model = modelOptions.load(Kernels.get());
        model.saveOnnx(onnx);
        InfoLines.println(spec.commandLine().getOut(), String.format(Locale.ROOT, "Wrote %s: %s network, ONNX opset %d, input '%s' [batch, %d] (pixels / 255 − %s, / %s), "
                        + "output '%s' [batch, %d] (logits)", onnx, model.network(), OnnxExport.OPSET, OnnxExport.INPUT,
                model.inputs(), model.pixels().mean(), model.pixels().std(), OnnxExport.OUTPUT, model.classes()));
        return 0;
    }
}
