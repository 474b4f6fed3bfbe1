package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

/**
 * Details of the array API the other array tests leave open: what the arithmetic returns (for
 * chaining), complex scalars in the fused updates, reductions of replicated n-d arrays distributed
 * along a later axis (each rank reduces its strided slab), a negative back-cell request named as
 * such, and the shape check's overflow boundary.
 */
class DistributedArrayDetailsTest {

    @Test
    void arithmeticReturnsThisOrTheOutput() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.random(DType.COMPLEX128, 1, 0, 1, 6), comm);
            DistributedArray y = x.copy();
            DistributedArray out = x.zerosLike();
            assertSame(x, x.isub(y));
            assertSame(x, x.iaxpy(1, 0, y));
            assertSame(x, x.iaypx(1, 0, y));
            assertSame(out, x.add(y, out));
            assertSame(out, x.subtract(y, out));
            assertSame(out, x.multiply(2, 1, out));
            StackedDistributedArray s = StackedDistributedArray.of(x, y);
            StackedDistributedArray so = s.zerosLike();
            assertSame(so, s.subtract(s, so));
            assertSame(s, s.iaypx(1, 0, s.copy()));
        });
    }

    @Test
    void fusedUpdatesUseTheImaginaryPartOfComplexScalars() {
        LocalCluster.run(2, comm -> {
            NdArray a = SerialArrays.random(DType.COMPLEX128, 2, 0, 1, 5);
            NdArray b = SerialArrays.random(DType.COMPLEX128, 3, 0, 1, 5);
            DistributedArray axpy = DistributedArray.toDist(a, comm).iaxpy(0.5, 2, DistributedArray.toDist(b, comm));
            DistributedArray aypx = DistributedArray.toDist(a, comm).iaypx(0.5, 2, DistributedArray.toDist(b, comm));
            NdArray gotAxpy = axpy.asArray();
            NdArray gotAypx = aypx.asArray();
            for (long k = 0; k < 5; k++) {
                // a + (0.5 + 2i) b and b + (0.5 + 2i) a
                assertEquals(a.re(k) + 0.5 * b.re(k) - 2 * b.im(k), gotAxpy.re(k), 1e-15);
                assertEquals(a.im(k) + 0.5 * b.im(k) + 2 * b.re(k), gotAxpy.im(k), 1e-15);
                assertEquals(b.re(k) + 0.5 * a.re(k) - 2 * a.im(k), gotAypx.re(k), 1e-15);
                assertEquals(b.im(k) + 0.5 * a.im(k) + 2 * a.re(k), gotAypx.im(k), 1e-15);
            }
        });
    }

    @Test
    void replicatedArraysAlongALaterAxisReduceOnce() {
        for (int n : new int[] {1, 2, 3}) {
            LocalCluster.run(n, comm -> {
                // along the last axis (runs of single elements) and along a middle one (runs of 3)
                for (long[] shape : new long[][] {{4, 5}, {4, 5, 3}}) {
                    NdArray g = SerialArrays.random(DType.FLOAT64, 4, 0, 1, shape);
                    double sumSq = 0;
                    double sumAbs = 0;
                    for (long k = 0; k < g.size(); k++) {
                        sumSq += g.re(k) * g.re(k);
                        sumAbs += Math.abs(g.re(k));
                    }
                    for (Partition p : new Partition[] {Partition.BROADCAST, Partition.UNSAFE_BROADCAST}) {
                        DistributedArray x = DistributedArray.toDist(g, comm, p, 1);
                        assertEquals(sumSq, x.dot(x).re(), 1e-12, p + " dot");
                        assertEquals(Math.sqrt(sumSq), x.norm(2), 1e-12, p + " norm 2");
                        assertEquals(sumAbs, x.norm(1), 1e-12, p + " norm 1");
                    }
                }
            });
        }
    }

    @Test
    void aNegativeBackRequestIsNamed() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.random(DType.FLOAT64, 5, 0, 1, 6), comm);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> x.addGhostCells(0, comm.rank() == 1 ? -2 : 0));
            assertEquals("cellsBack: must not be negative, rank 1 asked for -2", e.getMessage());
        });
    }

    @Test
    void hostArrayArgumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.wrap(null, new double[2], 2));
        assertEquals("dtype: must not be null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.zeros(DType.FLOAT64, 2).astype(null));
        assertEquals("dtype: must not be null", e.getMessage());
        // the storage class follows the precision
        assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(DType.FLOAT64, new float[2], 2));
        assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(DType.FLOAT32, new double[2], 2));
        assertEquals(2, NdArray.wrap(DType.COMPLEX64, new float[4], 2).size());
        // the last valid index of each axis, and one past it
        NdArray a = NdArray.zeros(DType.FLOAT64, 2, 3);
        assertEquals(5, a.index(1, 2));
        assertThrows(IllegalArgumentException.class, () -> a.index(1, 3));
        assertThrows(IllegalArgumentException.class, () -> a.index(2, 0));
        // the largest host array: MAX_ENTRIES real entries, half as many complex elements
        long half = NdArray.MAX_ENTRIES / 2;
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.zeros(DType.COMPLEX128, half + 1));
        assertTrue(e.getMessage().contains("more than one host array holds (" + half + ")"), e.getMessage());
    }

    @Test
    void shapesUpToTwoToTheSixtyThreeElementsAreAccepted() {
        assertDoesNotThrow(() -> Shapes.checkShape("s", new long[] {Long.MAX_VALUE, 1}));
        assertDoesNotThrow(() -> Shapes.checkShape("s", new long[] {Long.MAX_VALUE / 2, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.checkShape("s", new long[] {Long.MAX_VALUE / 2 + 1, 2}));
        assertTrue(e.getMessage().contains("more than 2^63-1 elements"), e.getMessage());
    }
}
