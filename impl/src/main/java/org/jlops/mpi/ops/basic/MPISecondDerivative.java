package org.jlops.mpi.ops.basic;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.internal.RowStencil;

/**
 * Second derivative along axis 0 — the distribution axis — of an n-d array (PyLops-MPI's
 * {@code MPISecondDerivative}, SPEC §5.9). {@code dims = dimsd = dims}; with {@code n = dims[0]},
 * {@code h = sampling}, every row divided by {@code h^2} and every other axis independent:
 *
 * <ul>
 *   <li>forward: {@code y[i] = x[i+2] - 2x[i+1] + x[i]} for {@code i <= n-3}, the last two rows zero;</li>
 *   <li>backward: the first two rows zero, {@code y[i] = x[i] - 2x[i-1] + x[i-2]} for {@code i >= 2};</li>
 *   <li>centered: {@code y[i] = x[i+1] - 2x[i] + x[i-1]} for {@code 1 <= i <= n-2}, the first and
 *       last rows zero, or with {@code edge} {@code y[0] = x[0] - 2x[1] + x[2]} and
 *       {@code y[n-1] = x[n-3] - 2x[n-2] + x[n-1]}.</li>
 * </ul>
 *
 * <p>The adjoint {@code x = D^T y} is the exact transpose (the kernel runs the transposed stencil;
 * {@code D^H = D^T} for every dtype). Partitions, communication, dtypes and the handling of ranks
 * with few or no rows are those of {@link MPIFirstDerivative}: input 1-d SCATTER of any split or
 * BROADCAST (UNSAFE_BROADCAST rejected), output 1-d SCATTER row-balanced with the input's mask;
 * per product at most one re-split and one ghost-row exchange (forward kind: two rows from the
 * ranks above; backward: two from below; centered: one each side — the adjoint mirrors them).
 *
 * <p><b>Differences from PyLops-MPI</b>: those of {@link MPIFirstDerivative} (ghost rows from any
 * rank, so any rank count works; one exchange per product where PyLops-MPI's adjoint exchanges two
 * or three times; BROADCAST input used in place; complex input to a real operator keeps its
 * imaginary part; enum options and collective argument checks, an axis of fewer than 3 rows with
 * centered edge formulas rejected on every rank; re-splitting reaches any rank).
 */
public final class MPISecondDerivative extends MPILinearOperator {

    private final RowStencil stencil;
    private final double sampling;
    private final DerivativeKind kind;
    private final boolean edge;

    /**
     * The centered second derivative with unit sampling, no edge formulas, float64 (PyLops-MPI's
     * defaults). Collective.
     *
     * @param dims (Input) the n-d model shape; copied
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank when any rank's arguments are invalid
     */
    public MPISecondDerivative(long[] dims, Communicator comm) {
        this(dims, 1.0, DerivativeKind.CENTERED, false, comm, DType.FLOAT64);
    }

    /**
     * A second derivative along axis 0. Collective: one allreduce agrees on every rank's checks and
     * on the arguments being the same on every rank.
     *
     * @param dims     (Input) the n-d model shape (at least one dimension), the same on every rank; copied
     * @param sampling the sampling step along axis 0, finite and non-zero
     * @param kind     the scheme
     * @param edge     edge formulas of the centered stencil (ignored for forward and backward)
     * @param comm     the communicator
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException on every rank, naming the argument, when it is invalid on
     *                                  any rank (also {@code dims[0] < 3} with centered edge
     *                                  formulas) or differs between ranks; on this rank only when
     *                                  {@code comm} is null
     */
    public MPISecondDerivative(long[] dims, double sampling, DerivativeKind kind, boolean edge, Communicator comm,
            DType dtype) {
        this(agree(dims, sampling, kind, edge, comm, dtype), sampling, kind, edge, comm, dtype);
    }

    private MPISecondDerivative(RowStencil stencil, double sampling, DerivativeKind kind, boolean edge,
            Communicator comm, DType dtype) {
        super(stencil.dims, stencil.dims, dtype, comm);
        this.stencil = stencil;
        this.sampling = sampling;
        this.kind = kind;
        this.edge = edge;
    }

    private static RowStencil agree(long[] dims, double sampling, DerivativeKind kind, boolean edge,
            Communicator comm, DType dtype) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        String error = null;
        RowStencil s = null;
        try {
            long[] d = RowStencil.checkDims(dims);
            if (dtype == null) {
                throw new IllegalArgumentException("dtype: must not be null");
            }
            Stencil d2 = SecondDerivative.stencil(d[0], sampling, kind, edge);
            s = new RowStencil(d, d2, comm.size());
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        CollectiveChecks.agreeSame(comm, error, new String[] {"dims", "sampling", "kind", "edge", "dtype"},
                new long[][] {dims, RowStencil.bits(sampling), {kind == null ? -1 : kind.ordinal()}, {edge ? 1 : 0},
                    {dtype == null ? -1 : dtype.ordinal()}});
        return s;
    }

    /** The sampling step. Local. */
    public double sampling() {
        return sampling;
    }

    /** The scheme. Local. */
    public DerivativeKind kind() {
        return kind;
    }

    /** Whether the centered stencil uses edge formulas. Local. */
    public boolean edge() {
        return edge;
    }

    /** Rows of {@code dims[0]} per rank in the outputs (the balanced axis-0 split); a copy. Local. */
    public long[] rowCounts() {
        return stencil.rowCounts.clone();
    }

    /**
     * {@code y = D x}. Collective.
     *
     * @param x (Input) checked by {@link #matvec(DistributedArray)}; not modified
     */
    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return stencil.apply("x", x, false, dtype());
    }

    /**
     * {@code x = D^T y}. Collective.
     *
     * @param y (Input) checked by {@link #rmatvec(DistributedArray)}; not modified
     */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return stencil.apply("y", y, true, dtype());
    }

    /** {@code out = D x} without allocating. Collective. */
    @Override
    protected DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return stencil.apply("x", x, false, dtype(), out, false);
    }

    /** {@code out = D^T y} without allocating. Collective. */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return stencil.apply("y", y, true, dtype(), out, false);
    }
}
