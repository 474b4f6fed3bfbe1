package org.jlops.mpi.verify.properties;

import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.verify.catalog.Built;
import org.jlops.mpi.verify.catalog.Layout;
import org.jlops.mpi.verify.catalog.Layouts;
import org.jlops.mpi.verify.catalog.OperatorCase;
import org.jlops.mpi.verify.catalog.OperatorSubject;
import org.jlops.mpi.verify.harness.Draws;

/**
 * Deliberate bugs, injected through a test-only decorator of catalog subjects (impl's main code has
 * no hook): the suite must report each of them.
 */
enum Faults {
    /** The adjoint returns {@code -A^H y}. */
    WRONG_SIGN_ADJOINT,
    /** The adjoint forgets a conjugate: it returns {@code A^T y}. */
    MISSING_CONJUGATE,
    /** The model vector's local split is off by one: ranks above 0 start one entry early. */
    OFF_BY_ONE_SPLIT,
    /** The forward product scales its input in place. */
    MUTATES_INPUT;

    /** {@code subject} with this bug in every operator it builds (plain operators only). */
    OperatorSubject inject(OperatorSubject subject) {
        return new OperatorSubject(subject.name() + "+" + name().toLowerCase().replace('_', '-'), (r, size) -> {
            OperatorCase oc = subject.cases().draw(r, size);
            return OperatorCase.of(oc.describe(), oc.dtype(), (comm, lr) -> {
                Built b = oc.build(comm, lr);
                MPILinearOperator op = (MPILinearOperator) (DistributedOperator<?>) b.op();
                return switch (this) {
                    case OFF_BY_ONE_SPLIT -> Built.of(op, b.reference(), offByOne(op.cols()), b.data());
                    default -> Built.of(new Faulty(op, this), b.reference(), b.model(), b.data());
                };
            });
        });
    }

    /** SCATTER with any split, each rank above 0 taking its slab from one entry early. */
    private static Layout offByOne(long n) {
        return Layouts.layout(n, (g, comm, r) -> {
            long[] counts = Draws.split(r, n, comm.size());
            NdArray mine = g.copy();
            if (comm.rank() > 0) {
                for (long k = n - 1; k > 0; k--) {
                    mine.set(k, g.re(k - 1), g.im(k - 1));
                }
            }
            long[][] shapes = new long[counts.length][];
            for (int p = 0; p < counts.length; p++) {
                shapes[p] = new long[] {counts[p]};
            }
            return DistributedArray.toDist(mine, comm, Partition.SCATTER, 0, shapes, null);
        });
    }

    /** An operator with one of the product bugs. */
    private static final class Faulty extends MPILinearOperator {
        private final MPILinearOperator a;
        private final Faults fault;

        Faulty(MPILinearOperator a, Faults fault) {
            super(a.rows(), a.cols(), a.dims(), a.dimsd(), a.dtype(), a.communicator());
            this.a = a;
            this.fault = fault;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            if (fault == MUTATES_INPUT) {
                x.imultiply(1.5, 0);
            }
            return a.matvec(x);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return switch (fault) {
                case WRONG_SIGN_ADJOINT -> a.rmatvec(y).negate();
                case MISSING_CONJUGATE -> a.rmatvec(y.conj()).conj();
                default -> a.rmatvec(y);
            };
        }
    }
}
