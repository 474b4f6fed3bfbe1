package org.jlops.mpi.ops.stack;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.TreeSum;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.OperandChecks;

/**
 * Vertical stack of all ranks' serial operators (PyLops-MPI's {@code MPIVStack}). Rank r
 * supplies ops {@code A_{r,0}, ..., A_{r,k_r-1}} (possibly none), all ops of all ranks with the same
 * number of columns N:
 *
 * <pre>
 *     | A_{0,0}   |
 * A = |   ...     |      y_{r,i} = A_{r,i} x,      x = sum_{r,i} A_{r,i}^H y_{r,i}
 *     | A_{P-1,*} |
 * </pre>
 *
 * <p>in rank order, and list order within a rank. Rank r owns the {@code n_r = sum_i rows(A_{r,i})}
 * data entries of its ops.
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@link #matvec(DistributedVector) matvec}</td><td>BROADCAST or UNSAFE_BROADCAST, N
 *     entries</td><td>SCATTER, {@code n_r} entries on rank r</td></tr>
 * <tr><td>{@link #rmatvec(DistributedVector) rmatvec}</td><td>SCATTER, any split of the
 *     {@link #rows()} entries (re-split to {@code n_r})</td><td>BROADCAST, N entries</td></tr>
 * </table>
 *
 * <p>Communication: the forward product none; the adjoint re-splits its input (one
 * {@code alltoallv}, none when it already has the split {@code n_r}), sums its ops' adjoints
 * locally and adds the ranks' sums with one {@code allreduce}. Output dtypes are those of
 * {@link MPIBlockDiag}: the operator's, or its complex type for a complex input to a real
 * operator.
 *
 * <p>Differences from PyLops-MPI: construction checks are agreed collectively, and the error for
 * different column counts names the ranks (or ops) that differ; a stack without any op on any rank
 * is rejected; the adjoint's BROADCAST output is the allreduce result on every rank (PyLops-MPI
 * re-broadcasts rank 0's copy); see also {@link MPIBlockDiag} on dtypes.
 */
public final class MPIVStack extends MPILinearOperator {

    private final Blocks blocks;

    /**
     * A vertical stack of the common dtype of all ops. Collective.
     *
     * @param ops  (Input) this rank's serial operators, possibly empty; copied, ops kept by reference
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank (see {@link #MPIVStack(List, Communicator, DType)})
     */
    public MPIVStack(List<? extends LocalOperator> ops, Communicator comm) {
        this(ops, comm, null);
    }

    /**
     * A vertical stack. Collective: one allreduce agrees on every rank's checks, one allgather
     * collects the ranks' counts.
     *
     * @param ops   (Input) this rank's serial operators, possibly empty; copied, ops kept by reference
     * @param comm  the communicator
     * @param dtype the operator's dtype, the same on every rank, or null for the common type of all
     *              ops; a real dtype needs real ops
     * @throws IllegalArgumentException on every rank, naming the argument, when an op is null, ops
     *                                  have different numbers of columns ("Operators have different
     *                                  number of columns", naming the ranks or ops), no rank has an
     *                                  op, or the dtype is inconsistent
     */
    public MPIVStack(List<? extends LocalOperator> ops, Communicator comm, DType dtype) {
        this(Blocks.gather("MPIVStack", ops, comm, null, dtype, Blocks.Require.SAME_COLS), comm);
    }

    /** A stack of already gathered ops (used by {@link MPIHStack}); no communication. */
    MPIVStack(Blocks blocks, Communicator comm) {
        super(blocks.totalRows(), blocks.common, null, null, blocks.dtype, comm);
        this.blocks = blocks;
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
     * The rows of each rank's ops, by rank: the local sizes of {@code matvec}'s output. A copy. Local.
     *
     * @return the rows of each rank's ops, by rank: the local sizes of {@code matvec}'s output
     */
    public long[] rowCounts() {
        return blocks.rowCounts.clone();
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
        return forward("x", x);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return adjoint("y", y);
    }

    /** The forward product; {@code what} names the argument in messages. */
    DistributedArray forward(String what, DistributedArray x) {
        OperandChecks.requirePartition(what, x, Partition.BROADCAST, Partition.UNSAFE_BROADCAST);
        Blocks.requireSize(what, x, communicator());
        DType dt = blocks.workType(x.dtype());
        DistributedArray in = x.astype(dt, false);
        DistributedArray out = OperandChecks.newScatter1d(in, blocks.rowCounts, null, dt);
        Buffer src = in.localBuffer();
        Buffer dst = out.localBuffer();
        for (int i = 0; i < blocks.ops.size(); i++) {
            blocks.apply(i, false, dt, in.engine(), src, 0, dst, blocks.rowOffsets[i]);
        }
        return out;
    }

    /** The adjoint product; {@code what} names the argument in messages. */
    DistributedArray adjoint(String what, DistributedArray y) {
        Blocks.requireSize(what, y, communicator());
        if (!y.localBuffer().isHost()) {
            // the same on every rank: the engine is part of the array's agreed layout
            throw new IllegalArgumentException(what + ": the adjoint of "
                    + "a vertical stack (the forward product of MPIHStack) sums the blocks' products with a "
                    + "reproducible tree sum on the host (TreeSum), which has no kernel on engine " + y.engine().name()
                    + " (nothing is copied through the host behind the caller's back): use arrays on Engine.host()");
        }
        DType dt = blocks.workType(y.dtype());
        DistributedArray in = OperandChecks.resplit(what, y, blocks.rowCounts, false).astype(dt, false);
        Communicator comm = in.communicator();
        Engine engine = in.engine();
        DistributedArray out = DistributedArray.builder(comm, cols()).partition(Partition.BROADCAST).dtype(dt)
                .engine(engine).buildLocal();
        Buffer src = in.localBuffer();
        // sum_i A_i^H y_i over the blocks of all ranks, as a tree over the blocks' global order:
        // the same bits whichever rank holds which block (TreeSum)
        int n = Math.toIntExact(cols());
        DType wide = dt.isComplex() ? DType.COMPLEX128 : DType.FLOAT64;
        Buffer tmp = engine.allocate(dt.elementType(), n);
        double[] sum = TreeSum.vector(comm, blocks.firstOp, blocks.ops.size(), blocks.totalOps, n * dt.components(),
                (first, count, blockLength, values, pos) -> {
                    for (int i = 0; i < count; i++) {
                        int op = (int) (first + i);
                        blocks.apply(op, true, dt, engine, src, blocks.rowOffsets[op], tmp, 0);
                        double[] v = (double[]) NdArray.wrap(dt, tmp.hostArray(), n).astype(wide).data();
                        System.arraycopy(v, 0, values, pos + i * v.length, v.length);
                    }
                });
        NdArray result = NdArray.wrap(wide, sum, n).astype(dt);
        engine.copy(Engine.host().wrap(result.data(), dt.elementType()), 0, out.localBuffer(), 0, n);
        return out;
    }
}
