package dev.lanes.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An empty operand occupies no elements, so it cannot overlap another, wherever its offset points. */
class EmptyOperandOverlapTest {
    private final Kernels kernels = Kernels.get();

    @Test
    void emptyCInsideASpanIsAllowed() {
        float[] shared = new float[40];
        // A is 4x5 at 0..20; C is 0x5 at offset 10, inside A's span, but holds nothing.
        assertDoesNotThrow(() -> kernels.gemm(Transpose.NONE, Transpose.NONE, 0, 5, 5, 1f, shared, 0, 5,
                new float[25], 0, 5, 0f, shared, 10, 5));
    }

    @Test
    void emptyAInsideCSpanIsAllowedAndCIsScaledByBeta() {
        double[] shared = {1, 2, 3, 4, 5, 6};
        // k = 0: op(A) is 2x0 at offset 1, inside C's span 0..6; C = beta*C.
        kernels.gemm(Transpose.NONE, Transpose.NONE, 2, 3, 0, 1d, shared, 1, 1, new double[0], 0, 3, 2d, shared, 0, 3);
        assertArrayEquals(new double[]{2, 4, 6, 8, 10, 12}, shared);
    }

    @Test
    void nonEmptyOverlapIsStillRejected() {
        float[] shared = new float[40];
        assertThrows(IllegalArgumentException.class, () -> kernels.gemm(Transpose.NONE, Transpose.NONE, 1, 5, 5, 1f,
                shared, 0, 5, new float[25], 0, 5, 0f, shared, 3, 5));
    }
}
