package dev.lanes.cli.model;

import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.Pixels;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.SafeTensors;
import dev.lanes.nn.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainedModelTest {

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsWithDataSetAndPixelsUnderPyTorchNames() throws IOException {
        Kernels kernels = Kernels.withProvider("scalar");
        Sequential net = Nets.mlp(12, List.of(5, 4), 10, Initializers.pytorchDefault(), 3, DType.F32);
        net.setKernels(kernels);
        TrainedModel model = new TrainedModel(net, List.of(12, 5, 4, 10), DataSetSpec.MNIST, new Pixels(0.25f, 0.5f));
        Path file = dir.resolve("m.safetensors");
        model.save(file);

        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(SafeTensors.read(file).tensors().keySet()));
        TrainedModel loaded = TrainedModel.load(file, kernels);
        assertEquals("12-5-4-10", loaded.network());
        assertEquals(DataSetSpec.MNIST, loaded.dataSet());
        assertEquals(new Pixels(0.25f, 0.5f), loaded.pixels());
        assertArrayEquals(net.namedParameters().get("2.weight").value().floats(),
                loaded.net().namedParameters().get("2.weight").value().floats());
    }
}
