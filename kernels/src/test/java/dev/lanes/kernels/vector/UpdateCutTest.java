package dev.lanes.kernels.vector;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cut of an optimiser update into parts: contiguous, covering every element once, at whole units. */
class UpdateCutTest {

    @Test
    void partsCoverEveryElementOnceAtWholeUnits() {
        int unit = 4 * PreferredSpecies.FLOATS.length();
        for (int n : new int[] {1, unit - 1, unit, 3 * 32 * 1024 + 77, 784 * 512, 1 << 20}) {
            for (int parts = 1; parts <= 64; parts++) {
                assertEquals(0, FloatUpdateJob.start(0, parts, n), "first start, n = " + n + ", parts " + parts);
                assertEquals(n, FloatUpdateJob.start(parts, parts, n), "end, n = " + n + ", parts " + parts);
                int units = (n + unit - 1) / unit, fewest = units / parts;
                for (int part = 0; part < parts; part++) {
                    int from = FloatUpdateJob.start(part, parts, n), to = FloatUpdateJob.start(part + 1, parts, n);
                    assertTrue(from <= to, "part " + part + " of " + parts + " runs backwards, n = " + n);
                    assertEquals(0, from % unit, "part " + part + " of " + parts + " starts inside a unit, n = " + n);
                    // Balanced: whole units, at most one more than the fewest (the last may end inside one).
                    int length = to - from;
                    assertTrue(to == n ? length <= (fewest + 1) * unit : length >= fewest * unit && length <= (fewest + 1) * unit,
                            "part " + part + " of " + parts + " holds " + length + " elements, n = " + n);
                }
            }
        }
    }

    @Test
    void doublePartsStartAtWholeUnitsOfTheirOwn() {
        int unit = 4 * PreferredSpecies.DOUBLES.length(), n = 3 * 32 * 1024 + 77;
        for (int parts = 1; parts <= 8; parts++) {
            for (int part = 0; part <= parts; part++) {
                int from = DoubleUpdateJob.start(part, parts, n);
                assertTrue(from == n || from % unit == 0, "double part " + part + " of " + parts + " starts at " + from);
            }
        }
    }
}
