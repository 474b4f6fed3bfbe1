package org.jlops.mpi.comm.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The buffer checks {@link FfmCommunicator} makes before calling MPI. */
class BufferRelationsTest {

    @Test
    void sameArrayFromTheSameOffsetIsInPlace() {
        double[] a = new double[8];
        MemorySegment s = MemorySegment.ofArray(a);
        assertTrue(FfmCommunicator.sameStart(s, MemorySegment.ofArray(a)));
        assertTrue(FfmCommunicator.sameStart(s.asSlice(16), MemorySegment.ofArray(a).asSlice(16, 8)));
        assertFalse(FfmCommunicator.sameStart(s, s.asSlice(8)));
        assertFalse(FfmCommunicator.sameStart(s, MemorySegment.ofArray(new double[8])), "equal offsets, other array");
    }

    @Test
    void readOnlyViewsAreNeverTakenForInPlace() {
        MemorySegment a = MemorySegment.ofArray(new double[4]).asReadOnly();
        MemorySegment b = MemorySegment.ofArray(new double[4]).asReadOnly();
        assertFalse(FfmCommunicator.sameStart(a, b));
        assertFalse(FfmCommunicator.overlap(a, 32, b, 32));
    }

    @Test
    void overlapComparesByteRangesWithinOneMemory() {
        double[] a = new double[8];
        MemorySegment s = MemorySegment.ofArray(a);
        assertTrue(FfmCommunicator.overlap(s, 16, s.asSlice(8), 16));
        assertFalse(FfmCommunicator.overlap(s, 16, s.asSlice(16), 16), "adjacent");
        assertFalse(FfmCommunicator.overlap(s, 0, s, 16), "empty never overlaps");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(64);
            assertTrue(FfmCommunicator.overlap(n.asSlice(8), 8, n, 16));
            assertFalse(FfmCommunicator.overlap(n, 8, n.asSlice(8), 8));
            assertFalse(FfmCommunicator.overlap(n, 64, s, 64), "native vs heap");
            assertTrue(FfmCommunicator.isHeap(n, s));
            assertFalse(FfmCommunicator.isHeap(n, n));
        }
    }

    @Test
    void extentCoversTheLastNonEmptyBlock() {
        assertEquals(9, FfmCommunicator.extent(new long[] {2, 3, 0}, new long[] {0, 6, 100}));
        assertEquals(0, FfmCommunicator.extent(new long[] {0, 0}, new long[] {5, 7}));
        assertEquals(12, FfmCommunicator.extent(new long[] {4, 2}, new long[] {8, 0}), "blocks in reverse order");
    }
}
