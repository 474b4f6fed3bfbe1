package org.jlops.mpi.ops.basic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPIStackedLinearOperator;
import org.jlops.mpi.ops.serial.DerivativeBuilder;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.internal.RowStencil;

/**
 * The gradient of an n-d array distributed in row slabs along axis 0 (PyLops-MPI's
 * {@code MPIGradient}): the stacked vertical stack of the first derivatives (order 3)
 * along every axis,
 *
 * <pre>
 *     G = [ D1_0 ; D1_1 ; ... ; D1_{ndim-1} ],     y_k = D1_k x,     x = G^H y = sum_k D1_k^T y_k
 * </pre>
 *
 * <p>an {@link MPIStackedVStack} of the {@link MPIFirstDerivative} along axis 0 (ghost-row
 * exchange) and, for every other axis k, an {@link MPIBlockDiag} of the serial
 * {@link FirstDerivative} along k on each rank's row slab (no communication).
 * {@code dims = dims}, {@code dimsd = (ndim prod(dims),)}.
 *
 * <p><b>Partitions.</b> {@link #matvec(DistributedVector) matvec}: a 1-d SCATTER array of any split
 * (re-split once to row slabs, shared by every component) or BROADCAST; the result is a
 * {@link StackedDistributedArray} of {@code ndim} 1-d SCATTER row-balanced components, each with
 * the input's mask. {@link #rmatvec(DistributedVector) rmatvec}: such a stack (each component of
 * any split); the result is 1-d SCATTER row-balanced, with the first component's mask.
 * Communication per product: the re-splits, the axis-0 term's ghost exchange. dtypes as for
 * {@link MPIFirstDerivative}.
 *
 * <p><b>Differences from PyLops-MPI</b>: BROADCAST input is accepted and the input is re-split once
 * for all components; masked inputs work (the adjoint's sum of components with different masks
 * fails in PyLops-MPI); arguments are enums, agreed on by every rank; and the differences of
 * {@link MPIFirstDerivative} (any rank count, one exchange per product, complex input kept
 * complex).
 */
public final class MPIGradient extends MPIStackedLinearOperator {

    private final MPIStackedVStack stack;
    private final long[] counts;
    private final double[] sampling;
    private final boolean edge;
    private final DerivativeKind kind;

    /**
     * A gradient with the same sampling on every axis. Collective.
     *
     * @param dims     (Input) the model shape; copied
     * @param sampling the sampling step of every axis
     * @param edge     edge formulas of the centered first derivatives
     * @param kind     the scheme
     * @param comm     the communicator
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException on every rank when any rank's arguments are invalid
     */
    public MPIGradient(long[] dims, double sampling, boolean edge, DerivativeKind kind, Communicator comm,
            DType dtype) {
        this(dims, repeat(sampling, dims), edge, kind, comm, dtype);
    }

    /**
     * A gradient. Collective: one allreduce agrees on every rank's checks and on the arguments being
     * the same everywhere, then the components are built (each collective).
     *
     * @param dims     (Input) the model shape (at least one dimension), the same on every rank; copied
     * @param sampling (Input) one sampling step per axis, finite and non-zero; copied
     * @param edge     edge formulas of the centered first derivatives
     * @param kind     the scheme
     * @param comm     the communicator
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException on every rank, naming the argument, when it is invalid on any
     *                                  rank or differs between ranks; on this rank only when
     *                                  {@code comm} is null
     */
    public MPIGradient(long[] dims, double[] sampling, boolean edge, DerivativeKind kind, Communicator comm,
            DType dtype) {
        this(checked(dims, sampling, edge, kind, comm, dtype), sampling, edge, kind, comm, dtype);
    }

    private MPIGradient(Checked c, double[] sampling, boolean edge, DerivativeKind kind, Communicator comm,
            DType dtype) {
        super(c.dims, new long[] {c.dims.length * product(c.dims)}, dtype, comm);
        long[] dims = c.dims;
        this.sampling = sampling.clone();
        this.edge = edge;
        this.kind = kind;
        this.counts = OperandChecks.rowCounts(dims, comm.size());
        long[] localDims = OperandChecks.rowShapes(dims, comm.size())[comm.rank()];
        List<DistributedOperator<?>> terms = new ArrayList<>();
        terms.add(new MPIFirstDerivative(dims, sampling[0], kind, edge, 3, comm, dtype));
        for (int k = 1; k < dims.length; k++) {
            terms.add(new MPIBlockDiag(List.of(new FirstDerivative(localDims, k, sampling[k], kind, edge, 3, dtype)),
                    comm, null, dtype));
        }
        this.stack = new MPIStackedVStack(terms, comm);
    }

    private record Checked(long[] dims) {
    }

