package dev.lanes.onnx;

import com.google.protobuf.ByteString;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;
import dev.lanes.onnx.proto.OnnxProto.TensorProto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Lanes tensors to ONNX {@code TensorProto}s and back. Writing stores the elements as little-endian
 * {@code raw_data}, as PyTorch does; reading takes {@code raw_data} or the typed fields ({@code float_data},
 * {@code double_data}, {@code int64_data}) and checks the element count against the dimensions before it copies
 * anything, so a file cannot make it allocate more than the bytes it holds.
 */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /**
     * The ONNX element type of a Lanes dtype.
     *
     * @param dtype F32 or F64
     * @return FLOAT or DOUBLE
     */
    public static DataType dataType(DType dtype) {
        return dtype == DType.F32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /**
     * {@code value} as an initializer named {@code name}, with its shape and its elements' exact bits.
     *
     * @param name the initializer's name
     * @param value the tensor, F32 or F64
     * @return the TensorProto
     */
    public static TensorProto toProto(String name, Tensor value) {
        TensorProto.Builder proto = TensorProto.newBuilder().setName(name).setDataType(dataType(value.dtype()).getNumber());
        for (int d : value.shape()) {
            proto.addDims(d);
        }
        int n = value.size();
        ByteBuffer bytes = ByteBuffer.allocate(n * value.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (value.dtype() == DType.F32) {
            bytes.asFloatBuffer().put(value.floats(), 0, n);
        } else {
            bytes.asDoubleBuffer().put(value.doubles(), 0, n);
        }
        return proto.setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    /**
     * The dimensions of {@code proto}, checked: none negative, and an element count that fits an array.
     *
     * @param proto the tensor
     * @return its dimensions
     * @throws OnnxFormatException if a dimension is negative or the element count exceeds an array's
     */
    public static int[] shape(TensorProto proto) throws OnnxFormatException {
        int[] shape = new int[proto.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = proto.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxFormatException("tensor '" + proto.getName() + "' has dimension " + d + " in " + proto.getDimsList());
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new OnnxFormatException("tensor '" + proto.getName() + "' has dims " + proto.getDimsList()
                        + ": more elements than an array holds");
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    /**
     * The elements of a FLOAT or DOUBLE tensor as a Lanes tensor of {@code dtype}: the same bits when the types
     * agree; a FLOAT tensor read into F64 is widened exactly, a DOUBLE one is never narrowed.
     *
     * @param proto the tensor
     * @param dtype the dtype of the model it goes into
     * @return a new tensor of proto's shape (a scalar has shape [1])
     * @throws OnnxFormatException if its data is external, of another type, or of the wrong length
     */
    public static Tensor read(TensorProto proto, DType dtype) throws OnnxFormatException {
        int[] shape = shape(proto);
        int n = count(shape);
        requireInternal(proto);
        int type = proto.getDataType();
        boolean isFloat = type == DataType.FLOAT_VALUE;
        if (!isFloat && type != DataType.DOUBLE_VALUE) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' is of type " + typeName(type)
                    + "; Lanes reads FLOAT and DOUBLE parameters");
        }
        if (!isFloat && dtype == DType.F32) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' is DOUBLE in a FLOAT model");
        }
        int[] lanesShape = shape.length == 0 ? new int[] {1} : shape;
        if (proto.hasRawData()) {
            ByteBuffer raw = raw(proto, n, isFloat ? 4 : 8);      // checks the length before anything is allocated
            Tensor out = Tensor.zeros(dtype, lanesShape);
            for (int i = 0; i < n; i++) {
                if (dtype == DType.F32) {
                    out.floats()[i] = raw.getFloat();
                } else {
                    out.doubles()[i] = isFloat ? raw.getFloat() : raw.getDouble();
                }
            }
            return out;
        }
        int typed = isFloat ? proto.getFloatDataCount() : proto.getDoubleDataCount();
        if (typed != n) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' has dims " + proto.getDimsList() + " ("
                    + n + " elements) but " + typed + " values in " + (isFloat ? "float_data" : "double_data"));
        }
        Tensor out = Tensor.zeros(dtype, lanesShape);
        for (int i = 0; i < n; i++) {
            if (dtype == DType.F32) {
                out.floats()[i] = proto.getFloatData(i);
            } else {
                out.doubles()[i] = isFloat ? proto.getFloatData(i) : proto.getDoubleData(i);
            }
        }
        return out;
    }

    /**
     * The elements of an INT64 tensor (shapes, axes).
     *
     * @param proto the tensor
     * @return its elements
     * @throws OnnxFormatException if its data is external, of another type, or of the wrong length
     */
    public static long[] readLongs(TensorProto proto) throws OnnxFormatException {
        int n = count(shape(proto));
        requireInternal(proto);
        if (proto.getDataType() != DataType.INT64_VALUE) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' is of type " + typeName(proto.getDataType())
                    + ", expected INT64");
        }
        if (proto.hasRawData()) {
            ByteBuffer raw = raw(proto, n, 8);
            long[] out = new long[n];
            raw.asLongBuffer().get(out);
            return out;
        }
        if (proto.getInt64DataCount() != n) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' has dims " + proto.getDimsList() + " but "
                    + proto.getInt64DataCount() + " values in int64_data");
        }
        return proto.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The elements of a BOOL tensor (Dropout's training_mode), 0 or 1 each.
     *
     * @param proto the tensor
     * @return its elements as 0 and 1
     * @throws OnnxFormatException if its data is external, of another type, or of the wrong length
     */
    static long[] readBool(TensorProto proto) throws OnnxFormatException {
        int n = count(shape(proto));
        requireInternal(proto);
        if (proto.getDataType() != DataType.BOOL_VALUE) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' is of type " + typeName(proto.getDataType())
                    + ", expected BOOL");
        }
        long[] out = new long[n];
        if (proto.hasRawData()) {
            ByteBuffer raw = raw(proto, n, 1);
            for (int i = 0; i < n; i++) {
                out[i] = raw.get() != 0 ? 1 : 0;
            }
        } else if (proto.getInt32DataCount() == n) {
            for (int i = 0; i < n; i++) {
                out[i] = proto.getInt32Data(i) != 0 ? 1 : 0;
            }
        } else {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' has dims " + proto.getDimsList() + " but "
                    + proto.getInt32DataCount() + " values in int32_data");
        }
        return out;
    }

    /**
     * The name of an ONNX element type, for messages.
     *
     * @param type the {@code data_type} field
     * @return its enum name, or the number if unknown
     */
    public static String typeName(int type) {
        DataType t = DataType.forNumber(type);
        return t == null ? "unknown type " + type : t.name();
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;      // shape() checked that the product fits
        }
        return n;
    }

    private static void requireInternal(TensorProto proto) throws OnnxFormatException {
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL || proto.getExternalDataCount() > 0) {
            throw new OnnxFormatException("tensor '" + proto.getName()
                    + "' keeps its data in an external file; Lanes reads models whose tensors are inside the .onnx file");
        }
        if (proto.hasSegment()) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' is a segment of a larger tensor, which Lanes does not read");
        }
    }

    private static ByteBuffer raw(TensorProto proto, int n, int elementBytes) throws OnnxFormatException {
        ByteString data = proto.getRawData();
        if (data.size() != (long) n * elementBytes) {
            throw new OnnxFormatException("tensor '" + proto.getName() + "' has dims " + proto.getDimsList() + " ("
                    + n + " elements of " + elementBytes + " bytes) but " + data.size() + " bytes of raw_data");
        }
        return data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A copy of {@code shape} for messages.
     *
     * @param shape dimensions
     * @return them as "[a, b]"
     */
    public static String describe(int[] shape) {
        return Arrays.toString(shape);
    }
}
