package org.jlops.mpi.ops.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.internal.OperandChecks;

/**
 * The list of distributed operators of {@link MPIStackedBlockDiag} and {@link MPIStackedVStack}:
 * construction checks agreed over the communicator, and the checks and sums of their products.
 * Immutable.
 */
final class StackedOps {

    final List<DistributedOperator<?>> ops;
    final Communicator comm;
    final DType dtype;
    final long rows;
    final long cols;

    private StackedOps(List<DistributedOperator<?>> ops, Communicator comm, DType dtype, long rows, long cols) {
        this.ops = ops;
        this.comm = comm;
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * The communicator to agree on: {@code comm}, else the first op's.
     *
     * @throws IllegalArgumentException (on this rank only) when there is none
     */
    static Communicator communicatorOf(List<? extends DistributedOperator<?>> ops, Communicator comm) {
        if (comm != null) {
            return comm;
        }
        if (ops != null) {
            for (DistributedOperator<?> op : ops) {
                if (op != null) {
                    return op.communicator();
                }
            }
        }
        throw new IllegalArgumentException("ops: need at least one operator, got "
                + (ops == null ? "null" : "an empty list") + " (and no communicator to agree on)");
    }

    /**
     * Checks the ops and agrees over {@code comm} that every rank passed a valid list of the same
     * structure (count, shapes, dtypes). Collective: one allreduce.
     *
     * @param sameCols whether every op must have the same number of columns
     * @throws IllegalArgumentException on every rank, naming the bad argument
     */
    static StackedOps of(List<? extends DistributedOperator<?>> ops, Communicator comm, boolean sameCols) {
        String error = null;
        long[] structure = null;
        long rows = 0;
        long cols = 0;
        DType dtype = null;
        try {
            if (ops == null || ops.isEmpty()) {
                throw new IllegalArgumentException("ops: need at least one operator, got "
                        + (ops == null ? "null" : "an empty list"));
            }
            structure = new long[1 + 3 * ops.size()];
            structure[0] = ops.size();
            for (int i = 0; i < ops.size(); i++) {
                DistributedOperator<?> op = ops.get(i);
                if (op == null) {
                    throw new IllegalArgumentException("ops: operator " + i + " is null");
                }
                if (sameCols && op.cols() != ops.get(0).cols()) {
                    throw new IllegalArgumentException("ops: Operators have different number of columns: operator 0 "
                            + "has " + ops.get(0).cols() + ", operator " + i + " has " + op.cols());
                }
                rows = Math.addExact(rows, op.rows());
                cols = sameCols ? op.cols() : Math.addExact(cols, op.cols());
                dtype = dtype == null ? op.dtype() : DType.promote(dtype, op.dtype());
                structure[1 + 3 * i] = op.rows();
                structure[2 + 3 * i] = op.cols();
                structure[3 + 3 * i] = op.dtype().ordinal();
            }
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        CollectiveChecks.agreeSame(comm, error, new String[] {"ops (count, then rows, columns, dtype of each)"},
                new long[][] {structure});
        return new StackedOps(List.copyOf(ops), comm, dtype, rows, cols);
    }

    /**
     * {@code x} as a stack of one component per op, component i of global length
     * {@code model ? ops[i].cols() : ops[i].rows()}.
     *
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    StackedDistributedArray components(String what, DistributedVector x, boolean model) {
        if (!(x instanceof StackedDistributedArray s)) {
            throw new IllegalArgumentException(what + ": expected a StackedDistributedArray of " + ops.size()
                    + " components, got a DistributedArray");
        }
        if (s.narrays() != ops.size()) {
            throw new IllegalArgumentException(what + ": expected " + ops.size() + " components (one per operator), got "
                    + s.narrays());
        }
        for (int i = 0; i < ops.size(); i++) {
            long n = model ? ops.get(i).cols() : ops.get(i).rows();
            if (s.get(i).globalSize() != n) {
                throw new IllegalArgumentException(what + ": component " + i + " has " + s.get(i).globalSize()
                        + " entries but operator " + i + " needs " + n);
            }
        }
        return s;
    }

    /**
     * {@code sum_i parts[i]}, converted to {@link #dtype}. Plain 1-d parts of different splits are
     * re-split to the first SCATTER part's split (collective when data moves; the decision uses
     * metadata every rank holds). The first part is reused as the accumulator.
     *
     * @throws IllegalArgumentException naming {@code what} when the parts cannot be added
     */
    DistributedVector sum(String what, List<DistributedVector> parts) {
        DistributedVector acc = convert(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            DistributedVector p = convert(parts.get(i));
            if (acc instanceof DistributedArray a && p instanceof DistributedArray b && a.ndim() == 1 && b.ndim() == 1) {
                if (a.partition() != Partition.SCATTER && b.partition() == Partition.SCATTER) {
                    acc = OperandChecks.resplit(what, a, b.localSizes(), true);
                } else if (a.partition() == Partition.SCATTER && (b.partition() != Partition.SCATTER
                        || !Arrays.equals(a.localSizes(), b.localSizes()))) {
                    p = OperandChecks.resplit(what, b, a.localSizes(), true);
                }
            }
            try {
                acc = acc.iadd(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": the adjoints of operators 0.." + (i - 1) + " and of operator "
                        + i + " return vectors that cannot be added: " + e.getMessage(), e);
            }
        }
        return acc;
    }

    private DistributedVector convert(DistributedVector v) {
        if (v instanceof DistributedArray a) {
            return a.astype(dtype, false);
        }
        List<DistributedVector> parts = new ArrayList<>();
        for (DistributedVector c : ((StackedDistributedArray) v).arrays()) {
            parts.add(convert(c));
        }
        return new StackedDistributedArray(parts);
    }
}
