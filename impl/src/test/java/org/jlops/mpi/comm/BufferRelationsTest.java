package org.jlops.mpi.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The buffer relations {@link AbstractCommunicator} works out before calling a backend. */
class BufferRelationsTest {

    @Test
    void sameArrayFromTheSameOffsetIsInPlace() {
        double[] a = new double[8];
        MemorySegment s = MemorySegment.ofArray(a);
        assertTrue(AbstractCommunicator.sameStart(s, MemorySegment.ofArray(a)));
        assertTrue(AbstractCommunicator.sameStart(s.asSlice(16), MemorySegment.ofArray(a).asSlice(16, 8)));
        assertFalse(AbstractCommunicator.sameStart(s, s.asSlice(8)));
        assertFalse(AbstractCommunicator.sameStart(s, MemorySegment.ofArray(new double[8])), "equal offsets, other array");
    }

    @Test
    void readOnlyViewsAreNeverTakenForInPlace() {
        MemorySegment a = MemorySegment.ofArray(new double[4]).asReadOnly();
        MemorySegment b = MemorySegment.ofArray(new double[4]).asReadOnly();
        assertFalse(AbstractCommunicator.sameStart(a, b));
        assertFalse(AbstractCommunicator.overlap(a, 32, b, 32));
        MemorySegment c = MemorySegment.ofArray(new double[4]);
        assertTrue(AbstractCommunicator.overlap(c.asReadOnly(), 32, c.asSlice(8), 8), "a read-only view of the same array");
    }

    @Test
    void overlapComparesByteRangesWithinOneMemory() {
        double[] a = new double[8];
        MemorySegment s = MemorySegment.ofArray(a);
        assertTrue(AbstractCommunicator.overlap(s, 16, s.asSlice(8), 16));
        assertFalse(AbstractCommunicator.overlap(s, 16, s.asSlice(16), 16), "adjacent");
        assertFalse(AbstractCommunicator.overlap(s, 0, s, 16), "empty never overlaps");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(64);
            assertTrue(AbstractCommunicator.overlap(n.asSlice(8), 8, n, 16));
            assertFalse(AbstractCommunicator.overlap(n, 8, n.asSlice(8), 8));
            assertFalse(AbstractCommunicator.overlap(n, 64, s, 64), "native vs heap");
        }
    }

    @Test
    void extentCoversTheLastNonEmptyBlock() {
        assertEquals(9, AbstractCommunicator.extent(new long[] {2, 3, 0}, new long[] {0, 6, 100}));
        assertEquals(0, AbstractCommunicator.extent(new long[] {0, 0}, new long[] {5, 7}));
        assertEquals(12, AbstractCommunicator.extent(new long[] {4, 2}, new long[] {8, 0}), "blocks in reverse order");
    }
}
