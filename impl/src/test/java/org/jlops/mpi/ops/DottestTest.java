package org.jlops.mpi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.stack.MPIStackedBlockDiag;
import org.junit.jupiter.api.Test;

/** The distributed dot-test: passes for true adjoints, fails (with both numbers) for a wrong one. */
class DottestTest {

    /** {@code D} with an adjoint that is twice the true one. */
    private static final class WrongAdjoint extends MPILinearOperator {
        private final MPIFirstDerivative d;

        WrongAdjoint(MPIFirstDerivative d, Communicator comm) {
            super(d.dims(), d.dimsd(), d.dtype(), comm);
            this.d = d;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return d.matvec(x);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return d.rmatvec(y).multiply(2.0);
        }
    }

    @Test
    void passesForDerivativesOfEveryDtypeAndRankCount() {
        for (int p = 1; p <= 5; p++) {
            for (DType dt : DType.values()) {
                LocalCluster.run(p, comm -> {
                    long[] dims = {13, 7};
                    var d = new MPIFirstDerivative(dims, 0.5, DerivativeKind.CENTERED, true, 5, comm, dt);
                    var like = DistributedArray.builder(comm, 91).dtype(dt).build();
                    double rtol = dt.isDoublePrecision() ? 1e-12 : 1e-5;
                    Dottest.Result r = Dottest.assertPasses(d, like, 7, rtol, 0);
                    assertTrue(r.passed());
                    assertTrue(r.yy().abs() > 0, "non-trivial dots");
                    assertEquals(dt.isComplex(), r.yy().im() != 0, "complex vectors for complex dtypes: " + r);
                    var replicated = DistributedArray.builder(comm, 91).partition(Partition.BROADCAST).dtype(dt)
                            .build();
                    assertTrue(Dottest.check(d, replicated, 8, rtol, 0).passed());
                });
            }
        }
    }

    @Test
    void passesForStackedOperatorsAndIsReproducible() {
        LocalCluster.run(3, comm -> {
            var d1 = new MPIFirstDerivative(new long[] {9, 4}, comm);
            var d2 = new MPISecondDerivative(new long[] {10}, comm);
            var s = new MPIStackedBlockDiag(List.of(d1, d2), comm);
            var like = StackedDistributedArray.of(DistributedArray.builder(comm, 36).build(),
                    DistributedArray.builder(comm, 10).build());
            Dottest.Result a = Dottest.assertPasses(s, like, 3, 1e-12, 0);
            Dottest.Result b = Dottest.check(s, like, 3);
            assertEquals(a.yy(), b.yy(), "same seed, same vectors");
            assertEquals(a.xx(), b.xx());
            Dottest.Result c = Dottest.check(s, like, 4);
            assertTrue(c.yy().re() != a.yy().re(), "another seed, other vectors");
        });
    }

    @Test
    void complexOperatorGetsComplexVectorsFromRealLayouts() {
        LocalCluster.run(2, comm -> {
            var d = new MPIFirstDerivative(new long[] {12}, 1.0, DerivativeKind.FORWARD, false, 3, comm,
                    DType.COMPLEX128);
            Dottest.Result r = Dottest.assertPasses(d, DistributedArray.builder(comm, 12).build(), 1, 1e-12, 0);
            assertTrue(r.yy().im() != 0, "complex u and v: " + r);
        });
    }

    @Test
    void failsForAWrongAdjointWithBothNumbers() {
        List<String> msgs = LocalCluster.call(3, comm -> {
            var w = new WrongAdjoint(new MPIFirstDerivative(new long[] {20, 3}, comm), comm);
            var like = DistributedArray.builder(comm, 60).build();
            Dottest.Result r = Dottest.check(w, like, 5);
            assertFalse(r.passed());
            assertEquals(2.0, r.xx().re() / r.yy().re(), 1e-12, "u^H (2 D^T v) = 2 (D u)^H v");
            assertEquals(1.0, r.relativeError(), 1e-12);
            assertTrue(r.toString().endsWith(", FAILED)"), r.toString());
            AssertionError e = assertThrows(AssertionError.class, () -> Dottest.assertPasses(w, like, 5));
            assertTrue(e.getMessage().contains(r.yy().toString()) && e.getMessage().contains(r.xx().toString()),
                    e.getMessage());
            return e.getMessage();
        });
        assertEquals(msgs.get(0), msgs.get(1), "the same verdict and numbers on every rank");
        assertEquals(msgs.get(0), msgs.get(2));
    }

