package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;

/**
 * A distributed linear operator on 1-d {@link DistributedArray}s (PyLops-MPI's
 * {@code MPILinearOperator}, SPEC §4.1): the template every distributed operator extends.
 *
 * <p>Subclasses implement {@link #doMatvec} and {@link #doRmatvec}; the public
 * {@link #matvec(DistributedArray)} and {@link #rmatvec(DistributedArray)} first check that the
 * vector is 1-d with the operator's column (row) count. The algebra returns new operators that
 * only re-route calls:
 *
 * <table>
 * <caption>Operator algebra</caption>
 * <tr><th>PyLops-MPI</th><th>here</th><th>forward</th><th>adjoint</th></tr>
 * <tr><td>{@code A.H}</td><td>{@link #adjoint()}</td><td>A<sup>H</sup>y</td><td>A x</td></tr>
 * <tr><td>{@code A.T}</td><td>{@link #transpose()}</td><td>conj(A<sup>H</sup> conj(x))</td><td>conj(A conj(y))</td></tr>
 * <tr><td>{@code A.conj()}</td><td>{@link #conj()}</td><td>conj(A conj(x))</td><td>conj(A<sup>H</sup> conj(y))</td></tr>
 * <tr><td>{@code A + B}, {@code A - B}</td><td>{@link #plus}, {@link #minus}</td><td>A x ± B x</td><td>A<sup>H</sup>y ± B<sup>H</sup>y</td></tr>
 * <tr><td>{@code -A}, {@code s * A}</td><td>{@link #negate()}, {@link #times(double)}, {@link #times(double, double)}</td><td>s A x</td><td>conj(s) A<sup>H</sup>y</td></tr>
 * <tr><td>{@code A * B}, {@code A @ B}</td><td>{@link #times(MPILinearOperator)}</td><td>A(B x)</td><td>B<sup>H</sup>(A<sup>H</sup>y)</td></tr>
 * <tr><td>{@code A ** p}</td><td>{@link #power(int)}</td><td>A<sup>p</sup>x</td><td>(A<sup>H</sup>)<sup>p</sup>y</td></tr>
 * </table>
 *
 * <p>Differences from PyLops-MPI: derived operators keep the communicator of their operand
 * (PyLops-MPI gives them {@code COMM_WORLD}); {@code conj()} keeps dims and dimsd; {@code A ** p}
 * accepts any output layout.
 */
public abstract class MPILinearOperator implements DistributedOperator {

