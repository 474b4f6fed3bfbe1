package org.jlops.mpi.ops.stack;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.OperandChecks;

/**
 * Block-diagonal operator over all ranks' serial operators (PyLops-MPI's {@code MPIBlockDiag}).
 * Rank r supplies its own ops {@code A_{r,0}, ..., A_{r,k_r-1}} (possibly none); the
 * global operator is
 *
 * <pre>
 *     | A_{0,0}                          |
 * A = |        ...                       |      y = A x,   x = A^H y blockwise:
 *     |            A_{1,0}               |      y_{r,i} = A_{r,i} x_{r,i},   x_{r,i} = A_{r,i}^H y_{r,i}
 *     |                   ...            |
 *     |                       A_{P-1,*}  |
 * </pre>
 *
 * <p>in rank order, and list order within a rank. Rank r owns {@code m_r = sum_i cols(A_{r,i})}
 * model entries and {@code n_r = sum_i rows(A_{r,i})} data entries.
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@link #matvec(DistributedVector) matvec}</td><td>SCATTER, any split of the {@link #cols()}
 *     entries (re-split to {@code m_r} per rank, no data moves when it already has that split)</td>
 *     <td>SCATTER, {@code n_r} entries on rank r, this operator's {@link #mask()}</td></tr>
 * <tr><td>{@link #rmatvec(DistributedVector) rmatvec}</td><td>SCATTER, any split of the
 *     {@link #rows()} entries (re-split to {@code n_r})</td><td>SCATTER, {@code m_r} entries on
 *     rank r, this operator's mask</td></tr>
 * </table>
 *
 * <p>Each op is applied directly to its slice of the local buffers. Communication: the shape
 * gathers at construction (collective), and per product only the re-split of the input (one
 * {@code alltoallv}, none when the split already matches). Outputs have the operator's dtype and
 * an input of another precision is converted to it first, except that a complex input to a real
 * operator gives a complex output of the operator's precision: the ops are applied to its real and
 * imaginary parts, so that the product stays linear over complex numbers (PyLops-MPI drops the
 * imaginary part with a warning).
 *
 * <p>Differences from PyLops-MPI: construction checks are agreed collectively (bad input on one
 * rank fails on every rank); the dtype is the common type of every rank's ops (PyLops-MPI takes
 * each rank's own); an explicit real dtype with complex ops is rejected (PyLops-MPI drops the
 * imaginary parts); the re-split accepts any input split (PyLops-MPI exchanges with neighbours
 * only); ops of another dtype than the operator's compute in their own dtype, a real op on
 * complex data is applied to the real and imaginary parts.
 */
public final class MPIBlockDiag extends MPILinearOperator {

    private final Blocks blocks;
    private final int[] mask;

    /**
     * A block-diagonal operator without mask, of the common dtype of all ops. Collective.
     *
     * @param ops  (Input) this rank's serial operators, possibly empty; the list is copied, the ops
     *             are kept by reference (they must not change afterwards)
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank when any rank's arguments are invalid
     */
    public MPIBlockDiag(List<? extends LocalOperator> ops, Communicator comm) {
        this(ops, comm, null, null);
    }

    /**
     * A block-diagonal operator. Collective: one allreduce agrees on every rank's checks, one
     * allgather collects the ranks' row and column counts.
     *
     * @param ops   (Input) this rank's serial operators, possibly empty; the list is copied, the ops
     *              are kept by reference (they must not change afterwards)
     * @param comm  the communicator
     * @param mask  (Input) the mask given to outputs (one non-negative colour per rank, the same
     *              on every rank), or null; copied
     * @param dtype the operator's dtype, the same on every rank, or null for the common type of all
     *              ranks' ops (FLOAT64 when there are none); a real dtype needs real ops
     * @throws IllegalArgumentException on every rank, naming the argument, when an op is null,
     *                                  the mask is invalid, the dtype or mask differ between ranks,
     *                                  or a real dtype is given with complex ops
     */
    public MPIBlockDiag(List<? extends LocalOperator> ops, Communicator comm, int[] mask, DType dtype) {
        this(Blocks.gather("MPIBlockDiag", ops, comm, mask, dtype, Blocks.Require.NONE), comm, mask);
    }

