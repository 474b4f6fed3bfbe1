package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.comm.local.LocalCluster;
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
            DistributedArray x = DistributedArray.toDist(ArrayTesting.random(DType.COMPLEX128, 1, 0, 1, 6), comm);
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
            NdArray a = ArrayTesting.random(DType.COMPLEX128, 2, 0, 1, 5);
            NdArray b = ArrayTesting.random(DType.COMPLEX128, 3, 0, 1, 5);
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
                NdArray g = ArrayTesting.random(DType.FLOAT64, 4, 0, 1, 4, 5);
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
            });
        }
    }

    @Test
    void aNegativeBackRequestIsNamed() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.toDist(ArrayTesting.random(DType.FLOAT64, 5, 0, 1, 6), comm);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> x.addGhostCells(0, comm.rank() == 1 ? -2 : 0));
            assertEquals("cellsBack: must not be negative, rank 1 asked for -2", e.getMessage());
        });
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
