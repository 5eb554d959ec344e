package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The committed ONNX files of {@code onnx/scripts/make_fixtures.py} (PyTorch's exports and hand-written graphs) and
 * their expected outputs, stored as ONNX TensorProtos as in ONNX's own test data sets.
 */
final class Fixtures {

    private Fixtures() {
    }

    static Path file(String name) {
        try {
            var url = Fixtures.class.getResource("fixtures/" + name);
            if (url == null) {
                throw new IllegalStateException("no fixture " + name + "; run onnx/scripts/make_fixtures.py");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Tensor input(String model, DType dtype) {
        return tensor(model + ".input.pb", dtype);
    }

    static Tensor expectedOutput(String model, DType dtype) {
        return tensor(model + ".output.pb", dtype);
    }

    private static Tensor tensor(String name, DType dtype) {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return OnnxTensors.read(TensorProto.parseFrom(in), dtype);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OnnxFormatException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
