package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.kernels.Kernels;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model file a command uses. */
public final class ModelOptions {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file: model.safetensors from 'lanes train', or an ONNX model (.onnx) from 'lanes export' or another exporter (PyTorch's, ...).")
    Path model;

    /**
     * The model file given; a folder (such as a run folder) is refused with what was expected, naming the
     * model file inside it if there is one.
     */
    Path file() {
        if (Files.isDirectory(model)) {
            Path inside = model.resolve(RunFiles.MODEL_FILE_NAME);
            throw new UsageException("MODEL " + model + " is a folder; expected a model file (model.safetensors from "
                    + "'lanes train', or .onnx)" + (Files.isRegularFile(inside) ? "; did you mean " + inside + "?" : ""));
        }
        return model;
    }

    TrainedModel load(Kernels kernels) throws IOException {
        TrainedModel trained = TrainedModel.load(file(), kernels);
        trained.net().eval();
        return trained;
    }
}
