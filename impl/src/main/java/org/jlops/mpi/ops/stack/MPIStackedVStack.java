package org.jlops.mpi.ops.stack;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPIStackedLinearOperator;

/**
 * Vertical stack of distributed operators with the same number of columns N (PyLops-MPI's
 * {@code MPIStackedVStack}), as in regularised least squares {@code [Op; sqrt(eps) Reg]}:
 *
 * <pre>
 *     | B_0     |
 * A = |   ...   |      y_i = B_i x,      x = sum_i B_i^H y_i
 *     | B_{k-1} |
 * </pre>
 *
 * <p>{@link #matvec(DistributedVector) matvec} passes the same x (any vector every op accepts) to
 * every op and returns a {@link StackedDistributedArray} of their outputs, one component per op.
 * {@link #rmatvec(DistributedVector) rmatvec} takes such a stack and returns the sum of the ops'
 * adjoints, in the operator's dtype and the layout of op 0's adjoint output (other ops' 1-d outputs
 * are re-split to it; a SCATTER output wins over a replicated one). {@code dims = (N,)},
 * {@code dimsd = (sum rows,)}, dtype = common type of the ops. Communication: that of the ops, plus
 * the re-splits when their adjoint outputs differ in layout.
 *
 * <p>Two {@code MPIStackedVStack}s cannot be multiplied. Differences from PyLops-MPI: the op list
 * is checked to have the same structure on every rank (collective); adjoint outputs of different
 * splits are re-split instead of failing.
 */
public final class MPIStackedVStack extends MPIStackedLinearOperator {

    private final StackedOps ops;

    /**
     * A stacked vertical stack on the first op's communicator. Collective (one allreduce).
     *
     * @param ops (Input) at least one distributed operator, all with the same number of columns,
     *            the same list on every rank; copied, ops kept by reference
     * @throws IllegalArgumentException on every rank when the list is invalid on any rank or
     *                                  differs between ranks; on this rank only when the list is
     *                                  null or empty here (see {@link #MPIStackedVStack(List,
     *                                  Communicator)})
     */
    public MPIStackedVStack(List<? extends DistributedOperator<?>> ops) {
        this(ops, null);
    }

    /**
     * A stacked vertical stack. Collective (one allreduce over {@code comm}).
     *
     * @param ops  (Input) at least one distributed operator, all with the same number of columns,
     *             the same list on every rank; copied, ops kept by reference
     * @param comm the communicator to agree on and report, or null for the first op's
     * @throws IllegalArgumentException on every rank, naming the argument, when an op is null, the
     *                                  list is empty or differs between ranks, or the column counts
     *                                  differ ("Operators have different number of columns")
     */
    public MPIStackedVStack(List<? extends DistributedOperator<?>> ops, Communicator comm) {
        this(StackedOps.of(ops, StackedOps.communicatorOf(ops, comm), true));
    }

    private MPIStackedVStack(StackedOps ops) {
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
        List<DistributedVector> out = new ArrayList<>(ops.ops.size());
        for (DistributedOperator<?> op : ops.ops) {
            out.add(DistributedOperator.general(op).matvec(x));
        }
        return new StackedDistributedArray(out);
    }

    /**
     * Each op's output into its component of {@code out} (an earlier result of {@link #matvec}),
     * without a new stack. Collective.
     */
    @Override
    protected DistributedVector doMatvec(DistributedVector x, DistributedVector out) {
        StackedDistributedArray o = ops.components("out", out, false);
        for (int i = 0; i < ops.ops.size(); i++) {
            DistributedOperator.general(ops.ops.get(i)).matvec(x, o.get(i));
        }
        return out;
    }

    /**
     * Each op's output into its component of {@code out} with its squared norm (fused where the op
     * fuses it), summed in component order as {@link StackedDistributedArray#dot} sums. Collective.
     */
    @Override
    protected double doMatvecNormSquared(DistributedVector x, DistributedVector out) {
        StackedDistributedArray o = ops.components("out", out, false);
        double sum = 0.0;
        for (int i = 0; i < ops.ops.size(); i++) {
            sum += DistributedOperator.general(ops.ops.get(i)).matvecNormSquared(x, o.get(i));
        }
        return sum;
    }

    @Override
    protected DistributedVector doRmatvec(DistributedVector y) {
        StackedDistributedArray s = ops.components("y", y, false);
        List<DistributedVector> parts = new ArrayList<>(ops.ops.size());
        for (int i = 0; i < ops.ops.size(); i++) {
            parts.add(DistributedOperator.general(ops.ops.get(i)).rmatvec(s.get(i)));
        }
        return ops.sum("y", parts);
    }

    /**
     * Two {@code MPIStackedVStack}s cannot be multiplied (as in PyLops-MPI).
     *
     * @throws IllegalArgumentException naming {@code other} when it is an {@code MPIStackedVStack}
     */
    @Override
    protected void checkProduct(DistributedOperator<DistributedVector> inner) {
        if (inner instanceof MPIStackedVStack) {
            throw new IllegalArgumentException("other: two MPIStackedVStack operators cannot be multiplied");
        }
    }
}
