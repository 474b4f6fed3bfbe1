package org.jlops.mpi.ops.basic;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.DerivativeBuilder;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.internal.RowStencil;

/**
 * First derivative along axis 0 — the distribution axis — of an n-d array (PyLops-MPI's
 * {@code MPIFirstDerivative}). {@code dims = dimsd = dims}; with {@code n = dims[0]},
 * {@code h = sampling} and every other axis independent, the forward product is that of the serial
 * {@link FirstDerivative} along axis 0:
 *
 * <ul>
 *   <li>forward: {@code y[i] = (x[i+1] - x[i])/h} for {@code i < n-1}, {@code y[n-1] = 0};</li>
 *   <li>backward: {@code y[0] = 0}, {@code y[i] = (x[i] - x[i-1])/h} for {@code i >= 1};</li>
 *   <li>centered order 3: {@code y[i] = 0.5 (x[i+1] - x[i-1])/h} inside, zero (or, with
 *       {@code edge}, one-sided differences) on the first and last rows;</li>
 *   <li>centered order 5: {@code y[i] = (x[i-2]/12 - 2x[i-1]/3 + 2x[i+1]/3 - x[i+2]/12)/h} inside,
 *       zero (or the edge formulas) on the two first and two last rows.</li>
 * </ul>
 *
 * <p>The adjoint {@code x = D^T y} is the exact transpose: the same kernel runs the transposed
 * stencil (coefficients are real, so {@code D^H = D^T} for every dtype).
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@code matvec}, {@code rmatvec}</td>
 *     <td>1-d SCATTER of any split of {@code prod(dims)} entries (re-split to row slabs; nothing
 *     moves when it has that split already), or BROADCAST; UNSAFE_BROADCAST is rejected</td>
 *     <td>1-d SCATTER, row-balanced: rank r holds the rows of the balanced axis-0 split of
 *     {@code dims} ({@link #rowCounts()}), flattened; the input's mask</td></tr>
 * </table>
 *
 * <p><b>Communication</b> per product: the re-split of the input when its split differs (one
 * {@code alltoallv}), then one ghost-row exchange: each rank receives from the ranks below the
 * rows its first output rows reach (front) and from the ranks above those its last rows reach
 * (back) — for centered order 3 one row each side, forward and adjoint; order 5 two rows — with
 * one {@code sendrecv} per neighbour. Sent rows are slices of the local block; the kernel reads
 * the received rows from two small buffers beside the local block (no enlarged copy). BROADCAST
 * input needs no communication.
 *
 * <p><b>Any number of rows per rank.</b> Ranks holding fewer rows than the stencil reaches (one
 * row, or none when there are more ranks than rows) work: the ghost rows then come from ranks
 * further away, in additional rounds of the same exchange, so every rank count gives the serial
 * result.
 *
 * <p><b>dtypes.</b> Outputs have the operator's dtype; an input of another precision is converted
 * first, except that complex input to a real operator gives a complex output of the operator's
 * precision (the stencil acts on the real and imaginary parts).
 *
 * <p><b>Differences from PyLops-MPI</b>:
 * <ol>
 *   <li>Ghost rows are gathered from any rank, so ranks with fewer rows than the stencil needs,
 *       and empty ranks, work; PyLops-MPI asks the two neighbours only and fails (an index error
 *       on some ranks) when a rank holds fewer than 1–4 rows.</li>
 *   <li>One ghost exchange per product, of exactly the rows the stencil reaches: the adjoint runs
 *       the transposed stencil as a gather, where PyLops-MPI scatters and exchanges two (centered
 *       order 3) or four (order 5) times.</li>
 *   <li>BROADCAST input is used in place: each rank computes its rows from its replicated copy,
 *       without re-scattering and without messages.</li>
 *   <li>Complex input to a real-dtype operator keeps its imaginary part (PyLops-MPI's default
 *       float64 truncates it).</li>
 *   <li>Options are enums; construction arguments are checked and agreed on by every rank (the
 *       same {@link IllegalArgumentException} everywhere, also for arguments that differ between
 *       ranks and for an axis too short for the edge formulas), where PyLops-MPI raises
 *       {@code NotImplementedError} for a bad kind or order and index errors later.</li>
 *   <li>Re-splitting of the input reaches any rank (one {@code alltoallv}) instead of neighbours
 *       only.</li>
 * </ol>
 */
