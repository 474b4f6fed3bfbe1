package org.jlops.mpi.array;

import java.util.Arrays;

/** Shape arithmetic shared by the array classes (row-major, long dimensions). */
final class Shapes {

    private Shapes() {
    }

    /**
     * Checks a shape: not null, no negative dimension, element count within a long.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    static void checkShape(String what, long[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(what + ": dimensions must not be negative, got " + str(shape));
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                throw new IllegalArgumentException(what + ": " + str(shape) + " has more than 2^63-1 elements");
            }
            n *= d;
        }
    }

    /**
     * {@code axis} in {@code [0, ndim)}, negative values counting from the end as in Python.
     *
     * @throws IllegalArgumentException if {@code axis} is outside {@code [-ndim, ndim)}
     */
    static int normaliseAxis(String what, int axis, int ndim) {
        if (axis < -ndim || axis >= ndim) {
            throw new IllegalArgumentException(what + ": axis " + axis + " is out of range for " + ndim
                    + " dimensions (expected " + (ndim == 0 ? "none, the array has no axes" : "-" + ndim + " <= axis < " + ndim)
                    + ")");
        }
        return axis < 0 ? axis + ndim : axis;
    }

    /** Number of elements (the product of the dimensions; 1 for a 0-d shape). */
    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Product of the dimensions before {@code axis}. */
    static long outer(long[] shape, int axis) {
        long n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Product of the dimensions after {@code axis}. */
    static long inner(long[] shape, int axis) {
        long n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The shape with dimension {@code axis} removed. */
    static long[] without(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** The shape with dimension {@code axis} replaced by {@code n}. */
    static long[] with(long[] shape, int axis, long n) {
        long[] out = shape.clone();
        out[axis] = n;
        return out;
    }

    /** Python-style text: {@code (10, 5)}, {@code (7,)}, {@code ()}. */
    static String str(long[] shape) {
        if (shape == null) {
            return "null";
        }
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    /** Text of a list of shapes. */
    static String str(long[][] shapes) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shapes.length; i++) {
            b.append(i == 0 ? "" : ", ").append(str(shapes[i]));
        }
        return b.append(']').toString();
    }

    /** Whether two lists of shapes are equal entry by entry. */
    static boolean equal(long[][] a, long[][] b) {
        return Arrays.deepEquals(a, b);
    }
}
