package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPIStackedLinearOperator;

/**
 * {@code I + c AᴴA} on vectors of any kind and layout (what {@link MPIL2}'s CG solves): the
 * identity keeps the layout it is given, so the operator fits plain and stacked, SCATTER and
 * BROADCAST models alike. Hermitian ({@code c} real), its own adjoint.
 */
final class ShiftedNormal extends MPIStackedLinearOperator {

    private final DistributedOperator<DistributedVector> a;
    private final double c;

    ShiftedNormal(DistributedOperator<DistributedVector> a, double c) {
        super(new long[] {a.cols()}, new long[] {a.cols()}, a.dtype(), a.communicator());
        this.a = a;
        this.c = c;
    }

    @Override
    protected DistributedVector doMatvec(DistributedVector x) {
        DistributedVector n = a.rmatvec(a.matvec(x));                             // A^H A x
        return n.iaypx(c, 0, x);                                                   // x + c A^H A x
    }

    @Override
    protected DistributedVector doRmatvec(DistributedVector y) {
        return doMatvec(y);
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " I + " + c + " A^H A, A = " + a + ">";
    }
}
