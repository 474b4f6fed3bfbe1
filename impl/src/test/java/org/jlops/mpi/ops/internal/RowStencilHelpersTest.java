package org.jlops.mpi.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/** {@link RowStencil}'s static helpers: work dtype, mask relabelling, shape and axis checks, argument bits. */
class RowStencilHelpersTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void workType() {
        assertEquals(DType.FLOAT64, RowStencil.workType(DType.FLOAT64, DType.FLOAT32));
        assertEquals(DType.COMPLEX128, RowStencil.workType(DType.FLOAT64, DType.COMPLEX64));
        assertEquals(DType.COMPLEX64, RowStencil.workType(DType.FLOAT32, DType.COMPLEX128));
        assertEquals(DType.COMPLEX64, RowStencil.workType(DType.COMPLEX64, DType.FLOAT64));
    }

    @Test
    void withMaskSharesStorage() {
        LocalCluster.run(2, comm -> {
            DistributedArray a = DistributedArray.builder(comm, 6).build();
            assertSame(a, RowStencil.withMask(a, a.mask()));
            DistributedArray m = RowStencil.withMask(a, new int[] {0, 1});
            assertNotSame(a, m);
            assertArrayEquals(new int[] {0, 1}, m.mask());
            assertArrayEquals(a.localShapes()[1], m.localShapes()[1]);
            m.localArray().set(0, 7, 0);
            assertEquals(7, a.localArray().re(0), "the same storage");
        });
    }

    @Test
    void checksAndBits() {
        assertArrayEquals(new long[] {0, 3}, RowStencil.checkDims(new long[] {0, 3}));
        assertEquals("dims: must have at least one dimension, got null", message(() -> RowStencil.checkDims(null)));
        assertEquals("dims: must have at least one dimension, got ()", message(() -> RowStencil.checkDims(new long[0])));
        assertEquals("dims: negative dimension in [2, -1]", message(() -> RowStencil.checkDims(new long[] {2, -1})));
        assertEquals("dims: [4294967296, 4294967296] has more than 2^63 elements",
                message(() -> RowStencil.checkDims(new long[] {1L << 32, 1L << 32})));
        assertEquals(1, RowStencil.normaliseAxis("axis", -2, 3));
        assertEquals(0, RowStencil.normaliseAxis("axis", -3, 3));
        assertEquals(2, RowStencil.normaliseAxis("axis", 2, 3));
        assertEquals("axis: 3 is out of range for 3 dimensions, expected [-3, 3)",
                message(() -> RowStencil.normaliseAxis("axis", 3, 3)));
        assertEquals("axes: -2 is out of range for 1 dimension, expected [-1, 1)",
                message(() -> RowStencil.normaliseAxis("axes", -2, 1)));
        assertNull(RowStencil.bits((double[]) null));
        assertArrayEquals(new long[] {Double.doubleToLongBits(1.5), Double.doubleToLongBits(-0.0)},
                RowStencil.bits(1.5, -0.0));
        assertArrayEquals(new long[0], RowStencil.bits());
    }
}
