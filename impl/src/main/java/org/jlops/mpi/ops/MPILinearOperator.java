package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.internal.OperandChecks;

/**
 * A distributed linear operator on 1-d {@link DistributedArray}s (PyLops-MPI's
 * {@code MPILinearOperator}): the template every distributed operator on plain arrays
 * extends.
 *
 * <p>Subclasses implement {@link #doMatvec(DistributedVector) doMatvec} and
 * {@link #doRmatvec(DistributedVector) doRmatvec} on {@code DistributedArray}s (and, when they can
 * write into a given output, the two-argument forms); the public {@link #matvec} and
 * {@link #rmatvec} first check that the vector is 1-d with the operator's column (row) count. The
 * algebra of {@link DistributedOperator} returns new {@code MPILinearOperator}s that only re-route
 * calls.
 *
 * <p>Differences from PyLops-MPI: derived operators keep the communicator of their operand
 * (PyLops-MPI gives them {@code COMM_WORLD}); {@code conj()} keeps dims and dimsd; {@code A ** p}
 * accepts any output layout.
 */
public abstract non-sealed class MPILinearOperator
        extends AbstractDistributedOperator<DistributedArray, MPILinearOperator> {

    /**
     * An operator with the given model and data shapes.
     *
     * @param dims  the n-d model shape; its product is the column count
     * @param dimsd the n-d data shape; its product is the row count
     * @param dtype the operator's element type
     * @param comm  the communicator of its products
     * @throws IllegalArgumentException naming the bad argument
     */
    protected MPILinearOperator(long[] dims, long[] dimsd, DType dtype, Communicator comm) {
        super(OperatorShape.of(dims, dimsd), dtype, comm);
    }

    /**
     * An operator of {@code rows × cols} with optional n-d shapes (null: {@code {cols}} and
     * {@code {rows}}), which must agree with it.
     *
     * @param rows  the global rows
     * @param cols  the global columns
     * @param dims  (Input) the model shape; copied
     * @param dimsd (Input) the data shape; copied
     * @param dtype the dtype
     * @param comm  the communicator
     * @throws IllegalArgumentException naming the bad argument
     */
    protected MPILinearOperator(long rows, long cols, long[] dims, long[] dimsd, DType dtype, Communicator comm) {
        super(OperatorShape.of(rows, cols, dims, dimsd), dtype, comm);
    }

    private MPILinearOperator(OperatorShape shape, DType dtype, Communicator comm) {
        super(shape, dtype, comm);
    }

    /**
     * Wraps a serial operator so that every rank applies it to its whole local vector
     * (PyLops-MPI's {@code asmpilinearoperator}). Inputs must be BROADCAST or UNSAFE_BROADCAST;
     * outputs have the input's partition and the operator's dtype (complex when a real operator
     * gets complex input: it acts on the real and imaginary parts separately).
     *
     * @param op   (Input) the serial operator, the same on every rank
     * @param comm the communicator
     * @return the distributed operator
     */
    public static MPILinearOperator asMpiLinearOperator(LocalOperator op, Communicator comm) {
        return new Wrapped(op, comm);
    }

    /** Requires a 1-d DistributedArray of global length {@code n}. */
    @Override
    final DistributedArray operand(String what, DistributedVector x, long n) {
        return OperandChecks.requireVector(what, x, n);
    }

    @Override
    final boolean sharesStorage(DistributedArray a, DistributedArray b) {
        if (a == b || a.localBuffer() == b.localBuffer()) {
            return true;
        }
        return a.localBuffer().isHost() && b.localBuffer().isHost()
                && a.localBuffer().hostArray() == b.localBuffer().hostArray();
    }

    @Override
    final Class<MPILinearOperator> kind() {
        return MPILinearOperator.class;
    }

    @Override
    final MPILinearOperator derive(Algebra<DistributedArray> node) {
        return new Derived(node, communicator());
    }

    /** An operator of the algebra: re-routes calls to its operands. */
    private static final class Derived extends MPILinearOperator {
        private final Algebra<DistributedArray> node;

        Derived(Algebra<DistributedArray> node, Communicator comm) {
            super(node.shape(), node.dtype(), comm);
            this.node = node;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return node.apply(x, false);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return node.apply(y, true);
        }

        @Override
        public String toString() {
            return "<" + rows() + "x" + cols() + " " + node.describe() + " with dtype=" + dtype() + ">";
        }
    }

    /** A serial operator applied by every rank to its whole (replicated) vector. */
    private static final class Wrapped extends MPILinearOperator {
        private final LocalOperator op;

        Wrapped(LocalOperator op, Communicator comm) {
            super(op.rows(), op.cols(), op.dims(), op.dimsd(), op.dtype(), comm);
            this.op = op;
        }

        @Override
        protected boolean runsOn(Engine engine) {
            return op.runsOn(engine);
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return apply(x, false);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return apply(y, true);
        }

        private DistributedArray apply(DistributedArray x, boolean adjoint) {
            OperandChecks.requirePartition(adjoint ? "y" : "x", x, Partition.BROADCAST, Partition.UNSAFE_BROADCAST);
            long n = adjoint ? op.cols() : op.rows();
            if (!x.localBuffer().isHost()) {                              // the local operator on the engine's buffers
                if (x.dtype() != op.dtype()) {
                    throw new IllegalArgumentException((adjoint ? "y" : "x") + ": dtype " + x.dtype() + " differs "
                            + "from the operator's " + op.dtype() + "; on engine " + x.engine().name() + " the product "
                            + "runs in the operator's dtype only (no conversion kernel): give x that dtype");
                }
                DistributedArray out = DistributedArray.builder(x.communicator(), n).like(x).buildLocal();
                if (adjoint) {
                    op.rmatvec(x.localBuffer(), 0, out.localBuffer(), 0);
                } else {
                    op.matvec(x.localBuffer(), 0, out.localBuffer(), 0);
                }
                return out;
            }
            NdArray in = x.localArray();
            NdArray out = adjoint ? op.rmatvec(in) : op.matvec(in);
            return DistributedArray.builder(x.communicator(), n).like(x).dtype(out.dtype()).localArray(out)
                    .buildLocal();
        }

        @Override
        public String toString() {
            return "<" + rows() + "x" + cols() + " MPILinearOperator(" + op + ") with dtype=" + dtype() + ">";
        }
    }
}
