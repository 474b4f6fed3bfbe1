package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.verify.harness.Probe;

/**
 * What the drills compare: a text that stands for a call's result (equal on every rank when the
 * ranks agree), and snapshots of operands to tell whether a call changed them. Local.
 */
final class Traces {

    private Traces() {
    }

    /**
     * A text for a result that is the same on every rank exactly when the results agree: a vector's
     * layout, the bits of scalars, a host array's dtype, shape and a hash of its bits; lists element
     * by element.
     *
     * @param result (Input) the result, may be null. Not modified.
     * @return the text
     */
    static String of(Object result) {
        return switch (result) {
            case null -> "null";
            case DistributedVector v -> v.layout();
            case Complex c -> "complex " + c + " bits " + Long.toHexString(Double.doubleToRawLongBits(c.re())) + "/"
                    + Long.toHexString(Double.doubleToRawLongBits(c.im()));
            case Double d -> "double " + d + " bits " + Long.toHexString(Double.doubleToRawLongBits(d));
            case NdArray a -> "array " + a.dtype() + " " + java.util.Arrays.toString(a.shape()) + " hash "
                    + Long.toHexString(hash(Probe.interleaved(a)));
            case double[] d -> "doubles " + d.length + " hash " + Long.toHexString(hash(d));
            case List<?> l -> {
                List<String> parts = new ArrayList<>();
                for (Object o : l) {
                    parts.add(of(o));
                }
                yield parts.toString();
            }
            default -> result.getClass().getSimpleName() + " " + result;
        };
    }

    private static long hash(double[] v) {
        long h = 0x9E3779B97F4A7C15L;
        for (double d : v) {
            h = (h ^ Double.doubleToRawLongBits(d)) * 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
        }
        return h;
    }

    /** Copies of the local data of a list of operands, to compare bit for bit after a call. */
    static final class Snapshot {
        private final List<Object> operands;
        private final List<List<double[]>> copies = new ArrayList<>();

        /**
         * @param operands (Input) vectors, host arrays or nulls. Not modified.
         */
        Snapshot(List<Object> operands) {
            this.operands = operands;
            for (Object o : operands) {
                copies.add(locals(o));
            }
        }

        /** The index of the first operand whose local data changed (bit for bit), or -1. */
        int firstChanged() {
            for (int i = 0; i < operands.size(); i++) {
                List<double[]> now = locals(operands.get(i));
                List<double[]> before = copies.get(i);
                if (now.size() != before.size()) {
                    return i;
                }
                for (int k = 0; k < now.size(); k++) {
                    if (!bitsEqual(before.get(k), now.get(k))) {
                        return i;
                    }
                }
            }
            return -1;
        }

        private static List<double[]> locals(Object o) {
            List<double[]> out = new ArrayList<>();
            switch (o) {
                case null -> { }
                case DistributedArray a -> out.add(Probe.interleaved(a.localArray()));
                case StackedDistributedArray s -> {
                    for (DistributedVector c : s.arrays()) {
                        out.addAll(locals(c));
                    }
                }
                case NdArray a -> out.add(Probe.interleaved(a));
                default -> throw new IllegalArgumentException("operand: a vector, a host array or null, got "
                        + o.getClass().getSimpleName());
            }
            return out;
        }

        private static boolean bitsEqual(double[] a, double[] b) {
            if (a.length != b.length) {
                return false;
            }
            for (int k = 0; k < a.length; k++) {
                if (Double.doubleToRawLongBits(a[k]) != Double.doubleToRawLongBits(b[k])) {
                    return false;
                }
            }
            return true;
        }
    }
}
