package org.jlops.mpi.reference.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The balanced and the ceil-first splits on the SPEC's examples and their invariants. */
class ReferenceSplitTest {

    @Test
    void balancedSplitGivesTheRemainderToTheFirstRanks() {
        assertArrayEquals(new long[] {3, 3, 2, 2}, ReferenceSplit.localSplit(10, 4));
        assertArrayEquals(new long[] {17, 16, 16, 16}, ReferenceSplit.localSplit(65, 4));
        assertArrayEquals(new long[] {1, 1, 1, 0, 0}, ReferenceSplit.localSplit(3, 5));
        assertArrayEquals(new long[] {0, 0}, ReferenceSplit.localSplit(0, 2));
        assertArrayEquals(new long[] {0, 3, 6, 8}, ReferenceSplit.offsets(new long[] {3, 3, 2, 2}));
    }

    @Test
    void balancedSplitInvariantsForManySizes() {
        for (int n = 0; n <= 40; n++) {
            for (int p = 1; p <= 9; p++) {
                long[] s = ReferenceSplit.localSplit(n, p);
                long sum = 0;
                for (int r = 0; r < p; r++) {
                    sum += s[r];
                    assertTrue(r == 0 || s[r] <= s[r - 1], "non-increasing");
                    assertTrue(s[0] - s[r] <= 1, "balanced");
                }
                assertEquals(n, sum, "sizes sum to n");
            }
        }
    }

    @Test
    void localShapesReplaceTheSplitAxis() {
        long[][] shapes = ReferenceSplit.localShapes(new long[] {4, 10, 3}, 4, 1);
        assertArrayEquals(new long[] {4, 3, 3}, shapes[0]);
        assertArrayEquals(new long[] {4, 2, 3}, shapes[3]);
        assertArrayEquals(new long[] {4, 10, 1}, ReferenceSplit.localShape(new long[] {4, 10, 3}, 3, 2, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSplit.localShape(new long[] {4, 10}, 2, 0, 2));
        assertTrue(e.getMessage().startsWith("axis: 2"), e.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSplit.localShape(new long[] {4}, 2, 2, 0));
        assertTrue(rank.getMessage().startsWith("rank: 2"), rank.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSplit.localSplit(4, 0));
        assertTrue(size.getMessage().startsWith("size: 0"), size.getMessage());
    }

    @Test
    void ceilFirstSplitOfTheHaloBlocks() {
        assertArrayEquals(new long[] {17, 17, 17, 14}, ReferenceSplit.ceilSplit(65, 4));
        assertArrayEquals(new long[] {9, 8}, ReferenceSplit.ceilSplit(17, 2));
        assertArrayEquals(new long[] {2, 2, 1, 0}, ReferenceSplit.ceilSplit(5, 4));
        assertArrayEquals(new long[] {1, 1, 0, 0, 0}, ReferenceSplit.ceilSplit(2, 5));
        for (int n = 0; n <= 30; n++) {
            for (int p = 1; p <= 7; p++) {
                long sum = 0;
                for (long s : ReferenceSplit.ceilSplit(n, p)) {
                    sum += s;
                }
                assertEquals(n, sum);
            }
        }
    }

    @Test
    void cartesianBlocksAreRowMajorOverTheGrid() {
        assertArrayEquals(new int[] {0, 1, 2}, ReferenceSplit.gridCoords(5, new int[] {2, 2, 3}));
        assertArrayEquals(new int[] {1, 0, 2}, ReferenceSplit.gridCoords(8, new int[] {2, 2, 3}));
        int[] grid = {2, 3};
        long[] dims = {7, 10};
        // rank 4 = coords (1, 1): rows [4, 7), cols [4, 8)
        long[][] b = ReferenceSplit.haloBlock(dims, grid, 4);
        assertArrayEquals(new long[] {4, 7}, b[0]);
        assertArrayEquals(new long[] {4, 8}, b[1]);
        assertArrayEquals(new long[] {4, 2}, ReferenceSplit.haloLocalShape(dims, grid, 2));
        long cells = 0;
        for (int r = 0; r < 6; r++) {
            long[] s = ReferenceSplit.haloLocalShape(dims, grid, r);
            cells += s[0] * s[1];
        }
        assertEquals(70, cells, "the blocks tile the array");
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSplit.haloBlock(dims, new int[] {2, 0}, 0));
        assertTrue(g.getMessage().startsWith("gridShape[1]: 0"), g.getMessage());
    }
}
