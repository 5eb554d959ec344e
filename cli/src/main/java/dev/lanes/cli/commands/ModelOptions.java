package dev.lanes.cli.commands;

import dev.lanes.cli.model.TrainedModel;
import dev.lanes.kernels.Kernels;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** The model file a command uses. */
public final class ModelOptions {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'lanes train' (model.safetensors), or an ONNX model (.onnx: from 'lanes export' or an exporter such as PyTorch's).")
    Path model;

    TrainedModel load(Kernels kernels) throws IOException {
        TrainedModel trained = TrainedModel.load(model, kernels);
        trained.net().eval();
        return trained;
    }
}
