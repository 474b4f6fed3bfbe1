package org.jlops.mpi.ops.stack;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The adjoint {@code A^H} of a serial operator: forward and adjoint products exchanged, rows and
 * columns (and dims and dimsd) exchanged. Only re-routes calls.
 */
record AdjointLocal(LocalOperator op) implements LocalOperator {

    @Override
    public long rows() {
        return op.cols();
    }

    @Override
    public long cols() {
        return op.rows();
    }

    @Override
    public long[] dims() {
        return op.dimsd();
    }

    @Override
    public long[] dimsd() {
        return op.dims();
    }

    @Override
    public DType dtype() {
        return op.dtype();
    }

    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        op.rmatvec(x, xPos, y, yPos);
    }

    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        op.matvec(y, yPos, x, xPos);
    }

    @Override
    public String toString() {
        return op + ".H";
    }
}
