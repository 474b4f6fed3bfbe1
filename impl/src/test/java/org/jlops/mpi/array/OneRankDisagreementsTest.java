package org.jlops.mpi.array;

import static org.jlops.mpi.array.DistributedArrayErrorsTest.failsEverywhere;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

/**
 * Reductions, reshapes and stack assignments where one rank passes a value the others do not: the
 * verdicts that ride inside the reduction's gather (unmasked) or go ahead of it (masked), the
 * request checks of a reshape that only the gathered requests reveal, and nested stacks. Every
 * rank throws the same message naming the argument; nothing is written.
 */
class OneRankDisagreementsTest {

    private static final int N = 4;

    private static DistributedArray vector(Communicator comm, DType t, long n) {
        return DistributedArray.toDist(SerialArrays.arange(t, n), comm);
    }

    /** A masked SCATTER array: two groups of two ranks, each holding the whole vector of 6. */
    private static DistributedArray masked(Communicator comm) {
        NdArray g = SerialArrays.arange(DType.COMPLEX128, 6);
        NdArray mine = comm.rank() < 2 ? g.slice(0, 3L * comm.rank(), 3L * comm.rank() + 3)
                : g.slice(0, 3L * (comm.rank() - 2), 3L * (comm.rank() - 2) + 3);
        return DistributedArray.builder(comm, 12).dtype(DType.COMPLEX128).localSizes(3, 3, 3, 3).mask(0, 0, 1, 1)
                .localArray(mine).build();
    }

