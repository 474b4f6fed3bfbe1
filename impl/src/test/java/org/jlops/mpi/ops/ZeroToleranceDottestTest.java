package org.jlops.mpi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * The dot-test's tolerances are inclusive ({@code |yy - xx| <= atol + rtol |yy|}) and 0 is a valid
 * tolerance: an operator whose adjoint is exact (the identity: both dots are the same sum in the
 * same order) passes with rtol = atol = 0.
 */
class ZeroToleranceDottestTest {

    /** {@code I}: forward and adjoint copy. */
    private static final class Copy extends MPILinearOperator {
        Copy(long n, DType dtype, Communicator comm) {
            super(new long[] {n}, new long[] {n}, dtype, comm);
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return x.copy();
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return y.copy();
        }
    }

    @Test
    void anExactAdjointPassesWithZeroTolerances() {
        for (int p = 1; p <= 3; p++) {
            for (DType dt : DType.values()) {
                LocalCluster.run(p, comm -> {
                    Copy op = new Copy(11, dt, comm);
                    DistributedArray like = DistributedArray.builder(comm, 11).dtype(dt).build();
                    Dottest.Result r = Dottest.check(op, like, 3, 0, 0);
                    assertEquals(0.0, r.relativeError(), r.toString());
                    assertTrue(r.passed(), r.toString());
                    assertTrue(r.yy().abs() > 0, "non-trivial dots: " + r);
                });
            }
        }
    }
}