    @Test
    void badArgumentsAreRejectedOnEveryRank() {
        LocalCluster.run(2, comm -> {
            var d = new MPIFirstDerivative(new long[] {8}, comm);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Dottest.check(d, DistributedArray.builder(comm, 7).build(), 1));
            assertTrue(e.getMessage().startsWith("like: global length 7 but the operator"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Dottest.check(d, DistributedArray.builder(comm, 8).build(), 1, -1, 0));
            assertTrue(e.getMessage().startsWith("rtol: -1.0"), e.getMessage());
        });
    }

    /**
     * Issue 14 (found by the drills): a like of another layout on one rank was first noticed inside
     * the product (naming x), and a tolerance that differed on one rank gave that rank another verdict.
     */
    @Test
    void argumentsThatDifferOnOneRankAreRejectedOnEveryRank() {
        List<String> msgs = LocalCluster.call(3, comm -> {
            var d = new MPIFirstDerivative(new long[] {8}, comm);
            DistributedArray like = comm.rank() == 2 ? DistributedArray.builder(comm, 8).localSizes(2, 2, 4).buildLocal()
                    : DistributedArray.builder(comm, 8).buildLocal();
            var e = assertThrows(IllegalArgumentException.class, () -> Dottest.check(d, like, 1));
            var f = assertThrows(IllegalArgumentException.class, () -> Dottest.check(d,
                    DistributedArray.builder(comm, 8).build(), 1, comm.rank() == 1 ? 1e-30 : 1e-6, 0));
            comm.barrier();
            return e.getMessage() + " | " + f.getMessage();
        });
        assertEquals(msgs.get(0), msgs.get(1));
        assertEquals(msgs.get(0), msgs.get(2));
        assertTrue(msgs.get(0).startsWith("like (its layout): must be the same on every rank, but rank 0 passed "
                + "DistributedArray(FLOAT64, SCATTER, global [8], local [[3], [3], [2]]) and rank 2 passed "
                + "DistributedArray(FLOAT64, SCATTER, global [8], local [[2], [2], [4]]) | rtol: must be the same on "
                + "every rank, but rank 0 passed"), msgs.get(0));
    }

    /**
     * The drawn vectors have entries in [-1, 1) (real and imaginary parts): on the identity, (A u)^H v
     * = u^H v is a sum of 128 products of such entries, far below 128 / 4 in size (entries drawn
     * from [1, 3) would make it at least 128). The description says whether the test passed.
     */
    @Test
    void drawsEntriesInMinusOneToOne() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            LocalCluster.run(2, comm -> {
                var id = new org.jlops.mpi.ops.stack.MPIBlockDiag(
                        List.of(new org.jlops.mpi.ops.serial.Identity(64, 64, dt)), comm);
                var like = DistributedArray.builder(comm, 128).dtype(dt).build();
                Dottest.Result r = Dottest.check(id, like, 11);
                assertTrue(r.passed());
                assertTrue(Math.abs(r.yy().re()) < 32 && Math.abs(r.yy().im()) < 32, r.toString());
                assertTrue(r.yy().abs() > 0, r.toString());
                assertTrue(r.toString().endsWith(", passed)"), r.toString());
                assertTrue(Dottest.check(id.times(1.0), like, 11).toString().endsWith(", passed)"));
            });
        }
    }

    /** A mask group holds a copy of the vector (SPEC §1.7): every group draws the same u and v. */
    @Test
    void everyMaskGroupDrawsTheSameVectors() {
        for (int np : new int[] {2, 4}) {
            List<Dottest.Result> got = LocalCluster.call(np, comm -> {
                int[] mask = new int[comm.size()];
                java.util.Arrays.setAll(mask, r -> r / 2);                    // groups of two ranks, as PyLops-MPI's tests
                if (comm.size() == 2) {
                    java.util.Arrays.setAll(mask, r -> r);
                }
                var d = org.jlops.mpi.array.NdArray.ofFloat64(new double[] {1, -2, 0.5, 3, 1.5}, 5);
                var op = new org.jlops.mpi.ops.stack.MPIBlockDiag(List.of(new org.jlops.mpi.ops.serial.Diagonal(d)), comm,
                        mask, DType.FLOAT64);
                DistributedArray like = DistributedArray.builder(comm, 5L * comm.size()).mask(mask).build();
                return Dottest.check(op, like, 7);
            });
            for (Dottest.Result r : got) {
                assertTrue(r.passed(), r.toString());
                assertEquals(got.get(0).yy(), r.yy(), "np " + np + ": the groups drew different vectors");
            }
        }
    }
}