    private static double[] repeat(double s, long[] dims) {
        double[] r = new double[dims == null ? 0 : dims.length];
        Arrays.fill(r, s);
        return r;
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            p = Math.multiplyExact(p, d);
        }
        return p;
    }

    private static Checked checked(long[] dims, double[] sampling, boolean edge, DerivativeKind kind,
            Communicator comm, DType dtype) {
        return Consensus.on(comm).same("dims", dims).same("sampling", sampling).same("edge", edge).same("kind", kind)
                .same("dtype", dtype).check(() -> {
                    long[] c = RowStencil.checkDims(dims);
                    if (sampling == null || sampling.length != c.length) {
                        throw new IllegalArgumentException("sampling: " + (sampling == null ? "null"
                                : sampling.length + " entries") + ", expected one per axis of dims "
                                + Arrays.toString(c));
                    }
                    if (dtype == null) {
                        throw new IllegalArgumentException("dtype: must not be null");
                    }
                    try {
                        Math.multiplyExact(c.length, product(c));
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException("dims: " + Arrays.toString(dims) + " is too large");
                    }
                    for (int k = 0; k < c.length; k++) {
                        FirstDerivative.stencil(c[k], sampling[k], kind, edge, 3); // checks sampling, kind, length
                    }
                    return new Checked(c);
                });
    }

    /**
     * The components: the axis-0 derivative, then one block-diagonal derivative per other axis (unmodifiable). Local.
     *
     * @return the components: the axis-0 derivative, then one block-diagonal derivative per other axis
     *         (unmodifiable)
     */
    public List<DistributedOperator<?>> ops() {
        return stack.ops();
    }

    /**
     * The sampling step of every axis; a copy. Local.
     *
     * @return the sampling step of every axis
     */
    public double[] sampling() {
        return sampling.clone();
    }

    /**
     * Whether the centered stencils use edge formulas. Local.
     *
     * @return whether the centered stencils use edge formulas
     */
    public boolean edge() {
        return edge;
    }

    /**
     * The scheme. Local.
     *
     * @return the scheme
     */
    public DerivativeKind kind() {
        return kind;
    }

    /**
     * {@code y_k = D1_k x} for every axis. Collective.
     *
     * @param x (Input) a 1-d array of {@link #cols()} entries, SCATTER or BROADCAST; not modified
     * @return a stack of {@code ndim} components
     * @throws IllegalArgumentException on every rank when {@code x} is stacked or does not fit
     */
    @Override
    protected DistributedVector doMatvec(DistributedVector x) {
        DistributedArray a = OperandChecks.requireVector("x", x, cols());
        DistributedArray rows = RowStencil.withMask(OperandChecks.resplit("x", a, counts, true), null);
        StackedDistributedArray y = (StackedDistributedArray) stack.matvec(rows);
        if (a.mask() == null) {
            return y;
        }
        List<DistributedVector> parts = new ArrayList<>();
        for (DistributedVector v : y.arrays()) {
            parts.add(RowStencil.withMask((DistributedArray) v, a.mask()));
        }
        return new StackedDistributedArray(parts);
    }

    /**
     * {@code x = sum_k D1_k^T y_k}. Collective.
     *
     * @param y (Input) a stack of {@code ndim} 1-d components of {@code prod(dims)} entries each; not modified
     * @throws IllegalArgumentException on every rank when {@code y} does not fit
     */
    @Override
    protected DistributedVector doRmatvec(DistributedVector y) {
        if (!(y instanceof StackedDistributedArray s)) {
            throw new IllegalArgumentException("y: expected a StackedDistributedArray of " + dims().length
                    + " components, got a DistributedArray");
        }
        List<DistributedVector> parts = new ArrayList<>();
        int[] mask = null;
        for (int i = 0; i < s.narrays(); i++) {
            DistributedVector v = s.get(i);
            if (v instanceof DistributedArray d) {
                if (i == 0) {
                    mask = d.mask();
                }
                parts.add(RowStencil.withMask(d, null));
            } else {
                parts.add(v);
            }
        }
        DistributedVector x = stack.rmatvec(new StackedDistributedArray(parts));
        return mask == null ? x : RowStencil.withMask((DistributedArray) x, mask);
    }

    /**
     * A builder with PyLops-MPI's defaults (unit sampling on every axis, centered, no edge formulas,
     * float64): {@code MPIGradient.builder(dims).sampling(0.5, 2).kind(FORWARD).build(comm)}. One
     * sampling step stands for every axis. Local.
     *
     * @param dims (Input) the n-d model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of an {@link MPIGradient} by name; {@link #build(Communicator)} makes it. */
    public static final class Builder extends DerivativeBuilder<Builder> {
        private Builder(long[] dims) {
            super(dims);
        }

        /**
         * The operator. Collective, as the constructor.
         *
         * @param comm the communicator
         * @return the operator
         * @throws IllegalArgumentException on every rank when an option is invalid on any rank or
         *                                  differs between ranks
         */
        public MPIGradient build(Communicator comm) {
            long[] dims = optionDims();
            return new MPIGradient(dims, optionSteps(dims == null ? 0 : dims.length), optionEdge(), optionKind(), comm,
                    optionDtype());
        }
    }
}