public final class MPIFirstDerivative extends RowStencilOperator {

    private final int order;

    /**
     * The centered order-3 first derivative with unit sampling, no edge formulas, float64
     * (PyLops-MPI's defaults). Collective.
     *
     * @param dims (Input) the n-d model shape; copied
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank when any rank's arguments are invalid
     */
    public MPIFirstDerivative(long[] dims, Communicator comm) {
        this(dims, 1.0, DerivativeKind.CENTERED, false, 3, comm, DType.FLOAT64);
    }

    /**
     * A first derivative along axis 0. Collective: one allreduce agrees on every rank's checks and
     * on the arguments being the same on every rank.
     *
     * @param dims     (Input) the n-d model shape (at least one dimension), the same on every rank; copied
     * @param sampling the sampling step along axis 0, finite and non-zero
     * @param kind     the scheme
     * @param edge     edge formulas of the centered stencil (ignored for forward and backward)
     * @param order    3 or 5 for centered (ignored for forward and backward)
     * @param comm     the communicator
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException on every rank, naming the argument, when it is invalid on
     *                                  any rank (also when {@code dims[0]} is too short for the
     *                                  edge formulas: 2 rows for order 3, 3 for order 5) or
     *                                  differs between ranks; on this rank only when
     *                                  {@code comm} is null
     */
    public MPIFirstDerivative(long[] dims, double sampling, DerivativeKind kind, boolean edge, int order,
            Communicator comm, DType dtype) {
        this(agree(dims, sampling, kind, edge, order, comm, dtype), sampling, kind, edge, order, comm, dtype);
    }

    private MPIFirstDerivative(RowStencil stencil, double sampling, DerivativeKind kind, boolean edge, int order,
            Communicator comm, DType dtype) {
        super(stencil, sampling, kind, edge, comm, dtype);
        this.order = order;
    }

    private static RowStencil agree(long[] dims, double sampling, DerivativeKind kind, boolean edge, int order,
            Communicator comm, DType dtype) {
        return Consensus.on(comm).same("dims", dims).same("sampling", sampling).same("kind", kind).same("edge", edge)
                .same("order", order).same("dtype", dtype).check(() -> {
                    long[] d = RowStencil.checkDims(dims);
                    if (dtype == null) {
                        throw new IllegalArgumentException("dtype: must not be null");
                    }
                    return new RowStencil(d, FirstDerivative.stencil(d[0], sampling, kind, edge, order), comm.size());
                });
    }

    /**
     * A builder with PyLops-MPI's defaults (centered, order 3, unit sampling, no edge formulas,
     * float64), for the options by name:
     * {@code MPIFirstDerivative.builder(dims).kind(CENTERED).order(5).edge(true).build(comm)}. Local.
     *
     * @param dims (Input) the n-d model shape; copied when the operator is built
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of an {@link MPIFirstDerivative} by name; {@link #build(Communicator)} makes it. */
    public static final class Builder extends DerivativeBuilder<Builder> {
        private int order = 3;

        private Builder(long[] dims) {
            super(dims);
        }

        /**
         * The order of the centered stencil (default 3).
         *
         * @param order 3 or 5
         * @return this builder
         */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /**
         * The operator. Collective, as the constructor.
         *
         * @param comm the communicator
         * @return the operator
         * @throws IllegalArgumentException on every rank when an option is invalid on any rank or
         *                                  differs between ranks
         */
        public MPIFirstDerivative build(Communicator comm) {
            return new MPIFirstDerivative(optionDims(), optionStep(), optionKind(), optionEdge(), order, comm,
                    optionDtype());
        }
    }

    /**
     * The order of the centered stencil. Local.
     *
     * @return the order of the centered stencil
     */
    public int order() {
        return order;
    }
}
