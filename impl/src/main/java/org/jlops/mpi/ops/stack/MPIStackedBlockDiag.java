package org.jlops.mpi.ops.stack;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPIStackedLinearOperator;

/**
 * Block-diagonal operator of distributed operators (PyLops-MPI's {@code MPIStackedBlockDiag}):
 * for ops {@code B_0, ..., B_{k-1}} (plain or stacked, each distributed over the
 * ranks itself)
 *
 * <pre>
 *     | B_0          |
 * A = |     ...      |      y_i = B_i x_i,      x_i = B_i^H y_i
 *     |      B_{k-1} |
 * </pre>
 *
 * <p>Inputs and outputs are {@link StackedDistributedArray}s with one component per op:
 * {@link #matvec(DistributedVector) matvec} takes component i in the layout {@code B_i} accepts
 * and returns {@code B_i}'s output as component i; {@link #rmatvec(DistributedVector) rmatvec}
 * likewise. The ops are applied one after the other, each with its own communication; each
 * output component keeps its op's dtype. {@code dims = (sum cols,)}, {@code dimsd = (sum rows,)},
 * dtype = common type of the ops.
 *
 * <p>Two stacked block-diagonal operators can only be multiplied when they have the same number
 * of ops. Differences from PyLops-MPI: the op list is checked to have the same structure on every
 * rank (collective); the inputs' component counts and lengths are checked with messages naming
 * the component.
 */
public final class MPIStackedBlockDiag extends MPIStackedLinearOperator {

    private final StackedOps ops;

    /**
     * A stacked block-diagonal operator on the first op's communicator. Collective (one allreduce
     * over that communicator).
     *
     * @param ops (Input) at least one distributed operator, the same list on every rank; copied,
     *            ops kept by reference
     * @throws IllegalArgumentException on every rank when the list is invalid on any rank or
     *                                  differs between ranks; on this rank only when the list is
     *                                  null or empty here (use {@link #MPIStackedBlockDiag(List,
     *                                  Communicator)} to have that agreed too)
     */
    public MPIStackedBlockDiag(List<? extends DistributedOperator<?>> ops) {
        this(ops, null);
    }

    /**
     * A stacked block-diagonal operator. Collective (one allreduce over {@code comm}).
     *
     * @param ops  (Input) at least one distributed operator, the same list on every rank; copied,
     *             ops kept by reference
     * @param comm the communicator to agree on and report, or null for the first op's
     * @throws IllegalArgumentException on every rank, naming the argument, when an op is null or
     *                                  the list is empty or differs between ranks
     */
    public MPIStackedBlockDiag(List<? extends DistributedOperator<?>> ops, Communicator comm) {
        this(StackedOps.of(ops, StackedOps.communicatorOf(ops, comm), false));
    }

    private MPIStackedBlockDiag(StackedOps ops) {
        super(new long[] {ops.cols}, new long[] {ops.rows}, ops.dtype, ops.comm);
        this.ops = ops;
    }

    /**
     * The operators, in order (unmodifiable). Local.
     *
     * @return the operators, in order (unmodifiable)
     */
    public List<DistributedOperator<?>> ops() {
        return ops.ops;
    }

    @Override
    protected DistributedVector doMatvec(DistributedVector x) {
        StackedDistributedArray s = ops.components("x", x, true);
        List<DistributedVector> out = new ArrayList<>(ops.ops.size());
        for (int i = 0; i < ops.ops.size(); i++) {
            out.add(DistributedOperator.general(ops.ops.get(i)).matvec(s.get(i)));
        }
        return new StackedDistributedArray(out);
    }

    @Override
    protected DistributedVector doRmatvec(DistributedVector y) {
        StackedDistributedArray s = ops.components("y", y, false);
        List<DistributedVector> out = new ArrayList<>(ops.ops.size());
        for (int i = 0; i < ops.ops.size(); i++) {
            out.add(DistributedOperator.general(ops.ops.get(i)).rmatvec(s.get(i)));
        }
        return new StackedDistributedArray(out);
    }

    /**
     * Another stacked block-diagonal operator must have as many ops as this one.
     *
     * @throws IllegalArgumentException naming {@code other} otherwise
     */
    @Override
    protected void checkProduct(DistributedOperator<DistributedVector> inner) {
        if (inner instanceof MPIStackedBlockDiag b && b.ops.ops.size() != ops.ops.size()) {
            throw new IllegalArgumentException("other: cannot multiply MPIStackedBlockDiags with different numbers of "
                    + "operators, " + ops.ops.size() + " and " + b.ops.ops.size());
        }
    }
}
