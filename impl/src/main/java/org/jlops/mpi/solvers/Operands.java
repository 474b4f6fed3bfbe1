package org.jlops.mpi.solvers;

import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * Layout checks of solver operands. The layout of a vector (kind, global and local shapes of
 * every rank, partition, mask, dtype, engine — recursively for stacks) is metadata every rank
 * holds identically, so the comparisons reach the same verdict everywhere; only the communicator
 * check can differ between ranks, and {@link #agree} settles it with one allreduce.
 */
final class Layouts {

    private Layouts() {
    }

    /** The dtype of a vector: its own, or its first leaf's for a stack (null for an empty stack). */
    static DType dtype(DistributedVector v) {
        if (v instanceof DistributedArray a) {
            return a.dtype();
        }
        for (DistributedVector c : ((StackedDistributedArray) v).arrays()) {
            DType d = dtype(c);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** A short description of a vector's layout for messages. */
    static String describe(DistributedVector v) {
        if (v instanceof DistributedArray a) {
            return "DistributedArray(" + a.dtype() + ", " + a.partition() + ", global " + Arrays.toString(a.globalShape())
                    + ", local " + shapes(a.localShapes()) + (a.mask() == null ? "" : ", mask " + Arrays.toString(a.mask()))
                    + ")";
        }
        StringBuilder s = new StringBuilder("StackedDistributedArray[");
        List<DistributedVector> parts = ((StackedDistributedArray) v).arrays();
        for (int i = 0; i < parts.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(describe(parts.get(i)));
        }
        return s.append(']').toString();
    }

    private static String shapes(long[][] shapes) {
        StringBuilder s = new StringBuilder("[");
        for (int r = 0; r < shapes.length; r++) {
            s.append(r == 0 ? "" : ", ").append(Arrays.toString(shapes[r]));
        }
        return s.append(']').toString();
    }

    /** Whether two vectors have the same layout (see the class documentation). */
    static boolean same(DistributedVector a, DistributedVector b) {
        if (a instanceof DistributedArray x && b instanceof DistributedArray y) {
            return x.dtype() == y.dtype() && x.partition() == y.partition()
                    && Arrays.equals(x.globalShape(), y.globalShape())
                    && Arrays.deepEquals(x.localShapes(), y.localShapes()) && Arrays.equals(x.mask(), y.mask())
                    && x.engine() == y.engine();
        }
        if (a instanceof StackedDistributedArray x && b instanceof StackedDistributedArray y) {
            if (x.narrays() != y.narrays()) {
                return false;
            }
            for (int i = 0; i < x.narrays(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether every leaf of {@code v} lives on {@code comm} (the same object). */
    static boolean on(DistributedVector v, Communicator comm) {
        if (v instanceof DistributedArray a) {
            return a.communicator() == comm;
        }
        for (DistributedVector c : ((StackedDistributedArray) v).arrays()) {
            if (!on(c, comm)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first problem of a vector argument, or null: null vector, wrong total length, another
     * communicator than the operator's, or a dtype other than {@code dtype} (when not null). Local.
     */
    static String check(String name, DistributedVector v, long length, DistributedOperator op, DType dtype) {
        if (v == null) {
            return name + ": must not be null";
        }
        long n = length(v);
        if (n != length) {
            return name + ": global length " + n + " but the operator " + op + " needs " + length;
        }
        if (!on(v, op.communicator())) {
            return name + ": lives on another communicator than the operator's (every component must use the"
                    + " operator's communicator)";
        }
        DType d = dtype(v);
        if (dtype != null && d != dtype) {
            return name + ": dtype " + d + " differs from " + dtype + " (the dtype of the data y)";
        }
        return null;
    }

    /** The total length of a plain or stacked vector. */
    static long length(DistributedVector v) {
        if (v instanceof StackedDistributedArray s) {
            long n = 0;
            for (DistributedVector c : s.arrays()) {
                n += length(c);
            }
            return n;
        }
        return v.globalSize();
    }

    /** The message when {@code actual}'s layout differs from {@code expected}'s, else null. Local. */
    static String mismatch(String name, DistributedVector actual, DistributedVector expected, String expectedWhat) {
        if (same(actual, expected)) {
            return null;
        }
        return name + ": layout " + describe(actual) + " differs from " + expectedWhat + " " + describe(expected);
    }

    /** Every rank throws the lowest failing rank's message, or none does. Collective over {@code op}'s communicator. */
    static void agree(DistributedOperator op, String error) {
        CollectiveChecks.agree(op.communicator(), error);
    }

    /**
     * {@link #agree}, and in the same allreduce that every rank passed the same scalar arguments
     * and gave a starting point or not alike. Collective over {@code op}'s communicator.
     *
     * @param names  (Input) the arguments' names
     * @param values (Input) their values on this rank (doubles as their bits)
     */
    static void agree(DistributedOperator op, String error, String[] names, double[] values) {
        long[][] groups = new long[values.length][];
        for (int i = 0; i < values.length; i++) {
            groups[i] = new long[] {Double.doubleToLongBits(values[i])};
        }
        CollectiveChecks.agreeSame(op.communicator(), error, names, groups);
    }
}
