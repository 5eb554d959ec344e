package dev.lanes.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX model run in ONNX Runtime (CPU, one thread), the independent judge of what Lanes writes and reads. A DOUBLE
 * model runs with ONNX Runtime's basic graph optimisations only: its extended ones replace DOUBLE subgraphs by
 * kernels that exist for FLOAT alone (SiLU's Sigmoid·Mul by QuickGelu, which then fails to load) or compute in
 * float (GELU's tanh decomposition), which would judge ONNX Runtime's fusions rather than the file.
 */
public final class OrtRunner implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /**
     * A session on {@code model}, one intra-op thread.
     *
     * @param model the .onnx file's bytes
     * @throws OrtException if ONNX Runtime refuses the model
     */
    public OrtRunner(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            if (isDouble(model)) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            }
            session = env.createSession(model, options);
        }
    }

    private static boolean isDouble(byte[] model) {
        try {
            var graph = dev.lanes.onnx.proto.OnnxProto.ModelProto.parseFrom(model).getGraph();
            return graph.getInputCount() > 0 && graph.getInput(0).getType().getTensorType().getElemType()
                    == dev.lanes.onnx.proto.OnnxProto.TensorProto.DataType.DOUBLE_VALUE;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;      // ONNX Runtime will say what is wrong with it
        }
    }

    /** @return the session, for its input and output descriptions */
    public OrtSession session() {
        return session;
    }

    /**
     * The model's one output for {@code input}, as a Lanes tensor of the input's dtype.
     *
     * @param input the value of the model's one input
     * @return its output
     * @throws OrtException if the run fails
     */
    public Tensor run(Tensor input) throws OrtException {
        long[] shape = java.util.Arrays.stream(input.shape()).asLongStream().toArray();
        String inputName = session.getInputNames().iterator().next();
        try (OnnxTensor x = input.dtype() == DType.F32
                ? OnnxTensor.createTensor(env, FloatBuffer.wrap(input.floats(), 0, input.size()), shape)
                : OnnxTensor.createTensor(env, DoubleBuffer.wrap(input.doubles(), 0, input.size()), shape);
             OrtSession.Result result = session.run(Map.of(inputName, x))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            int[] outShape = java.util.Arrays.stream(y.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
            if (input.dtype() == DType.F32) {
                FloatBuffer data = y.getFloatBuffer();
                float[] out = new float[data.remaining()];
                data.get(out);
                return Tensor.of(out, outShape);
            }
            DoubleBuffer data = y.getDoubleBuffer();
            double[] out = new double[data.remaining()];
            data.get(out);
            return Tensor.of(out, outShape);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
