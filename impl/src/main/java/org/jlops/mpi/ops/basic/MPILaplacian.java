package org.jlops.mpi.ops.basic;

import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.Rebalance;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.stack.MPIBlockDiag;

/**
 * The Laplacian of an n-d array distributed in row slabs along axis 0 (PyLops-MPI's
 * {@code MPILaplacian}, SPEC §5.10): a weighted sum of second derivatives, built with the operator
 * algebra,
 *
 * <pre>
 *     L = sum_j weights[j] D2_j,        y = L x,      x = L^T y = sum_j weights[j] D2_j^T y
 * </pre>
 *
 * <p>where {@code D2_j} is, for {@code axes[j] == 0}, the {@link MPISecondDerivative} along the
 * distribution axis (ghost-row exchange), and for any other axis an {@link MPIBlockDiag} of the
 * serial {@link SecondDerivative} along that axis on each rank's row slab (no communication).
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
 * input is re-split once for all terms, and BROADCAST input is accepted; a weight of 1 adds no
 * scaling pass; masked inputs work (PyLops-MPI's sum of terms with different masks fails);
 * arguments are enums and are agreed on by every rank; and the differences of
 * {@link MPIFirstDerivative} (any rank count, one exchange per axis-0 term and product, complex
 * input kept complex).
 */
public final class MPILaplacian extends MPILinearOperator {

    private final MPILinearOperator sum;
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
        this.counts = Rebalance.rowCounts(c.dims, comm.size());
        long[][] shapes = Rebalance.rowShapes(c.dims, comm.size());
        for (int r = 0; r < shapes.length; r++) {
            rowCounts[r] = shapes[r][0];
        }
        long[] localDims = shapes[comm.rank()];
        MPILinearOperator l = null;
        for (int j = 0; j < axes.length; j++) {
            MPILinearOperator term = c.axes[j] == 0
                    ? new MPISecondDerivative(c.dims, sampling[j], kind, edge, comm, dtype)
                    : new MPIBlockDiag(List.of(new SecondDerivative(localDims, c.axes[j], sampling[j], kind, edge,
                            dtype)), comm, null, dtype);
            MPILinearOperator weighted = weights[j] == 1.0 ? term : term.times(weights[j]);
            l = l == null ? weighted : l.plus(weighted);
        }
        this.sum = l;
    }

    private record Checked(long[] dims, int[] axes) {
    }

    private static Checked checked(long[] dims, int[] axes, double[] weights, double[] sampling, boolean edge,
            DerivativeKind kind, Communicator comm, DType dtype) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        String error = null;
        Checked c = null;
        try {
            long[] d = RowStencil.checkDims(dims);
            if (axes == null || weights == null || sampling == null) {
                throw new IllegalArgumentException((axes == null ? "axes" : weights == null ? "weights" : "sampling")
                        + ": must not be null");
            }
            if (axes.length != weights.length || axes.length != sampling.length) {
                throw new IllegalArgumentException("axes, weights, sampling: have different sizes (" + axes.length
                        + ", " + weights.length + ", " + sampling.length
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
                    throw new IllegalArgumentException("weights: " + weights[j] + " at index " + j + ", expected finite");
                }
                SecondDerivative.stencil(d[ax[j]], sampling[j], kind, edge); // checks sampling, kind, edge length
            }
            c = new Checked(d, ax);
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        long[] axesL = axes == null ? null : Arrays.stream(axes).asLongStream().toArray();
        CollectiveChecks.agreeSame(comm, error,
                new String[] {"dims", "axes", "weights", "sampling", "edge", "kind", "dtype"},
                new long[][] {dims, axesL, RowStencil.bits(weights), RowStencil.bits(sampling), {edge ? 1 : 0},
                    {kind == null ? -1 : kind.ordinal()}, {dtype == null ? -1 : dtype.ordinal()}});
        return c;
    }

    /** The axes of the terms, normalised to {@code [0, ndim)}; a copy. Local. */
    public int[] axes() {
        return axes.clone();
    }

    /** The weights of the terms; a copy. Local. */
    public double[] weights() {
        return weights.clone();
    }

    /** The sampling steps of the terms; a copy. Local. */
    public double[] sampling() {
        return sampling.clone();
    }

    /** Whether the centered stencils use edge formulas. Local. */
    public boolean edge() {
        return edge;
    }

    /** The scheme of every term. Local. */
    public DerivativeKind kind() {
        return kind;
    }

    /** Rows of {@code dims[0]} per rank in the outputs (the balanced axis-0 split); a copy. Local. */
    public long[] rowCounts() {
        return rowCounts.clone();
    }

    /**
     * {@code y = L x}. Collective.
     *
     * @param x (Input) checked by {@link #matvec(DistributedArray)}; not modified
     */
    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return apply("x", x, false);
    }

    /**
     * {@code x = L^T y}. Collective.
     *
     * @param y (Input) checked by {@link #rmatvec(DistributedArray)}; not modified
     */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return apply("y", y, true);
    }

    private DistributedArray apply(String what, DistributedArray x, boolean adjoint) {
        DistributedArray rows = RowStencil.withMask(Rebalance.toCounts(what, x, counts, true), null);
        DistributedArray out = adjoint ? sum.rmatvec(rows) : sum.matvec(rows);
        return RowStencil.withMask(out, x.mask());
    }
}
