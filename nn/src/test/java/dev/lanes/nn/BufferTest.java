package dev.lanes.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class BufferTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void anEpochsShortLastBatchReusesTheFullBatchsStorageAndAlternatingAllocatesNoViews(DType dtype) {
        Buffer buffer = new Buffer();
        Tensor full = buffer.matrix(dtype, 32, 10);
        Tensor last = buffer.matrix(dtype, 19, 10);
        assertSame(full.storage(), last.storage(), "the short batch's storage");
        assertArrayEquals(new int[] {19, 10}, last.shape());
        for (int epoch = 0; epoch < 3; epoch++) {
            assertSame(full, buffer.matrix(dtype, 32, 10), "full batch, epoch " + epoch);
            assertSame(full, buffer.like(full), "like(full), epoch " + epoch);
            assertSame(last, buffer.matrix(dtype, 19, 10), "short batch, epoch " + epoch);
            assertSame(last, buffer.get(dtype, 19, 10), "get(short), epoch " + epoch);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aThirdShapeReplacesTheSmallerViewAndKeepsTheLargest(DType dtype) {
        Buffer buffer = new Buffer();
        Tensor full = buffer.matrix(dtype, 32, 10);
        Tensor trainingLast = buffer.matrix(dtype, 19, 10);
        Tensor validationLast = buffer.matrix(dtype, 7, 10);
        assertSame(full, buffer.matrix(dtype, 32, 10));
        assertSame(validationLast, buffer.matrix(dtype, 7, 10));
        assertNotSame(trainingLast, buffer.matrix(dtype, 19, 10));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aLargerShapeGrowsTheStorageAndDropsTheViewsOfTheOldOne(DType dtype) {
        Buffer buffer = new Buffer();
        Tensor small = buffer.matrix(dtype, 4, 10);
        Tensor large = buffer.matrix(dtype, 8, 10);
        assertNotSame(small.storage(), large.storage());
        Tensor smallAgain = buffer.matrix(dtype, 4, 10);
        assertNotSame(small, smallAgain);
        assertSame(large.storage(), smallAgain.storage());
    }
}
