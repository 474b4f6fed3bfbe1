package org.jlops.mpi.ops.basic;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.DerivativeBuilder;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.internal.RowStencil;

/**
 * Second derivative along axis 0 — the distribution axis — of an n-d array (PyLops-MPI's
 * {@code MPISecondDerivative}). {@code dims = dimsd = dims}; with {@code n = dims[0]},
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
public final class MPISecondDerivative extends RowStencilOperator {


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
        super(stencil, sampling, kind, edge, comm, dtype);
    }

    private static RowStencil agree(long[] dims, double sampling, DerivativeKind kind, boolean edge,
            Communicator comm, DType dtype) {
        return Consensus.on(comm).same("dims", dims).same("sampling", sampling).same("kind", kind).same("edge", edge)
                .same("dtype", dtype).check(() -> {
                    long[] d = RowStencil.checkDims(dims);
                    if (dtype == null) {
                        throw new IllegalArgumentException("dtype: must not be null");
                    }
                    return new RowStencil(d, SecondDerivative.stencil(d[0], sampling, kind, edge), comm.size());
                });
    }

    /**
     * A builder with PyLops-MPI's defaults (centered, unit sampling, no edge formulas, float64):
     * {@code MPISecondDerivative.builder(dims).sampling(0.5).edge(true).build(comm)}. Local.
     *
     * @param dims (Input) the n-d model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of an {@link MPISecondDerivative} by name; {@link #build(Communicator)} makes it. */
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
        public MPISecondDerivative build(Communicator comm) {
            return new MPISecondDerivative(optionDims(), optionStep(), optionKind(), optionEdge(), comm, optionDtype());
        }
    }
}
