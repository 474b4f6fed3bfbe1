package org.jlops.mpi.ops.basic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.serial.Laplacian;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.LaplacianBuilder;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.internal.RowStencil;

/**
 * The Laplacian of an n-d array distributed in row slabs along axis 0 (PyLops-MPI's
 * {@code MPILaplacian}): a weighted sum of second derivatives, accumulated in one
 * output array,
 *
 * <pre>
 *     L = sum_j weights[j] D2_j,        y = L x,      x = L^T y = sum_j weights[j] D2_j^T y
 * </pre>
 *
 * <p>where {@code D2_j} is, for {@code axes[j] == 0}, the {@link MPISecondDerivative} along the
 * distribution axis (ghost-row exchange), and for any other axis the serial
 * {@link SecondDerivative} along that axis on each rank's row slab (no communication). Each weight
 * is folded into its stencil's coefficients, so a product is one pass per term over the data (one
 * pass in all for the 2-d Laplacian, whose two terms share one kernel call) and allocates nothing
 * but its result (nothing at all with {@link #matvec(DistributedVector, DistributedVector)}).
 * {@code dims = dimsd = dims}.
 *
 * <p><b>Partitions.</b> Input: 1-d SCATTER of any split of {@code prod(dims)} entries, or
 * BROADCAST; it is re-split once to row slabs and shared by every term. Output: 1-d SCATTER,
 * row-balanced ({@link #rowCounts()} rows of {@code dims[0]} per rank), with the input's mask.
 * Communication per product: that re-split (none when the split matches), the axis-0 terms' ghost
 * exchanges, nothing else. dtypes as for {@link MPIFirstDerivative}.
 *
 * <p><b>Differences from PyLops-MPI</b>: every term runs on the operator's communicator
 * (PyLops-MPI builds the axis-0 term on {@code COMM_WORLD} whatever {@code base_comm} is); the
 * input is re-split once for all terms, and BROADCAST input is accepted; the weights scale the
 * stencils (no scaling pass, no temporary per term); masked inputs work (PyLops-MPI's sum of terms with different masks fails);
 * arguments are enums and are agreed on by every rank; and the differences of
 * {@link MPIFirstDerivative} (any rank count, one exchange per axis-0 term and product, complex
 * input kept complex).
 */
public final class MPILaplacian extends MPILinearOperator {

    /** The axis-0 terms (weights folded into the stencils), applied with ghost rows. */
    private final RowStencil[] rowTerms;
    /** The other terms on this rank's row slab (weights folded in), or null when there are none. */
    private final Laplacian localTerms;
    /**
     * With one axis-0 term and one last-axis term (the 2-d Laplacian): the last-axis stencil
     * (weight folded in, as {@link #localTerms} has it) and its transpose, applied in the same
     * kernel call as the axis-0 term; null otherwise.
     */
    private final Stencil lastForward;
    private final Stencil lastAdjoint;
    private final long[] counts;
    private final long[] rowCounts;
    private final int[] axes;
    private final double[] weights;
    private final double[] sampling;
    private final boolean edge;
    private final DerivativeKind kind;

    /**
     * The Laplacian over the two last axes with unit weights and sampling, centered, no edge
     * formulas, float64 (PyLops-MPI's defaults). Collective.
     *
     * @param dims (Input) the model shape, at least two dimensions; copied
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank when any rank's arguments are invalid
     */
    public MPILaplacian(long[] dims, Communicator comm) {
        this(dims, new int[] {-2, -1}, new double[] {1, 1}, new double[] {1, 1}, false, DerivativeKind.CENTERED, comm,
                DType.FLOAT64);
    }

    /**
     * A Laplacian. Collective: one allreduce agrees on every rank's checks and on the arguments
     * being the same everywhere, then the terms are built (each collective).
     *
     * @param dims     (Input) the model shape, the same on every rank; copied
     * @param axes     (Input) the axes of the terms, each in {@code [-ndim, ndim)}; copied
     * @param weights  (Input) one finite weight per axis; copied
     * @param sampling (Input) one sampling step per axis, finite and non-zero; copied
     * @param edge     edge formulas of the centered second derivatives
     * @param kind     the scheme of every term
     * @param comm     the communicator of every term
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException on every rank, naming the argument, when it is invalid on any
     *                                  rank or differs between ranks ("axes, weights, sampling: have
     *                                  different sizes ..." for lists of different lengths); on this
     *                                  rank only when {@code comm} is null
     */
    public MPILaplacian(long[] dims, int[] axes, double[] weights, double[] sampling, boolean edge,
            DerivativeKind kind, Communicator comm, DType dtype) {
        this(checked(dims, axes, weights, sampling, edge, kind, comm, dtype), weights, sampling, edge, kind, comm,
                dtype);
    }