    @Test
    void reductionArgumentsThatDifferOnOneRank() {
        String m = failsEverywhere(N, "ord", comm -> vector(comm, DType.FLOAT64, 9).norm(comm.rank() == 2 ? 3 : 2));
        assertTrue(m.startsWith("ord: must be the same on every rank") && m.contains("rank 2"), m);
        m = failsEverywhere(N, "ord", comm -> vector(comm, DType.FLOAT32, 9).norm(comm.rank() == 1 ? Double.NaN : 1));
        assertTrue(m.endsWith("(reported by rank 1)"), m);
        m = failsEverywhere(N, "vdot", comm -> {
            DistributedArray x = vector(comm, DType.COMPLEX128, 9);
            x.dot(x, comm.rank() != 3);
        });
        assertTrue(m.contains("rank 3"), m);
        m = failsEverywhere(N, "ord", comm -> masked(comm).norm(comm.rank() == 3 ? 1 : 2));
        assertTrue(m.contains("rank 3"), m);
        m = failsEverywhere(N, "ord", comm -> masked(comm).norm(comm.rank() == 2 ? Double.NaN : 2));
        assertTrue(m.endsWith("(reported by rank 2)"), m);
        m = failsEverywhere(N, "vdot", comm -> {
            DistributedArray x = masked(comm);
            x.dot(x.copy(), comm.rank() == 1);
        });
        assertTrue(m.contains("rank 1"), m);
        m = failsEverywhere(N, "other", comm -> {
            DistributedArray x = masked(comm);
            DistributedArray unmasked = vector(comm, DType.COMPLEX128, 12);
            x.dot(comm.rank() == 2 ? unmasked : x.copy());
        });
        assertTrue(m.endsWith("(reported by rank 2)"), m);
        m = failsEverywhere(N, "ord", comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 8, 3), comm);
            x.norm(comm.rank() == 0 ? 1 : 2, 0);
        });
        assertTrue(m.contains("rank 1"), m);
    }

    @Test
    void maskedReductionsWithAgreedArgumentsReduceEachGroup() {
        List<Double> norms = LocalCluster.call(N, comm -> masked(comm).norm(2));
        double expected = SerialArrays.norm(SerialArrays.arange(DType.COMPLEX128, 6), 2);
        for (double n : norms) {
            assertEquals(expected, n, 1e-12 * expected);
        }
        List<Complex> dots = LocalCluster.call(N, comm -> {
            DistributedArray x = masked(comm);
            return x.dot(x, true);
        });
        for (Complex d : dots) {
            assertEquals(expected * expected, d.re(), 1e-12 * expected * expected);
            assertEquals(0.0, d.im(), 1e-9);
        }
    }

    @Test
    void normsAlongTheDistributedAxisOfAnArrayOfOneDimension() {
        List<NdArray> got = LocalCluster.call(3, comm -> vector(comm, DType.FLOAT64, 10).norm(1, 0));
        for (NdArray g : got) {
            assertEquals(0, g.ndim());
            assertEquals(45.0, g.re(0));
        }
    }

    @Test
    void reshapeRequestsThatOnlyTheGatherReveals() {
        String m = failsEverywhere(N, "newLocalShape", comm -> {
            DistributedArray b = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 6), comm,
                    Partition.BROADCAST, 0);
            b.reshape(comm.rank() == 3 ? new long[] {3, 2} : new long[] {2, 3}, 0);
        });
        assertTrue(m.contains("needs the same shape on every rank") && m.contains("rank 3 for (3, 2)"), m);
        m = failsEverywhere(N, "newLocalShape", comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 8, 6), comm);
            x.reshape(comm.rank() == 1 ? new long[] {4, 3} : new long[] {2, 6}, 0);
        });
        assertTrue(m.contains("rank 1 asks for (4, 3), which differs from rank 0's (2, 6) along axis 1"), m);
        m = failsEverywhere(N, "newAxis/newLocalShape", comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 8, 6), comm);
            x.reshape(comm.rank() == 2 ? new long[] {12} : new long[] {2, 6}, 0);
        });
        assertTrue(m.contains("rank 2 asks for axis 0 of (12,)"), m);
        List<long[]> shapes = LocalCluster.call(N, comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 8, 6), comm);
            DistributedArray y = x.reshape(new long[] {6, 2}, 1);
            assertEquals(x.localArray().ravel(), y.localArray().ravel());
            return y.globalShape();
        });
        assertEquals("(6, 8)", Shapes.str(shapes.get(0)));
    }

    @Test
    void nestedStackAssignmentChecksEveryLevelBeforeWriting() {
        String m = failsEverywhere(N, "value", comm -> {
            DistributedArray x = vector(comm, DType.FLOAT64, 8), y = vector(comm, DType.FLOAT64, 6);
            StackedDistributedArray s = StackedDistributedArray.of(x, StackedDistributedArray.of(y, x.copy()));
            s.set(1, comm.rank() == 2 ? StackedDistributedArray.of(y.copy()) : StackedDistributedArray.of(y, x));
        });
        assertTrue(m.startsWith("value: a nested component of 2 components needs a stack of as many")
                && m.endsWith("(reported by rank 2)"), m);
        m = failsEverywhere(N, "value", comm -> {
            DistributedArray x = vector(comm, DType.FLOAT64, 8), y = vector(comm, DType.FLOAT64, 6);
            StackedDistributedArray s = StackedDistributedArray.of(x, StackedDistributedArray.of(y));
            s.set(1, comm.rank() == 0 ? y.copy() : StackedDistributedArray.of(y));
        });
        assertTrue(m.startsWith("value: a nested component of 1 components needs a stack"), m);
        m = failsEverywhere(N, "value[1]", comm -> {
            DistributedArray x = vector(comm, DType.FLOAT64, 8), y = vector(comm, DType.FLOAT64, 6);
            StackedDistributedArray s = StackedDistributedArray.of(x, StackedDistributedArray.of(y, x));
            s.set(1, StackedDistributedArray.of(y, comm.rank() == 1 ? y : x));
        });
        assertTrue(m.startsWith("value[1]: global shape (6,)") && m.endsWith("(reported by rank 1)"), m);
        m = failsEverywhere(N, "value[0]", comm -> {
            DistributedArray x = vector(comm, DType.FLOAT64, 8), y = vector(comm, DType.FLOAT64, 6);
            StackedDistributedArray s = StackedDistributedArray.of(x, StackedDistributedArray.of(StackedDistributedArray.of(y)));
            s.set(1, StackedDistributedArray.of(comm.rank() == 3 ? y : StackedDistributedArray.of(y)));
        });
        assertTrue(m.startsWith("value[0]: a nested component"), m);
        LocalCluster.run(N, comm -> {
            DistributedArray x = vector(comm, DType.FLOAT64, 8), y = vector(comm, DType.FLOAT64, 6);
            StackedDistributedArray inner = StackedDistributedArray.of(y.zerosLike(), x.zerosLike());
            StackedDistributedArray s = StackedDistributedArray.of(x.zerosLike(), inner);
            s.set(1, StackedDistributedArray.of(y, x.astype(DType.FLOAT32)));
            assertEquals(y.localArray(), ((DistributedArray) inner.get(0)).localArray());
            assertEquals(x.localArray(), ((DistributedArray) inner.get(1)).localArray());
            assertEquals(0.0, ((DistributedArray) s.get(0)).norm(1), "the other component is untouched");
        });
    }

    @Test
    void stackedArithmeticReturnsTheOutputItWasGiven() {
        LocalCluster.run(2, comm -> {
            StackedDistributedArray s = StackedDistributedArray.of(vector(comm, DType.FLOAT64, 5),
                    vector(comm, DType.COMPLEX64, 3));
            StackedDistributedArray out = s.zerosLike();
            assertSame(out, s.multiply(2, 0, out));
            assertEquals(2 * s.norm(1), out.norm(1), 1e-6);
            assertSame(out, s.copyTo(out));
            assertEquals(s.norm(2), out.norm(2));
        });
    }
}
