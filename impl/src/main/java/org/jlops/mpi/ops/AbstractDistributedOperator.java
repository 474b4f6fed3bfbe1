package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.profile.LogView;

/**
 * The template both kinds of distributed operator share: shape bookkeeping, the
 * final public products that check their operands before calling the subclass's hooks, and the
 * operator algebra. Subclasses implement only {@code doMatvec} and {@code doRmatvec} (and, when
 * they can write their output in place, the two-argument forms).
 *
 * <p>The two permitted subclasses are the kinds: {@link MPILinearOperator} ({@code V =
 * DistributedArray}) and {@link MPIStackedLinearOperator} ({@code V = DistributedVector}). Extend
 * one of those.
 *
 * @param <V> the vectors the operator's products take and return
 * @param <O> the kind itself, the type the algebra returns
 */
@SuppressWarnings("try") // the log-view spans of try-with-resources are closed, not read
public abstract sealed class AbstractDistributedOperator<V extends DistributedVector,
        O extends AbstractDistributedOperator<V, O>> implements DistributedOperator<V>
        permits MPILinearOperator, MPIStackedLinearOperator {

    private final OperatorShape shape;
    private final DType dtype;
    private final Communicator comm;

    AbstractDistributedOperator(OperatorShape shape, DType dtype, Communicator comm) {
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
     * This process's rank in the operator's communicator. Local.
     *
     * @return this process's rank in the operator's communicator
     */
    public final int rank() {
        return comm.rank();
    }

    /**
     * The number of ranks of the operator's communicator. Local.
     *
     * @return the number of ranks of the operator's communicator
     */
    public final int size() {
        return comm.size();
    }

    // ------------------------------------------------------------------------------------ products

    // Every product agrees on its operands first (one allreduce: every rank's verdict, and the
    // operands' layouts compared between ranks), then runs its hooks in an agreed scope, where the
    // work on operands derived from these needs no further agreement.

    @Override
    public final V matvec(V x) {
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, getClass(), "matvec")) {
            V in = Consensus.on(comm).same("x (its layout)", fingerprintOf(x), () -> layoutOf(x))
                    .check(() -> onItsEngine("x", operand("x", x, cols())));
            return counted(span, false, CollectiveChecks.agreed(() -> doMatvec(in)));
        }
    }

    @Override
    public final V rmatvec(V y) {
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, getClass(), "rmatvec")) {
            V in = Consensus.on(comm).same("y (its layout)", fingerprintOf(y), () -> layoutOf(y))
                    .check(() -> onItsEngine("y", operand("y", y, rows())));
            return counted(span, true, CollectiveChecks.agreed(() -> doRmatvec(in)));
        }
    }

    @Override
    public final V matvec(V x, V out) {
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, getClass(), "matvec")) {
            V in = checkedWithOutput("x", x, cols(), out, rows());
            return counted(span, false, CollectiveChecks.agreed(() -> doMatvec(in, out)));
        }
    }

    @Override
    public final V rmatvec(V y, V out) {
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, getClass(), "rmatvec")) {
            V in = checkedWithOutput("y", y, rows(), out, cols());
            return counted(span, true, CollectiveChecks.agreed(() -> doRmatvec(in, out)));
        }
    }

    @Override
    public final double matvecNormSquared(V x, V out) {
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, getClass(), "matvecNormSquared")) {
            V in = checkedWithOutput("x", x, cols(), out, rows());
            counted(span, false, out);
            return CollectiveChecks.agreed(() -> doMatvecNormSquared(in, out));
        }
    }

    @Override
    public final double rmatvecNormSquared(V y, V out) {
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, getClass(), "rmatvecNormSquared")) {
            V in = checkedWithOutput("y", y, rows(), out, cols());
            counted(span, true, out);
            return CollectiveChecks.agreed(() -> doRmatvecNormSquared(in, out));
        }
    }

    /**
     * The operand {@code v} (named {@code what}, {@code n} elements) of a product into {@code out}
     * ({@code nOut} elements), checked on every rank and agreed: both layouts the same everywhere,
     * {@code v} on this operator's engine, {@code out} of the right length and not sharing storage
     * with {@code v}. Collective (one allreduce).
     */
    private V checkedWithOutput(String what, V v, long n, V out, long nOut) {
        return Consensus.on(comm).same(what + " (its layout)", fingerprintOf(v), () -> layoutOf(v))
                .same("out (its layout)", fingerprintOf(out), () -> layoutOf(out))
                .check(() -> {
                    V checked = onItsEngine(what, operand(what, v, n));
                    output("out", out, nOut, checked);
                    return checked;
                });
    }

    /**
     * Whether this operator's products run on arrays of {@code engine}. The default, {@code true},
     * is for operators that compute through the engine's kernels (and so run wherever their
     * operands live); an operator whose products read host arrays overrides it to accept only
     * {@link Engine#host()}, so that an operand on another engine (a GPU's) fails in the operand
     * check, on every rank alike, naming the operator and the engine, before anything is computed.
     * Local.
     *
     * @param engine the engine of an operand
     * @return whether the products run there
     */
    protected boolean runsOn(Engine engine) {
        return true;
    }

    /** {@code v} after checking that this operator runs on the engine of each of its arrays ({@link #runsOn}). */
    private V onItsEngine(String what, V v) {
        if (v instanceof DistributedArray a) {                            // the common case, without a list
            requireRunsOn(what, a);
        } else {
            for (DistributedArray a : ElementMaps.leaves(v)) {
                requireRunsOn(what, a);
            }
        }
        return v;
    }

    private void requireRunsOn(String what, DistributedArray a) {
        if (!runsOn(a.engine())) {
            throw new IllegalArgumentException(what + ": " + hostOnlyPart(a.engine()) + " computes on host "
                    + "arrays and has no kernel on engine " + a.engine().name() + " (nothing is copied through "
                    + "the host behind the caller's back): use arrays on Engine.host()");
        }
    }

    /**
     * What in this operator cannot run on {@code engine} ({@link #runsOn} is false), for the
     * refusal's message: the operator's class name by default; a block operator names its block.
     * Local.
     *
     * @param engine the engine of the operand
     * @return the part in words
     */
    protected String hostOnlyPart(Engine engine) {
        return getClass().getSimpleName();
    }

    /** Adds this rank's flops of the product to its span when the log view records ({@link #localFlops}). */
    private V counted(LogView.Span span, boolean adjoint, V result) {
        if (span.active()) {
            long flops = localFlops(adjoint);
            if (flops >= 0) {
                span.flops(flops);
            }
        }
        return result;
    }

    /**
     * This rank's floating-point operations in one product, for the log view
     * ({@code jlops.logView}; a real multiply-add counts 2, a complex one 8): operators that know
     * it override this. Called only while the view records. Local.
     *
     * @param adjoint the adjoint product ({@code true}) or the forward one
     * @return the count, or {@code -1} when not known (the default: the span reports no flops)
     */
    protected long localFlops(boolean adjoint) {
        return -1;
    }

    /** The layout of an operand, for the message when it differs between ranks (null for null). Local. */
    private static String layoutOf(DistributedVector v) {
        return v == null ? null : v.layout();
    }

    /** The fingerprint of an operand's layout, compared between ranks (0 for null). Local. */
    private static long fingerprintOf(DistributedVector v) {
        return v == null ? 0 : v.layoutFingerprint();
    }

    /**
     * {@code A x} (PyLops-MPI's {@code A.dot(x)}, {@code A @ x}); the same as {@link #matvec}. Collective.
     *
     * @param x (Input) a model vector; not modified
     * @return {@code A x}, a new vector
     */
    public final V dot(V x) {
        return matvec(x);
    }

    /**
     * The forward product on a vector already checked to fit ({@link #cols()} elements, of the
     * kind's shape). Must return a new vector and leave {@code x} unchanged.
     *
     * @param x (Input) the agreed model vector; not modified
     * @return {@code A x}, a new vector
     */
    protected abstract V doMatvec(V x);

    /**
     * The adjoint product on a vector already checked to fit ({@link #rows()} elements). Must
     * return a new vector and leave {@code y} unchanged.
     *
     * @param y (Input) the agreed data vector; not modified
     * @return {@code A^H y}, a new vector
     */
    protected abstract V doRmatvec(V y);

    /**
     * The forward product into {@code out}, already checked to have the right length and not to
     * share storage with {@code x}. The default computes {@link #doMatvec(DistributedVector)} and
     * copies it into {@code out} (whose layout must then be that of the product); operators that
     * can write their output directly override it.
     *
     * @param x   (Input) the agreed model vector; not modified
     * @param out (Output) the agreed output; overwritten
     * @return {@code out}
     */
    protected V doMatvec(V x, V out) {
        return copyInto(doMatvec(x), out);
    }

    /**
     * The adjoint product into {@code out}; see {@link #doMatvec(DistributedVector, DistributedVector)}.
     *
     * @param y   (Input) the agreed data vector; not modified
     * @param out (Output) the agreed output; overwritten
     * @return {@code out}
     */
    protected V doRmatvec(V y, V out) {
        return copyInto(doRmatvec(y), out);
    }

    /**
     * {@code x} if it is an operand of this kind with {@code n} elements in all, else an
     * exception naming {@code what}. Local: the checks read metadata of {@code x} only. Takes any
     * vector, so that a caller holding the operator through a wider type gets this message rather
     * than a {@link ClassCastException}.
     */
    abstract V operand(String what, DistributedVector x, long n);

    /**
     * The forward product into {@code out} and the squared norm of {@code out}, operands already
     * checked as for {@link #doMatvec(DistributedVector, DistributedVector)}. The default makes the
     * product, then {@code out.dot(out, true).re()}; an operator that can sum its output as it
     * writes it overrides this, with the same bits.
     *
     * @param x   (Input) the agreed model vector; not modified
     * @param out (Output) the agreed output; overwritten
     * @return {@code Re(out . conj(out))}
     */
    protected double doMatvecNormSquared(V x, V out) {
        return doMatvec(x, out).dot(out, true).re();
    }

    /**
     * The adjoint product into {@code out} and the squared norm of {@code out}; see
     * {@link #doMatvecNormSquared(DistributedVector, DistributedVector)}.
     *
     * @param y   (Input) the agreed data vector; not modified
     * @param out (Output) the agreed output; overwritten
     * @return {@code Re(out . conj(out))}
     */
    protected double doRmatvecNormSquared(V y, V out) {
        return doRmatvec(y, out).dot(out, true).re();
    }

    /** Whether two operands share storage (the default: are the same object). */
    boolean sharesStorage(V a, V b) {
        return a == b;
    }

    /** {@code out} if it can receive a product of {@code n} elements computed from {@code in}. Local. */
    private V output(String what, V out, long n, V in) {
        V o = operand(what, out, n);
        if (sharesStorage(o, in)) {
            throw new IllegalArgumentException(what + ": must not share storage with the input of the product");
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private V copyInto(V y, V out) {
        if (!out.sameLayout(y)) {
            throw new IllegalArgumentException("out: layout " + out.layout() + " differs from the product's "
                    + y.layout());
        }
        return (V) y.copyTo(out);
    }

    // ------------------------------------------------------------------------------------- algebra

    /**
     * Refuses an operand of the other kind (reachable only through {@link DistributedOperator#general}).
     *
     * @throws IllegalArgumentException naming {@code other}
     */
    private void requireSameKind(DistributedOperator<?> other) {
        if (!kind().isInstance(other)) {
            throw new IllegalArgumentException("other: cannot combine an " + kind().getSimpleName() + " with an "
                    + other.getClass().getSimpleName() + " (another kind of operator)");
        }
    }

    /** The kind: {@code MPILinearOperator.class} or {@code MPIStackedLinearOperator.class}. */
    abstract Class<O> kind();

    /** Wraps a node of the algebra into an operator of this kind. */
    abstract O derive(Algebra<V> node);

    /**
     * Checks that {@code other} may be added to this operator, beyond the shapes; the default
     * accepts every operator of the kind.
     *
     * @throws IllegalArgumentException naming {@code other}
     */
    void checkSum(DistributedOperator<V> other) {
    }

    /**
     * Checks the operands of a product {@code this · inner} beyond their shapes; the default
     * accepts every operator of the kind. Subclasses that cannot be composed in some way override it.
     *
     * @param inner the operator this one is applied after
     * @throws IllegalArgumentException naming {@code other}
     */
    protected void checkProduct(DistributedOperator<V> inner) {
    }

    @Override
    public O adjoint() {
        return derive(new Algebra.Adjoint<>(this));
    }

    @Override
    public O transpose() {
        return derive(new Algebra.Transpose<>(this));
    }

    @Override
    public O conj() {
        return derive(new Algebra.Conj<>(this));
    }

    @Override
    public O plus(DistributedOperator<V> other) {
        if (other != null) {
            requireSameKind(other);
            checkSum(other);
        }
        return derive(Algebra.Sum.of(this, other));
    }

    @Override
    public O minus(DistributedOperator<V> other) {
        return plus(other == null ? null : other.negate());
    }

    @Override
    public O negate() {
        return times(-1.0);
    }

    @Override
    public O times(double s) {
        return derive(new Algebra.Scaled<>(this, s, 0, dtype));
    }

    @Override
    public O times(double re, double im) {
        return derive(new Algebra.Scaled<>(this, re, im, DType.promote(dtype, DType.COMPLEX64)));
    }

    @Override
    public O times(DistributedOperator<V> other) {
        if (other != null) {
            requireSameKind(other);
            checkProduct(other);
        }
        return derive(Algebra.Product.of(this, other));
    }

    @Override
    public O power(int p) {
        return derive(Algebra.Power.of(this, p));
    }

    /** {@code <rows x cols Name with dtype=...>}, as PyLops prints operators. */
    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " " + getClass().getSimpleName() + " with dtype=" + dtype + ">";
    }
}
