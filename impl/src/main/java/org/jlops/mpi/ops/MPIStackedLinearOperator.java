package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;

/**
 * A distributed linear operator whose model and/or data are {@link StackedDistributedArray}s
 * (PyLops-MPI's {@code MPIStackedLinearOperator}, SPEC §4.2). Subclasses implement
 * {@link #doMatvec} and {@link #doRmatvec}; the algebra is that of {@link MPILinearOperator}.
 *
 * <p>Differences from PyLops-MPI: {@code A ** p} really applies the operator p times (PyLops-MPI
 * returns its input unchanged); derived operators keep their operand's communicator.
 */
public abstract class MPIStackedLinearOperator implements DistributedOperator {

    private final OperatorShape shape;
    private final DType dtype;
    private final Communicator comm;

    /**
     * An operator with the given model and data shapes.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    protected MPIStackedLinearOperator(long[] dims, long[] dimsd, DType dtype, Communicator comm) {
        this(OperatorShape.of(dims, dimsd), dtype, comm);
    }

    MPIStackedLinearOperator(OperatorShape shape, DType dtype, Communicator comm) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        this.shape = shape;
        this.dtype = dtype;
        this.comm = comm;
    }

    @Override
    public final long rows() {
        return shape.rows();
    }

    @Override
    public final long cols() {
        return shape.cols();
    }

    @Override
    public final long[] dims() {
        return shape.dims();
    }

    @Override
    public final long[] dimsd() {
        return shape.dimsd();
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final Communicator communicator() {
        return comm;
    }

    /**
     * {@code y = A x}. Collective.
     *
     * @param x (Input) a stacked array whose components' lengths sum to {@link #cols()}, or a
     *          1-d array of that length; not modified
     * @throws IllegalArgumentException on every rank when {@code x} does not fit
     */
    @Override
    public final DistributedVector matvec(DistributedVector x) {
        return doMatvec(check("x", x, cols()));
    }

    /**
     * {@code x = A^H y}. Collective.
     *
     * @param y (Input) a stacked array whose components' lengths sum to {@link #rows()}, or a
     *          1-d array of that length; not modified
     * @throws IllegalArgumentException on every rank when {@code y} does not fit
     */
    @Override
    public final DistributedVector rmatvec(DistributedVector y) {
        return doRmatvec(check("y", y, rows()));
    }

    /** Same as {@link #matvec(DistributedVector)} (PyLops-MPI's {@code A.dot(x)}). */
    public final DistributedVector dot(DistributedVector x) {
        return matvec(x);
    }

    /** The forward product on a vector already checked; returns a new vector, {@code x} unchanged. */
    protected abstract DistributedVector doMatvec(DistributedVector x);

    /** The adjoint product on a vector already checked; returns a new vector, {@code y} unchanged. */
    protected abstract DistributedVector doRmatvec(DistributedVector y);

    /**
     * Checks the operands of a product {@code this · inner} beyond their shapes; the default
     * accepts everything. Subclasses that cannot be composed in some way override it.
     *
     * @throws IllegalArgumentException naming {@code other}
     */
    protected void checkProduct(MPIStackedLinearOperator inner) {
    }

    /** The adjoint {@code A^H}. */
    public MPIStackedLinearOperator adjoint() {
        return new Derived(Algebra.adjoint(this), comm);
    }

    /** The transpose {@code A^T}. */
    public MPIStackedLinearOperator transpose() {
        return new Derived(Algebra.transpose(this), comm);
    }

    /** The element-wise conjugate operator. */
    public MPIStackedLinearOperator conj() {
        return new Derived(Algebra.conj(this), comm);
    }

    /** {@code A + B}: same shape and the same class of stacked operator. */
    public MPIStackedLinearOperator plus(MPIStackedLinearOperator other) {
        if (other != null && other.getClass() != getClass() && !(other instanceof Derived) && !(this instanceof Derived)) {
            throw new IllegalArgumentException("other: can only add stacked operators of the same class, got "
                    + getClass().getSimpleName() + " and " + other.getClass().getSimpleName());
        }
        return new Derived(Algebra.sum(this, other), comm);
    }

    /** {@code A - B}. */
    public MPIStackedLinearOperator minus(MPIStackedLinearOperator other) {
        return plus(other == null ? null : other.negate());
    }

    /** {@code -A}. */
    public MPIStackedLinearOperator negate() {
        return times(-1.0);
    }

    /** {@code s A} for a real scalar. */
    public MPIStackedLinearOperator times(double s) {
        return new Derived(Algebra.scaled(this, s, 0, false), comm);
    }

    /** {@code s A} for a complex scalar; the result is complex. */
    public MPIStackedLinearOperator times(double re, double im) {
        return new Derived(Algebra.scaled(this, re, im, true), comm);
    }

    /** The product {@code A B} ({@code B} applied first). */
    public MPIStackedLinearOperator times(MPIStackedLinearOperator other) {
        if (other != null) {
            checkProduct(other);
        }
        return new Derived(Algebra.product(this, other), comm);
    }

    /** {@code A^p} for a square operator and {@code p >= 0}. */
    public MPIStackedLinearOperator power(int p) {
        return new Derived(Algebra.power(this, p), comm);
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " " + getClass().getSimpleName() + " with dtype=" + dtype + ">";
    }

    private static DistributedVector check(String what, DistributedVector x, long n) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
        if (x instanceof DistributedArray a && a.ndim() != 1) {
            throw new IllegalArgumentException(what + ": expected a 1-d DistributedArray or a StackedDistributedArray, "
                    + "got " + a.ndim() + " dimensions");
        }
        long len = Vectors.length(x);
        if (len != n) {
            throw new IllegalArgumentException(what + ": dimension mismatch, total length " + len
                    + " but the operator needs " + n);
        }
        return x;
    }

    /** An operator of the algebra: re-routes calls to its operands. */
    private static final class Derived extends MPIStackedLinearOperator {
        private final Algebra node;

        Derived(Algebra node, Communicator comm) {
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
