package dev.lanes.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    @Test
    void flattenAndReshapeShareStorage() {
        // The seeds flatten a batch of 3×32×32 images into rows of 3072.
        Tensor images = Tensor.zeros(DType.F32, 2, 3, 32, 32);
        Tensor rows = images.flatten();
        assertArrayEquals(new int[] {2, 3072}, rows.shape());
        assertSame(images.floats(), rows.floats());
        rows.set(7, 1, 3071);
        assertEquals(7, images.get(1, 2, 31, 31));
        assertArrayEquals(new int[] {6, 1024}, images.reshape(-1, 1024).shape());
    }

    @Test
    void shapeErrorsNameBothShapes() {
        Tensor t = Tensor.zeros(DType.F64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(IllegalStateException.class, t::floats);
    }

    @Test
    void prefixViewsAndCopies() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 99}, 3, 2);
        assertEquals(6, t.size());
        Tensor first = t.firstRows(2);
        assertArrayEquals(new int[] {2, 2}, first.shape());
        Tensor copy = t.copy();
        assertEquals(6, copy.doubles().length);
        assertTrue(copy.contentEquals(t));
        assertEquals(3.0f, t.to(DType.F32).floats()[2]);
    }

    @Test
    void seededRandomIsReproducibleAndUniform() {
        SeededRandom a = new SeededRandom(7), b = new SeededRandom(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        SeededRandom r = new SeededRandom(1);
        double sum = 0, sumSq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sumSq += g * g;
        }
        // Mean and variance of 20000 standard normals: within 5 standard errors.
        assertEquals(0, sum / n, 5 / Math.sqrt(n));
        assertEquals(1, sumSq / n, 5 * Math.sqrt(2.0 / n));
        int[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
        r.shuffle(idx);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, java.util.Arrays.stream(idx).sorted().toArray());
    }
}
