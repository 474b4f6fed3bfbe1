package org.jlops.mpi.solvers;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * Checks of solver operands. The layout of a vector ({@link DistributedVector#sameLayout}) is
 * metadata every rank holds identically, so the comparisons reach the same verdict everywhere;
 * only the communicator check can differ between ranks, and {@link #agree} settles it with one
 * allreduce.
 */
final class Operands {

    private Operands() {
    }

    /**
     * The first problem of a vector argument, or null: null vector, wrong total length, another
     * communicator than the operator's, or a dtype other than {@code dtype} (when not null). Local.
     */
    static String check(String name, DistributedVector v, long length, DistributedOperator<?> op, DType dtype) {
        if (v == null) {
            return name + ": must not be null";
        }
        if (v.globalSize() != length) {
            return name + ": global length " + v.globalSize() + " but the operator " + op + " needs " + length;
        }
        if (!v.livesOn(op.communicator())) {
            return name + ": lives on another communicator than the operator's (every component must use the"
                    + " operator's communicator)";
        }
        if (dtype != null && v.dtype() != dtype) {
            return name + ": dtype " + v.dtype() + " differs from " + dtype + " (the dtype of the data y)";
        }
        return null;
    }

    /** The message when {@code actual}'s layout differs from {@code expected}'s, else null. Local. */
    static String mismatch(String name, DistributedVector actual, DistributedVector expected, String expectedWhat) {
        if (actual.sameLayout(expected)) {
            return null;
        }
        return name + ": layout " + actual.layout() + " differs from " + expectedWhat + " " + expected.layout();
    }

    /** Every rank throws the lowest failing rank's message, or none does. Collective over {@code op}'s communicator. */
    static void agree(DistributedOperator<?> op, String error) {
        CollectiveChecks.agree(op.communicator(), error);
    }

    /**
     * {@link #agree}, and in the same allreduce that every rank passed the same scalar arguments,
     * gave a starting point or not alike, and passed vectors of the same layouts. Collective over
     * {@code op}'s communicator.
     *
     * @param names   (Input) the scalar arguments' names
     * @param values  (Input) their values on this rank (compared by their bits)
     * @param vectors (Input) the vector arguments by name and value (name, vector, name, vector, ...);
     *                null vectors allowed
     */
    static void agree(DistributedOperator<?> op, String error, String[] names, double[] values, Object... vectors) {
        int k = values.length;
        String[] all = Arrays.copyOf(names, k + vectors.length / 2);
        long[][] groups = new long[all.length][];
        for (int i = 0; i < k; i++) {
            groups[i] = new long[] {Double.doubleToLongBits(values[i])};
        }
        for (int j = 0; j < vectors.length / 2; j++) {
            DistributedVector v = (DistributedVector) vectors[2 * j + 1];
            all[k + j] = vectors[2 * j] + " (its layout)";
            groups[k + j] = CollectiveChecks.text(v == null ? null : v.layout());
        }
        // compared by their bits; a difference names the numbers as Java prints them
        CollectiveChecks.agreeSame(op.communicator(), error, CollectiveChecks.fingerprint(groups), all, () -> {
            long[][] shown = groups.clone();                               // made only when they differ
            for (int i = 0; i < k; i++) {
                shown[i] = CollectiveChecks.text(Double.toString(values[i]));
            }
            return shown;
        });
    }
}
