package dev.lanes.nn.data;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomShiftTest {

    /** Rows of distinct pixel values 1, 2, …, so where a value lands shows how its image moved. */
    private static Tensor distinctImages(DType dtype, int rows, int pixels) {
        Tensor x = Tensor.zeros(dtype, rows, pixels);
        for (int i = 0; i < rows * pixels; i++) {
            x.setFlat(i, i + 1);
        }
        return x;
    }

    /** The definition, pixel by pixel: out(x, y) = in(x − dx, y − dy) of the (mirrored) image, else the fill. */
    private static double[] reference(Tensor images, int row, int height, int width, int dx, int dy, boolean mirror, double fill) {
        double[] out = new double[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sx = x - dx, sy = y - dy;
                boolean inside = sx >= 0 && sx < width && sy >= 0 && sy < height;
                int column = mirror ? width - 1 - sx : sx;
                out[y * width + x] = inside ? images.get(row, sy * width + column) : fill;
            }
        }
        return out;
    }

    private static double[] row(Tensor t, int r) {
        double[] out = new double[t.cols()];
        for (int c = 0; c < out.length; c++) {
            out[c] = t.get(r, c);
        }
        return out;
    }

    /**
     * Every augmented row is the reference image for exactly one (dx, dy, mirror) in range, and over many rows every
     * such move occurs (the draws are seeded, so this is the same every run): the shift does what it says, and
     * nothing else. Sizes include non-square images, a shift as large as allowed, and a 1-pixel-high image.
     */
    @ParameterizedTest
    @CsvSource({"3, 4, 1, false", "3, 4, 2, true", "5, 5, 4, true", "1, 6, 0, true", "2, 7, 1, false"})
    void eachImageIsOneMoveOfTheOriginalAndEveryMoveOccurs(int height, int width, int maxShift, boolean flip) {
        for (DType dtype : DType.values()) {
            int rows = 2000; // enough to draw each of up to 162 moves (a coupon collector needs ~900)
            Tensor original = distinctImages(dtype, rows, height * width);
            Tensor augmented = original.copy();
            double fill = -0.25;
            new RandomShift(height, width, maxShift, flip, fill, 7).apply(augmented, 3, 5);
            Set<String> seen = new HashSet<>();
            for (int r = 0; r < rows; r++) {
                double[] actual = row(augmented, r);
                String match = null;
                for (int dy = -maxShift; dy <= maxShift; dy++) {
                    for (int dx = -maxShift; dx <= maxShift; dx++) {
                        for (boolean mirror : flip ? new boolean[] {false, true} : new boolean[] {false}) {
                            if (java.util.Arrays.equals(actual, reference(original, r, height, width, dx, dy, mirror, (float) fill))) {
                                assertEquals(null, match, dtype + " row " + r + " matches two moves");
                                match = dx + "," + dy + "," + mirror;
                            }
                        }
                    }
                }
                assertTrue(match != null, dtype + " row " + r + " is no move of the original: " + java.util.Arrays.toString(actual));
                seen.add(match);
            }
            int moves = (2 * maxShift + 1) * (2 * maxShift + 1) * (flip ? 2 : 1);
            assertEquals(moves, seen.size(), dtype + ": moves seen " + seen);
        }
    }

    @Test
    void theSameSeedEpochAndBatchGiveTheSameBitsInBothDtypesAndOthersDoNot() {
        RandomShift shift = new RandomShift(4, 4, 1, true, 0, 11);
        Tensor a = distinctImages(DType.F32, 50, 16), b = a.copy(), c = a.copy(), d = a.copy(), e = distinctImages(DType.F64, 50, 16);
        shift.apply(a, 2, 3);
        new RandomShift(4, 4, 1, true, 0, 11).apply(b, 2, 3);
        shift.apply(c, 3, 3);
        shift.apply(d, 2, 4);
        shift.apply(e, 2, 3);
        assertTrue(a.contentEquals(b), "same seed, epoch and batch");
        assertTrue(a.contentEquals(e.to(DType.F32)), "float64 images move as float32 ones");
        assertFalse(a.contentEquals(c), "another epoch");
        assertFalse(a.contentEquals(d), "another batch");
        Tensor other = distinctImages(DType.F32, 50, 16);
        new RandomShift(4, 4, 1, true, 0, 12).apply(other, 2, 3);
        assertFalse(a.contentEquals(other), "another seed");
    }

    @Test
    void noShiftAndNoFlipLeaveTheImagesAlone() {
        Tensor x = distinctImages(DType.F32, 9, 12), expected = x.copy();
        new RandomShift(3, 4, 0, false, 5, 1).apply(x, 1, 0);
        assertTrue(x.contentEquals(expected));
    }

    @Test
    void badArgumentsAreRefusedNamingThemAndBadInputsChangeNothing() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomShift(0, 4, 0, false, 0, 1))
                .getMessage().contains("height and width"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomShift(3, 4, 3, false, 0, 1))
                .getMessage().contains("maxShift must be in [0, 3)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomShift(3, 4, 1, false, Double.NaN, 1))
                .getMessage().contains("fill"));
        Tensor x = distinctImages(DType.F32, 2, 13), before = x.copy();
        String message = assertThrows(IllegalArgumentException.class, () -> new RandomShift(3, 4, 1, true, 0, 1).apply(x, 1, 0))
                .getMessage();
        assertTrue(message.contains("[rows, 12]") && message.contains("3x4") && message.contains("[2, 13]"), message);
        assertTrue(x.contentEquals(before));
    }

    @Test
    void theLoaderAugmentsEachBatchByItsEpochAndIndexBeforeTheTransform() {
        int n = 10;
        Tensor images = distinctImages(DType.F32, n, 9);
        Dataset<int[]> data = Dataset.classification(images, new int[n]);
        RandomShift shift = new RandomShift(3, 3, 1, true, 0, 4);
        DataLoader<int[]> loader = new DataLoader<>(data, 4).augment(shift).transform(x -> {
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, x.getFlat(i) * 2);
            }
        });
        for (Batch<int[]> batch : loader.epoch(6)) {
            Tensor expected = images.firstRows(batch.first() + batch.rows()).copy();
            Tensor rows = Tensor.zeros(DType.F32, batch.rows(), 9);
            for (int r = 0; r < batch.rows(); r++) {
                for (int c = 0; c < 9; c++) {
                    rows.set(expected.get(batch.first() + r, c), r, c);
                }
            }
            shift.apply(rows, 6, batch.index());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(2 * rows.getFlat(i), batch.inputs().getFlat(i), "batch " + batch.index() + " element " + i);
            }
        }
        assertTrue(images.contentEquals(distinctImages(DType.F32, n, 9)), "the data set is never changed");
    }
}
