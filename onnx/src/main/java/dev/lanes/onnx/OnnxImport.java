package dev.lanes.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.io.InvalidModelFileException;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.onnx.proto.OnnxProto.ModelProto;
import dev.lanes.onnx.proto.OnnxProto.StringStringEntryProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX models of fully-connected networks read as Lanes {@link Sequential}s, to run (and train further) on the
 * Lanes kernels.
 *
 * <p>It reads what exporters write for such networks, PyTorch's {@code torch.onnx.export} of an
 * {@code nn.Sequential} in particular: a graph of one input, [batch, features…] in FLOAT or DOUBLE with every
 * dimension but the batch fixed, and one output, each node reading the previous node's output and constants
 * (initializers, stored raw or in typed fields, or {@code Constant} nodes). Operators: {@code Gemm}
 * ({@code transB} 0 or 1, alpha and beta 1, bias optional), {@code MatMul} by a constant with an optional {@code Add}
 * of the bias, {@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code LeakyRelu}, {@code Elu}, {@code Gelu},
 * {@code Softplus}, {@code Softmax} and {@code LogSoftmax} over the features, {@code Dropout} (the identity in
 * inference), {@code BatchNormalization} (inference), {@code LayerNormalization}, and, computing no layer,
 * {@code Flatten}, {@code Reshape} to [batch, …] and {@code Identity}. The layers PyTorch 1.13 writes as several nodes
 * are recognised whole (GELU's erf and tanh forms, SiLU, Softplus with β, LayerNorm before opset 17; the templates
 * are in one table). Parameters keep their exact bits, and a Linear followed by a ReLU runs as one fused GEMM.
 *
 * <p>Anything else is refused before a model is returned, with an {@link InvalidModelFileException} naming the
 * file and the node, operator or tensor and why; so is a corrupt or truncated file. The file is read whole once
 * (it cannot be larger than protobuf's 2 GiB), and every size it announces is checked against the bytes it holds
 * before anything of that size is allocated.
 */
public final class OnnxImport {

    /** Protobuf's own limit on a message: larger files are not ONNX models without external data. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** Nesting of messages (graphs in attributes in graphs…) beyond which a file is refused, not followed. */
    private static final int MAX_NESTING = 64;

    private OnnxImport() {
    }

    /**
     * Reads the model in {@code path}, computing with {@code Kernels.get()}.
     *
     * @param path an .onnx file
     * @return the model, in evaluation mode
     * @throws InvalidModelFileException if the file is not an ONNX model Lanes can hold exactly, naming the file and why
     * @throws IOException if the file cannot be read
     */
    public static Sequential load(Path path) throws IOException {
        return load(path, Kernels.get());
    }

    /**
     * Reads the model in {@code path}, computing with {@code kernels}.
     *
     * @param path an .onnx file
     * @param kernels the kernels the model computes with
     * @return the model, in evaluation mode
     * @throws InvalidModelFileException if the file is not an ONNX model Lanes can hold exactly, naming the file and why
     * @throws IOException if the file cannot be read
     */
    public static Sequential load(Path path, Kernels kernels) throws IOException {
        return read(path, kernels).model();
    }

    /**
     * Reads the model in {@code path} with the file's metadata ({@code metadata_props}), computing with {@code kernels}.
     *
     * @param path an .onnx file
     * @param kernels the kernels the model computes with
     * @return the model, in evaluation mode, and the metadata
     * @throws InvalidModelFileException if the file is not an ONNX model Lanes can hold exactly, naming the file and why
     * @throws IOException if the file cannot be read
     */
    public static Loaded read(Path path, Kernels kernels) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidModelFileException(path, size + " bytes, more than an ONNX model without external data holds");
        }
        Loaded loaded = parse(path, Files.readAllBytes(path));
        loaded.model().setKernels(kernels);
        return loaded;
    }

    /**
     * Reads a model from the bytes of an .onnx file, computing with {@code Kernels.get()}.
     *
     * @param source what to name in errors (the file the bytes came from)
     * @param bytes the file's contents
     * @return the model, in evaluation mode
     * @throws InvalidModelFileException if the bytes are not an ONNX model Lanes can hold exactly, naming source and why
     */
    public static Sequential fromBytes(Path source, byte[] bytes) throws InvalidModelFileException {
        return parse(source, bytes).model();
    }

    /**
     * A model read from an ONNX file, with the file's metadata.
     *
     * @param model the model, in evaluation mode
     * @param metadata the model's {@code metadata_props}, in file order (empty if it has none)
     */
    public record Loaded(Sequential model, Map<String, String> metadata) {
        /**
         * The model and its metadata, copied.
         *
         * @param model the model
         * @param metadata the metadata entries
         */
        public Loaded {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    private static Loaded parse(Path source, byte[] bytes) throws InvalidModelFileException {
        ModelProto proto;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(MAX_NESTING);
            proto = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelFileException(source, "not a readable ONNX model (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidModelFileException(source, "not a readable ONNX model (" + e + ")", e);
        }
        try {
            Sequential model = GraphReader.read(proto);
            model.eval();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (StringStringEntryProto entry : proto.getMetadataPropsList()) {
                if (metadata.put(entry.getKey(), entry.getValue()) != null) {
                    throw new OnnxFormatException("the metadata key '" + entry.getKey() + "' appears twice");
                }
            }
            return new Loaded(model, metadata);
        } catch (OnnxFormatException e) {
            throw new InvalidModelFileException(source, e.getMessage(), e);
        }
    }
}