    private MPIBlockDiag(Blocks blocks, Communicator comm, int[] mask) {
        super(blocks.totalRows(), blocks.totalCols(), null, null, blocks.dtype, comm);
        this.blocks = blocks;
        this.mask = mask == null ? null : mask.clone();
    }

    /**
     * This rank's serial operators, in order (unmodifiable). Local.
     *
     * @return this rank's serial operators, in order (unmodifiable)
     */
    public List<LocalOperator> localOps() {
        return blocks.ops;
    }

    /**
     * The mask of the outputs, or null; a copy. Local.
     *
     * @return the mask of the outputs, or null
     */
    public int[] mask() {
        return mask == null ? null : mask.clone();
    }

    /**
     * The rows of each rank's ops, by rank: the local sizes of {@code matvec}'s output. A copy. Local.
     *
     * @return the rows of each rank's ops, by rank: the local sizes of {@code matvec}'s output
     */
    public long[] rowCounts() {
        return blocks.rowCounts.clone();
    }

    /**
     * The columns of each rank's ops, by rank: the local sizes of {@code rmatvec}'s output. A copy. Local.
     *
     * @return the columns of each rank's ops, by rank: the local sizes of {@code rmatvec}'s output
     */
    public long[] colCounts() {
        return blocks.colCounts.clone();
    }

    /**
     * On the engines every block of this rank runs on ({@link LocalOperator#runsOn}); agreed over
     * the ranks in the operand check, so a block that cannot run on an array's engine fails on
     * every rank alike.
     *
     * @param engine the engine of an operand
     * @return whether every local block runs there
     */
    @Override
    protected boolean runsOn(Engine engine) {
        return blocks.runsOn(engine);
    }

    /** The block that does not run on {@code engine}, e.g. {@code "MPIBlockDiag's block Flip(...)"}. */
    @Override
    protected String hostOnlyPart(Engine engine) {
        LocalOperator op = blocks.hostOnly(engine);
        return op == null ? getClass().getSimpleName() : getClass().getSimpleName() + "'s block " + op;
    }

    /** The sum of this rank's blocks' counts, or {@code -1} when a block does not know its own. */
    @Override
    protected long localFlops(boolean adjoint) {
        return blocks.flops(adjoint);
    }

    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return apply("x", x, false);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return apply("y", y, true);
    }

    /** {@code out = A x} without allocating the result. Collective. */
    @Override
    protected DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return apply("x", x, false, out);
    }

    /** {@code out = A^H y} without allocating the result. Collective. */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return apply("y", y, true, out);
    }

    private DistributedArray apply(String what, DistributedArray x, boolean adjoint) {
        return apply(what, x, adjoint, null);
    }

    private DistributedArray apply(String what, DistributedArray x, boolean adjoint, DistributedArray result) {
        Blocks.requireSize(what, x, communicator());
        long[] inCounts = adjoint ? blocks.rowCounts : blocks.colCounts;
        long[] outCounts = adjoint ? blocks.colCounts : blocks.rowCounts;
        long[] inOff = adjoint ? blocks.rowOffsets : blocks.colOffsets;
        long[] outOff = adjoint ? blocks.colOffsets : blocks.rowOffsets;
        DType dt = blocks.workType(x.dtype());
        if (result != null) {
            OperandChecks.requireLayout("out", result, dt, Partition.SCATTER, outCounts, mask);
        }
        DistributedArray in = OperandChecks.resplit(what, x, inCounts, false).astype(dt, false);
        DistributedArray out = result != null ? result : OperandChecks.newScatter1d(in, outCounts, mask, dt);
        Buffer src = in.localBuffer();
        Buffer dst = out.localBuffer();
        for (int i = 0; i < blocks.ops.size(); i++) {
            blocks.apply(i, adjoint, dt, in.engine(), src, inOff[i], dst, outOff[i]);
        }
        return out;
    }
}
