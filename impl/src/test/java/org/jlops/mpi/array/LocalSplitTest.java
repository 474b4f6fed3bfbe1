package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalSplitTest {

    @Test
    void remainderGoesToTheFirstRanks() {
        assertArrayEquals(new long[] {3, 3, 2, 2}, LocalSplit.counts(10, 4));
        assertArrayEquals(new long[] {17, 16, 16, 16}, LocalSplit.counts(65, 4));
        assertArrayEquals(new long[] {0, 3, 6, 8}, LocalSplit.offsets(LocalSplit.counts(10, 4)));
    }

    @Test
    void fewerEntriesThanRanksLeavesTrailingRanksEmpty() {
        assertArrayEquals(new long[] {1, 1, 1, 0, 0}, LocalSplit.counts(3, 5));
        assertArrayEquals(new long[] {0, 4}, LocalSplit.localSplit(new long[] {3, 4}, 4, 5, Partition.SCATTER, 0));
    }

    @Test
    void splitsAlongTheGivenAxisIncludingNegativeAxes() {
        long[] g = {10, 5};
        assertArrayEquals(new long[] {10, 2}, LocalSplit.localSplit(g, 0, 3, Partition.SCATTER, 1));
        assertArrayEquals(new long[] {10, 1}, LocalSplit.localSplit(g, 2, 3, Partition.SCATTER, -1));
        assertArrayEquals(new long[] {3, 5}, LocalSplit.localSplit(g, 2, 3, Partition.SCATTER, -2));
    }

    @Test
    void replicatedPartitionsKeepTheGlobalShape() {
        long[] g = {10, 5};
        for (Partition p : new Partition[] {Partition.BROADCAST, Partition.UNSAFE_BROADCAST}) {
            long[][] all = LocalSplit.localShapes(g, 4, p, 1);
            for (long[] s : all) {
                assertArrayEquals(g, s);
            }
        }
    }

    @Test
    void countsAddUpForLongLengths() {
        long n = (1L << 40) + 7;
        long sum = 0;
        for (long c : LocalSplit.counts(n, 6)) {
            sum += c;
        }
        assertEquals(n, sum);
    }

    @Test
    void badArgumentsNameTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalSplit.localSplit(new long[] {4, 4}, 0, 2, Partition.SCATTER, 2));
        assertTrue(e.getMessage().startsWith("axis:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LocalSplit.localSplit(new long[] {4, -1}, 0, 2, Partition.SCATTER, 0));
        assertTrue(e.getMessage().startsWith("globalShape:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LocalSplit.localSplit(new long[] {4}, 2, 2, Partition.SCATTER, 0));
        assertTrue(e.getMessage().startsWith("rank:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LocalSplit.localSplit(new long[] {4}, 0, 2, null, 0));
        assertTrue(e.getMessage().startsWith("partition:"), e.getMessage());
    }

    @Test
    void partitionValuesAreThoseOfPyLopsMpi() {
        assertEquals("Scatter", Partition.SCATTER.value());
        assertEquals("Broadcast", Partition.BROADCAST.value());
        assertEquals("UnsafeBroadcast", Partition.UNSAFE_BROADCAST.value());
    }
}