    private final OperatorShape shape;
    private final DType dtype;
    private final Communicator comm;

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
        this(OperatorShape.of(dims, dimsd), dtype, comm);
    }

    /**
     * An operator of {@code rows × cols} with optional n-d shapes (null: {@code {cols}} and
     * {@code {rows}}), which must agree with it.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    protected MPILinearOperator(long rows, long cols, long[] dims, long[] dimsd, DType dtype, Communicator comm) {
        this(OperatorShape.of(rows, cols, dims, dimsd), dtype, comm);
    }

    MPILinearOperator(OperatorShape shape, DType dtype, Communicator comm) {
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

    /**
     * Wraps a serial operator so that every rank applies it to its whole local vector
     * (PyLops-MPI's {@code asmpilinearoperator}). Inputs must be BROADCAST or UNSAFE_BROADCAST;
     * outputs have the input's partition and the operator's dtype (complex when a real operator
     * gets complex input: it acts on the real and imaginary parts separately).
     *
     * @param op   (Input) the serial operator, the same on every rank
     * @param comm the communicator
     */
    public static MPILinearOperator asMpiLinearOperator(LocalOperator op, Communicator comm) {
        return new Wrapped(op, comm);
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

    /** This process's rank in the operator's communicator. */
    public final int rank() {
        return comm.rank();
    }

    /** The number of ranks of the operator's communicator. */
    public final int size() {
        return comm.size();
    }

    /**
     * {@code y = A x}. Collective.
     *
     * @param x (Input) 1-d, global length {@link #cols()}; not modified
     * @return a new 1-d array of global length {@link #rows()}
     * @throws IllegalArgumentException on every rank when {@code x} does not fit
     */
    public final DistributedArray matvec(DistributedArray x) {
        return doMatvec(Vectors.requireVector("x", x, cols()));
    }

    /**
     * {@code x = A^H y}. Collective.
     *
     * @param y (Input) 1-d, global length {@link #rows()}; not modified
     * @return a new 1-d array of global length {@link #cols()}
     * @throws IllegalArgumentException on every rank when {@code y} does not fit
     */
    public final DistributedArray rmatvec(DistributedArray y) {
        return doRmatvec(Vectors.requireVector("y", y, rows()));
    }

    @Override
    public final DistributedVector matvec(DistributedVector x) {
        return matvec(Vectors.requireVector("x", x, cols()));
    }

    @Override
    public final DistributedVector rmatvec(DistributedVector y) {
        return rmatvec(Vectors.requireVector("y", y, rows()));
    }

    @Override
    public final DistributedVector matvec(DistributedVector x, DistributedVector out) {
        return matvec(Vectors.requireVector("x", x, cols()), Vectors.requireVector("out", out, rows()));
    }

    @Override
    public final DistributedVector rmatvec(DistributedVector y, DistributedVector out) {
        return rmatvec(Vectors.requireVector("y", y, rows()), Vectors.requireVector("out", out, cols()));
    }

    /** {@code A x} (PyLops-MPI's {@code A.dot(x)}, {@code A @ x}); same as {@link #matvec(DistributedArray)}. */
    public final DistributedArray dot(DistributedArray x) {
        return matvec(x);
    }

    /**
     * {@code out = A x}, written into the storage of {@code out}: the product of
     * {@link #matvec(DistributedArray)} without allocating its result, for loops that apply an
     * operator many times (solvers, benchmarks). Collective.
     *
     * <p>{@code out} must have the layout {@link #matvec(DistributedArray)} returns for this
     * {@code x}: the same dtype, partition, local sizes and mask (for example an earlier result, or
     * its {@link DistributedArray#emptyLike()}). Operators that compute directly into the
     * output (the derivatives, the Laplacian, the block operators) never allocate a result; the
     * others compute a new array and copy it into {@code out}.
     *
     * @param x   (Input) 1-d, global length {@link #cols()}; not modified
     * @param out (Output) 1-d, global length {@link #rows()}, not {@code x}; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException on every rank when {@code x} or {@code out} does not fit
     *                                  (nothing is written then)
     */
    public final DistributedArray matvec(DistributedArray x, DistributedArray out) {
        DistributedArray in = Vectors.requireVector("x", x, cols());
        return doMatvec(in, Vectors.requireOutput("out", out, rows(), in));
    }

    /**
     * {@code out = A^H y}, written into the storage of {@code out}; see
     * {@link #matvec(DistributedArray, DistributedArray)}. Collective.
     *
     * @param y   (Input) 1-d, global length {@link #rows()}; not modified
     * @param out (Output) 1-d, global length {@link #cols()}, with the layout
     *            {@link #rmatvec(DistributedArray)} returns, not {@code y}; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException on every rank when {@code y} or {@code out} does not fit
     */
    public final DistributedArray rmatvec(DistributedArray y, DistributedArray out) {
        DistributedArray in = Vectors.requireVector("y", y, rows());
        return doRmatvec(in, Vectors.requireOutput("out", out, cols(), in));
    }

    /**
     * The forward product on a vector already checked to be 1-d of length {@link #cols()}.
     * Must return a new array and leave {@code x} unchanged.
     */
    protected abstract DistributedArray doMatvec(DistributedArray x);

    /**
     * The forward product into {@code out} (checked to be 1-d of length {@link #rows()} and not to
     * share storage with {@code x}). The default computes {@link #doMatvec(DistributedArray)} and
     * copies it into {@code out} after checking the layouts; operators that can write their
     * output directly override it.
     */
    protected DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return Vectors.copyInto("out", doMatvec(x), out);
    }

    /**
     * The adjoint product into {@code out}; see {@link #doMatvec(DistributedArray, DistributedArray)}.
     */
    protected DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return Vectors.copyInto("out", doRmatvec(y), out);
    }

    /**
     * The adjoint product on a vector already checked to be 1-d of length {@link #rows()}.
     * Must return a new array and leave {@code y} unchanged.
     */
    protected abstract DistributedArray doRmatvec(DistributedArray y);

    /** The adjoint {@code A^H} (PyLops-MPI's {@code A.H}). */
    public MPILinearOperator adjoint() {
        return new Derived(Algebra.adjoint(this), comm);
    }

    /** The transpose {@code A^T} (PyLops-MPI's {@code A.T}). */
    public MPILinearOperator transpose() {
        return new Derived(Algebra.transpose(this), comm);
    }

    /** The element-wise conjugate operator {@code conj(A)}. */
    public MPILinearOperator conj() {
        return new Derived(Algebra.conj(this), comm);
    }

    /** {@code A + B}; shapes must match. */
    public MPILinearOperator plus(MPILinearOperator other) {
        return new Derived(Algebra.sum(this, other), comm);
    }

    /** {@code A - B}; shapes must match. */
    public MPILinearOperator minus(MPILinearOperator other) {
        return plus(other == null ? null : other.negate());
    }

    /** {@code -A}. */
    public MPILinearOperator negate() {
        return times(-1.0);
    }

    /** {@code s A} for a real scalar; dtype unchanged. */
    public MPILinearOperator times(double s) {
        return new Derived(Algebra.scaled(this, s, 0, false), comm);
    }

    /** {@code s A} for the complex scalar {@code s = re + i im}; the result is complex. */
    public MPILinearOperator times(double re, double im) {
        return new Derived(Algebra.scaled(this, re, im, true), comm);
    }

    /**
     * The product {@code A B} ({@code B} is applied first); {@code A.cols() == B.rows()}. The
     * result's dtype is the common type of both.
     */
    public MPILinearOperator times(MPILinearOperator other) {
        return new Derived(Algebra.product(this, other), comm);
    }

    /** {@code A^p} for a square operator and {@code p >= 0} ({@code A^0} copies its input). */
    public MPILinearOperator power(int p) {
        return new Derived(Algebra.power(this, p), comm);
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " " + getClass().getSimpleName() + " with dtype=" + dtype + ">";
    }

    /** An operator of the algebra: re-routes calls to its operands. */
    private static final class Derived extends MPILinearOperator {
        private final Algebra node;

        Derived(Algebra node, Communicator comm) {
            super(node.shape(), node.dtype(), comm);
            this.node = node;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return (DistributedArray) node.apply(x, false);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return (DistributedArray) node.apply(y, true);
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
        protected DistributedArray doMatvec(DistributedArray x) {
            return apply(x, false);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return apply(y, true);
        }

        private DistributedArray apply(DistributedArray x, boolean adjoint) {
            Vectors.requirePartition(adjoint ? "y" : "x", x, Partition.BROADCAST, Partition.UNSAFE_BROADCAST);
            long n = adjoint ? op.cols() : op.rows();
            var in = x.localArray();
            var out = adjoint ? op.rmatvec(in) : op.matvec(in);
            return Vectors.withLocal(x, new long[] {n}, null, out);
        }

        @Override
        public String toString() {
            return "<" + rows() + "x" + cols() + " MPILinearOperator(" + op + ") with dtype=" + dtype() + ">";
        }
    }
}
