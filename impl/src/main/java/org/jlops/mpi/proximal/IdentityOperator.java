package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPIStackedLinearOperator;

/** The identity on vectors of any kind and layout (a copy): the lower block of {@link MPIL2}'s CGLS system. */
final class IdentityOperator extends MPIStackedLinearOperator {

    IdentityOperator(long n, DType dtype, Communicator comm) {
        super(new long[] {n}, new long[] {n}, dtype, comm);
    }

    @Override
    protected DistributedVector doMatvec(DistributedVector x) {
        return x.copy();
    }

    @Override
    protected DistributedVector doRmatvec(DistributedVector y) {
        return y.copy();
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " Identity>";
    }
}