    private MPILaplacian(Checked c, double[] weights, double[] sampling, boolean edge, DerivativeKind kind,
            Communicator comm, DType dtype) {
        super(c.dims, c.dims, dtype, comm);
        this.axes = c.axes;
        this.weights = weights.clone();
        this.sampling = sampling.clone();
        this.edge = edge;
        this.kind = kind;
        this.rowCounts = new long[comm.size()];
        this.counts = OperandChecks.rowCounts(c.dims, comm.size());
        long[][] shapes = OperandChecks.rowShapes(c.dims, comm.size());
        for (int r = 0; r < shapes.length; r++) {
            rowCounts[r] = shapes[r][0];
        }
        long[] localDims = shapes[comm.rank()];
        List<RowStencil> rows = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int j = 0; j < axes.length; j++) {
            if (c.axes[j] == 0) {
                Stencil d2 = SecondDerivative.stencil(c.dims[0], sampling[j], kind, edge);
                rows.add(new RowStencil(c.dims, weights[j] == 1.0 ? d2 : d2.scaled(weights[j]), comm.size()));
            } else {
                others.add(j);
            }
        }
        this.rowTerms = rows.toArray(new RowStencil[0]);
        int last = c.dims.length - 1;
        if (rowTerms.length == 1 && others.size() == 1 && last > 0 && c.axes[others.get(0)] == last) {
            int j = others.get(0);
            this.lastForward = SecondDerivative.stencil(c.dims[last], sampling[j], kind, edge).scaled(weights[j]);
            this.lastAdjoint = lastForward.transpose();
        } else {
            this.lastForward = null;
            this.lastAdjoint = null;
        }
        this.localTerms = others.isEmpty() ? null
                : new Laplacian(localDims, others.stream().mapToInt(j -> c.axes[j]).toArray(),
                        others.stream().mapToDouble(j -> weights[j]).toArray(),
                        others.stream().mapToDouble(j -> sampling[j]).toArray(), edge, kind, dtype);
    }

    private record Checked(long[] dims, int[] axes) {
    }

    private static Checked checked(long[] dims, int[] axes, double[] weights, double[] sampling, boolean edge,
            DerivativeKind kind, Communicator comm, DType dtype) {
        return Consensus.on(comm).same("dims", dims).same("axes", axes).same("weights", weights)
                .same("sampling", sampling).same("edge", edge).same("kind", kind).same("dtype", dtype).check(() -> {
                    long[] d = RowStencil.checkDims(dims);
                    if (axes == null || weights == null || sampling == null) {
                        throw new IllegalArgumentException((axes == null ? "axes" : weights == null ? "weights"
                                : "sampling") + ": must not be null");
                    }
                    if (axes.length != weights.length || axes.length != sampling.length) {
                        throw new IllegalArgumentException("axes, weights, sampling: have different sizes ("
                                + axes.length + ", " + weights.length + ", " + sampling.length
                                + "), expected one weight and one sampling per axis");
                    }
                    if (axes.length == 0) {
                        throw new IllegalArgumentException("axes: empty, expected at least one axis");
                    }
                    if (dtype == null) {
                        throw new IllegalArgumentException("dtype: must not be null");
                    }
                    int[] ax = new int[axes.length];
                    for (int j = 0; j < axes.length; j++) {
                        ax[j] = RowStencil.normaliseAxis("axes", axes[j], d.length);
                        if (!Double.isFinite(weights[j])) {
                            throw new IllegalArgumentException("weights: " + weights[j] + " at index " + j
                                    + ", expected finite");
                        }
                        SecondDerivative.stencil(d[ax[j]], sampling[j], kind, edge); // checks sampling, kind, length
                    }
                    return new Checked(d, ax);
                });
    }

    /**
     * The axes of the terms, normalised to {@code [0, ndim)}; a copy. Local.
     *
     * @return the axes of the terms, normalised to {@code [0, ndim)}
     */
    public int[] axes() {
        return axes.clone();
    }

    /**
     * The weights of the terms; a copy. Local.
     *
     * @return the weights of the terms
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * The sampling steps of the terms; a copy. Local.
     *
     * @return the sampling steps of the terms
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
     * The scheme of every term. Local.
     *
     * @return the scheme of every term
     */
    public DerivativeKind kind() {
        return kind;
    }

    /**
     * Rows of {@code dims[0]} per rank in the outputs (the balanced axis-0 split); a copy. Local.
     *
     * @return rows of {@code dims[0]} per rank in the outputs (the balanced axis-0 split)
     */
    public long[] rowCounts() {
        return rowCounts.clone();
    }

    /**
     * {@code y = L x}. Collective.
     *
     * @param x (Input) checked by {@link #matvec(DistributedVector)}; not modified
     */
    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return apply("x", x, false);
    }

    /**
     * {@code x = L^T y}. Collective.
     *
     * @param y (Input) checked by {@link #rmatvec(DistributedVector)}; not modified
     */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return apply("y", y, true);
    }

    /** {@code out = L x} without allocating the result. Collective. */
    @Override
    protected DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return apply("x", x, false, out);
    }

    /** {@code out = L^T y} without allocating the result. Collective. */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return apply("y", y, true, out);
    }

    private DistributedArray apply(String what, DistributedArray x, boolean adjoint) {
        return apply(what, x, adjoint, null);
    }

    /**
     * {@code sum_j w_j D2_j x} in one output. With one axis-0 and one last-axis term (the 2-d
     * Laplacian) both are one kernel call over the row slab and its ghost rows
     * ({@link org.jlops.mpi.engine.StencilKernels#applyRowsAndLast}: one pass over memory, about
     * twice the speed of two passes). Otherwise the axis-0 terms come first (each with its ghost
     * rows), then the other axes' terms are added on this rank's row slab. Either way the values
     * are the same, bit for bit.
     */
    private DistributedArray apply(String what, DistributedArray x, boolean adjoint, DistributedArray result) {
        OperandChecks.requirePartition(what, x, Partition.SCATTER, Partition.BROADCAST);
        DType dt = RowStencil.workType(dtype(), x.dtype());
        if (result != null) {
            OperandChecks.requireLayout("out", result, dt, Partition.SCATTER, counts, x.mask());
        }
        DistributedArray rows = OperandChecks.resplit(what, x, counts, true).astype(dt, false);
        // a new output is left uninitialised: the first term (or the fused pair) overwrites all of its rows
        DistributedArray out = result != null ? result
                : OperandChecks.newScatter1dUninitialized(rows, counts, x.mask(), dt);
        if (lastForward != null) {
            RowStencil term = rowTerms[0];
            RowStencil.Input in = term.prepare(what, rows, adjoint, dt);
            term.computeWithLast(in, out, adjoint ? lastAdjoint : lastForward);
            term.release(in);
            return out;
        }
        for (int t = 0; t < rowTerms.length; t++) {
            rowTerms[t].apply(what, rows, adjoint, dtype(), out, t > 0);
        }
        if (localTerms != null) {
            localTerms.apply(rows.localBuffer(), 0, out.localBuffer(), 0, adjoint, rowTerms.length > 0);
        }
        return out;
    }

    /**
     * A builder with PyLops-MPI's defaults (the two last axes, unit weights and sampling, centered,
     * no edge formulas, float64): {@code MPILaplacian.builder(dims).weights(3, 1).build(comm)}. One
     * sampling step stands for every axis. Local.
     *
     * @param dims (Input) the n-d model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of an {@link MPILaplacian} by name; {@link #build(Communicator)} makes it. */
    public static final class Builder extends LaplacianBuilder<Builder> {
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
        public MPILaplacian build(Communicator comm) {
            return new MPILaplacian(optionDims(), optionAxes(), optionWeights(), optionAxisSteps(), optionEdge(),
                    optionKind(), comm, optionDtype());
        }
    }
}
