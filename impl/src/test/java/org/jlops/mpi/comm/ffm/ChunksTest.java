package org.jlops.mpi.comm.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void emptyMessageIsOneCallOfNothing() {
        assertEquals(1, Chunks.count(0, 1000));
        assertEquals(0, Chunks.length(0, 1000, 0));
    }

    @Test
    void chunksCoverTheMessageExactlyInOrder() {
        long[][] cases = {{1, 1}, {999, 1000}, {1000, 1000}, {1001, 1000}, {2500, 1000}, {7, 3},
            {(1L << 33) + 5, Integer.MAX_VALUE}};
        for (long[] c : cases) {
            long count = c[0];
            long limit = c[1];
            long n = Chunks.count(count, limit);
            assertEquals((count + limit - 1) / limit, n, "chunks of " + count + " by " + limit);
            long covered = 0;
            for (long k = 0; k < n; k++) {
                assertEquals(covered, Chunks.offset(limit, k), "offset of chunk " + k);
                int len = Chunks.length(count, limit, k);
                assertTrue(len > 0 && len <= limit, "length " + len + " of chunk " + k);
                covered += len;
            }
            assertEquals(count, covered);
        }
    }

    @Test
    void defaultLimitCarriesTwoToThe31MinusOneInOneCall() {
        assertEquals(1, Chunks.count(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(2, Chunks.count(1L << 31, Integer.MAX_VALUE));
        assertEquals(1, Chunks.length(1L << 31, Integer.MAX_VALUE, 1));
    }

    @Test
    void rejectsNegativeCountAndBadLimitByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chunks.count(-1, 10));
        assertTrue(e.getMessage().startsWith("count:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Chunks.count(5, 0));
        assertTrue(e.getMessage().startsWith("limit:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Chunks.fit(new long[] {1}, 1L << 31));
        assertTrue(e.getMessage().startsWith("limit:"), e.getMessage());
    }

    @Test
    void gatherLeavesMpiWhenACountOrTheTotalExceedsTheLimit() {
        assertFalse(Chunks.gatherNeedsFallback(new long[] {400, 0, 600}, 1000));
        assertTrue(Chunks.gatherNeedsFallback(new long[] {400, 1, 600}, 1000), "total 1001");
        assertTrue(Chunks.gatherNeedsFallback(new long[] {1001}, 1000), "one count");
        assertFalse(Chunks.gatherNeedsFallback(new long[0], 1));
    }

    @Test
    void fitAllowsTheLimitItself() {
        assertTrue(Chunks.fit(new long[] {0, 1000}, 1000));
        assertFalse(Chunks.fit(new long[] {0, 1001}, 1000));
    }

    @Test
    void sumFailsOnOverflow() {
        assertEquals(6, Chunks.sum(new long[] {1, 2, 3}));
        assertThrows(ArithmeticException.class, () -> Chunks.sum(new long[] {Long.MAX_VALUE, 1}));
    }
}
