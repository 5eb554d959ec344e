package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The block sizes and the cut of work for lane counts other than this machine's (4, 8 and 16 floats or
 * doubles per vector, 16 or 32 registers): the kernels themselves run only at this machine's width, so the
 * shape logic that adapts them is checked here.
 */
class BlockSizesTest {

    @Test
    void tileShapeFollowsTheVectorWidthAndRegisterFile() {
        for (int lanes : new int[]{2, 4, 8, 16}) {
            BlockSizes wide = BlockSizes.forVectors(lanes, lanes * 32, true);
            BlockSizes narrow = BlockSizes.forVectors(lanes, lanes * 32, false);
            assertEquals(6, wide.mr());
            assertEquals(4 * lanes, wide.nr());           // 24 accumulators + 4 B vectors + 1 broadcast ≤ 32
            assertEquals(2 * lanes, narrow.nr());         // 12 + 2 + 1 ≤ 16
            assertEquals(0, wide.mc() % wide.mr());
            assertEquals(0, wide.nc() % wide.nr());
            assertEquals(0, narrow.nc() % narrow.nr());
        }
        assertThrows(IllegalArgumentException.class, () -> BlockSizes.forVectors(3, 96, true));
    }

    @Test
    void kBlocksAreEqualAtMostKcAndDependOnKOnly() {
        BlockSizes sizes = BlockSizes.forVectors(16, 512, true);
        for (int k = 1; k <= 3 * sizes.kc() + 7; k++) {
            int block = sizes.kBlock(k);
            int blocks = (k + block - 1) / block;
            assertTrue(block <= sizes.kc(), "k=" + k);
            assertEquals((k + sizes.kc() - 1) / sizes.kc(), blocks, "k=" + k + ": as few blocks as KC allows");
            assertTrue(k - (blocks - 1) * block > 0, "k=" + k + ": no empty block");
        }
    }

    @Test
    void partsCoverCOnceAtUnitBoundaries() {
        for (int lanes : new int[]{4, 8, 16}) {
            BlockSizes sizes = BlockSizes.forVectors(lanes, lanes * 32, true);
            for (int[] s : new int[][]{{1, 300}, {5, 7}, {128, 10}, {203, 3 * sizes.nr() + 5}, {301, sizes.nr() + 7}, {2048, 2048}}) {
                for (Transpose tb : Transpose.values()) {
                    Plan.Path path = Plan.path(s[0], s[1], 784, tb);
                    for (int parts = 1; parts <= 7; parts++) {
                        boolean byColumns = Plan.byColumns(path, s[0], s[1], 784, sizes, parts);
                        int unit = Plan.unit(path, sizes, byColumns), units = Plan.units(path, s[0], s[1], sizes, byColumns);
                        int extent = byColumns ? s[1] : s[0];
                        int covered = 0;
                        for (int part = 0; part < parts; part++) {
                            int from = Plan.start(part, parts, units, unit, extent), to = Plan.start(part + 1, parts, units, unit, extent);
                            assertEquals(covered, Math.min(from, extent));
                            assertTrue(from == extent || from % unit == 0, "cut inside a unit");
                            covered = Math.max(covered, to);
                        }
                        assertEquals(extent, covered, path + " " + s[0] + "x" + s[1] + " in " + parts);
                    }
                }
            }
        }
    }

    @Test
    void smallProblemsStayOnOneThread() {
        BlockSizes sizes = BlockSizes.FLOAT;
        assertEquals(1, Plan.parts(Plan.path(1, 256, 784, Transpose.TRANSPOSE), 1, 256, 784, sizes, 8));
        assertEquals(1, Plan.parts(Plan.path(32, 32, 32, Transpose.NONE), 32, 32, 32, sizes, 8));
        assertEquals(2, Plan.parts(Plan.path(1024, 1024, 1024, Transpose.NONE), 1024, 1024, 1024, sizes, 2));
    }
}
