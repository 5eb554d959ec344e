package dev.lanes.kernels.scalar;

/**
 * The reference of the narrow-weight family ({@link dev.lanes.kernels.spi.NarrowLinear}): each output is one sum in
 * index order of x·widen(w), in float, then (int8) times the row's scale, then plus the bias. Widening is exact
 * for all three formats (every bfloat16, binary16 and byte value is a float), so the only roundings are those of
 * the float arithmetic. Arguments arrive validated.
 */
public final class ScalarNarrowLinear {
    private ScalarNarrowLinear() {
    }

    /** The float a bfloat16 bit pattern stands for: its 16 bits are the float's upper half. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    public static void linearBFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < out; j++) {
                float sum = 0;
                for (int p = 0; p < in; p++) {
                    sum += x[i * in + p] * bfloat16ToFloat(weights[j * in + p]);
                }
                y[i * out + j] = bias == null ? sum : sum + bias[j];
            }
        }
    }

    public static void linearFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < out; j++) {
                float sum = 0;
                for (int p = 0; p < in; p++) {
                    sum += x[i * in + p] * Float.float16ToFloat(weights[j * in + p]);
                }
                y[i * out + j] = bias == null ? sum : sum + bias[j];
            }
        }
    }

    public static void linearInt8(int rows, int in, int out, float[] x, byte[] weights, float[] scales, float[] bias, float[] y) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < out; j++) {
                float sum = 0;
                for (int p = 0; p < in; p++) {
                    sum += x[i * in + p] * weights[j * in + p];
                }
                float scaled = scales[j] * sum;
                y[i * out + j] = bias == null ? scaled : scaled + bias[j];
            }
        }
    }
}
