package org.jlops.mpi.ops.stack;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.LocalOperators;

/**
 * Horizontal stack of all ranks' serial operators (PyLops-MPI's {@code MPIHStack}). Rank
 * r supplies ops {@code A_{r,0}, ..., A_{r,k_r-1}} (possibly none), all ops of all ranks with the
 * same number of rows M:
 *
 * <pre>
 * A = | A_{0,0}  ...  A_{P-1,*} |      y = sum_{r,i} A_{r,i} x_{r,i},      x_{r,i} = A_{r,i}^H y
 * </pre>
 *
 * <p>in rank order, and list order within a rank. Rank r owns the {@code m_r = sum_i cols(A_{r,i})}
 * model entries of its ops. The operator is the adjoint of the {@link MPIVStack} of the ops'
 * adjoints, so its partitions are those of a vertical stack, exchanged:
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@link #matvec(DistributedVector) matvec}</td><td>SCATTER, any split of the
 *     {@link #cols()} entries (re-split to {@code m_r})</td><td>BROADCAST, M entries</td></tr>
 * <tr><td>{@link #rmatvec(DistributedVector) rmatvec}</td><td>BROADCAST or UNSAFE_BROADCAST, M
 *     entries</td><td>SCATTER, {@code m_r} entries on rank r</td></tr>
 * </table>
 *
 * <p>Communication: the forward product re-splits its input (none when it already has the split
 * {@code m_r}), sums the ops' products locally and adds the ranks' sums with one
 * {@code allreduce}; the adjoint product communicates nothing. Differences from PyLops-MPI are
 * those of {@link MPIVStack}; the error for different row counts reads "Operators have different
 * number of rows".
 */
public final class MPIHStack extends MPILinearOperator {

    private final MPIVStack adjointStack;

    /**
     * A horizontal stack of the common dtype of all ops. Collective.
     *
     * @param ops  (Input) this rank's serial operators, possibly empty; copied, ops kept by reference
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank (see {@link #MPIHStack(List, Communicator, DType)})
     */
    public MPIHStack(List<? extends LocalOperator> ops, Communicator comm) {
        this(ops, comm, null);
    }

    /**
     * A horizontal stack. Collective: one allreduce agrees on every rank's checks, one allgather
     * collects the ranks' counts.
     *
     * @param ops   (Input) this rank's serial operators, possibly empty; copied, ops kept by reference
     * @param comm  the communicator
     * @param dtype the operator's dtype, the same on every rank, or null for the common type of all
     *              ops; a real dtype needs real ops
     * @throws IllegalArgumentException on every rank, naming the argument, when an op is null, ops
     *                                  have different numbers of rows ("Operators have different
     *                                  number of rows"), no rank has an op, or the dtype is
     *                                  inconsistent
     */
    public MPIHStack(List<? extends LocalOperator> ops, Communicator comm, DType dtype) {
        this(new MPIVStack(Blocks.gather("MPIHStack", ops, comm, null, dtype, Blocks.Require.SAME_ROWS).adjoint(),
                comm));
    }

    private MPIHStack(MPIVStack adjointStack) {
        super(adjointStack.cols(), adjointStack.rows(), adjointStack.dimsd(), adjointStack.dims(),
                adjointStack.dtype(), adjointStack.communicator());
        this.adjointStack = adjointStack;
    }

    /**
     * This rank's serial operators, in order (unmodifiable). Local.
     *
     * @return this rank's serial operators, in order (unmodifiable)
     */
    public List<LocalOperator> localOps() {
        return adjointStack.localOps().stream().map(LocalOperators::adjoint).toList();
    }

    /**
     * The columns of each rank's ops, by rank: the local sizes of {@code rmatvec}'s output. A copy. Local.
     *
     * @return the columns of each rank's ops, by rank: the local sizes of {@code rmatvec}'s output
     */
    public long[] colCounts() {
        return adjointStack.rowCounts();
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
        return adjointStack.runsOn(engine);
    }

    /** The block that does not run on {@code engine} (named as its adjoint). */
    @Override
    protected String hostOnlyPart(Engine engine) {
        return "MPIHStack's " + adjointStack.hostOnlyPart(engine).replace("MPIVStack's ", "");
    }

    /** Those of the vertical stack of the adjoint blocks, the other way. */
    @Override
    protected long localFlops(boolean adjoint) {
        return adjointStack.localFlops(!adjoint);
    }

    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return adjointStack.adjoint("x", x);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return adjointStack.forward("y", y);
    }
}
