package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;

/**
 * A distributed linear operator whose model and/or data are {@link StackedDistributedArray}s
 * (PyLops-MPI's {@code MPIStackedLinearOperator}). Subclasses implement
 * {@link #doMatvec(DistributedVector) doMatvec} and {@link #doRmatvec(DistributedVector) doRmatvec};
 * the public products first check that the vector is a stacked array whose components' lengths
 * sum to the operator's column (row) count, or a 1-d array of that length. The algebra is that of
 * {@link DistributedOperator}; its results are {@code MPIStackedLinearOperator}s.
 *
 * <p>Differences from PyLops-MPI: {@code A ** p} really applies the operator p times (PyLops-MPI
 * returns its input unchanged); derived operators keep their operand's communicator.
 */
public abstract non-sealed class MPIStackedLinearOperator
        extends AbstractDistributedOperator<DistributedVector, MPIStackedLinearOperator> {

    /**
     * An operator with the given model and data shapes.
     *
     * @param dims  (Input) the model shape; copied
     * @param dimsd (Input) the data shape; copied
     * @param dtype the dtype
     * @param comm  the communicator
     * @throws IllegalArgumentException naming the bad argument
     */
    protected MPIStackedLinearOperator(long[] dims, long[] dimsd, DType dtype, Communicator comm) {
        super(OperatorShape.of(dims, dimsd), dtype, comm);
    }

    private MPIStackedLinearOperator(OperatorShape shape, DType dtype, Communicator comm) {
        super(shape, dtype, comm);
    }

    /** Requires a stacked array (or a 1-d array) of {@code n} elements in all. */
    @Override
    final DistributedVector operand(String what, DistributedVector x, long n) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
        if (x instanceof DistributedArray a && a.ndim() != 1) {
            throw new IllegalArgumentException(what + ": expected a 1-d DistributedArray or a StackedDistributedArray, "
                    + "got " + a.ndim() + " dimensions");
        }
        if (x.globalSize() != n) {
            throw new IllegalArgumentException(what + ": dimension mismatch, total length " + x.globalSize()
                    + " but the operator needs " + n);
        }
        return x;
    }

    /** Only stacked operators of the same class can be added (derived ones excepted), as in PyLops-MPI. */
    @Override
    final void checkSum(DistributedOperator<DistributedVector> other) {
        if (other.getClass() != getClass() && !(other instanceof Derived) && !(this instanceof Derived)) {
            throw new IllegalArgumentException("other: can only add stacked operators of the same class, got "
                    + getClass().getSimpleName() + " and " + other.getClass().getSimpleName());
        }
    }

    @Override
    final Class<MPIStackedLinearOperator> kind() {
        return MPIStackedLinearOperator.class;
    }

    @Override
    final MPIStackedLinearOperator derive(Algebra<DistributedVector> node) {
        return new Derived(node, communicator());
    }

    /** An operator of the algebra: re-routes calls to its operands. */
    private static final class Derived extends MPIStackedLinearOperator {
        private final Algebra<DistributedVector> node;

        Derived(Algebra<DistributedVector> node, Communicator comm) {
            super(node.shape(), node.dtype(), comm);
            this.node = node;
        }

        @Override
        protected DistributedVector doMatvec(DistributedVector x) {
            return node.apply(x, false);
        }

        @Override
        protected DistributedVector doRmatvec(DistributedVector y) {
            return node.apply(y, true);
        }

        @Override
        public String toString() {
            return "<" + rows() + "x" + cols() + " " + node.describe() + " with dtype=" + dtype() + ">";
        }
    }
}
