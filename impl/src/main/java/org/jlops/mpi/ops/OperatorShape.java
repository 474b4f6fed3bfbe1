package org.jlops.mpi.ops;

import java.util.Arrays;

/**
 * Shape bookkeeping shared by the operator templates: the 2-d shape, and the n-d
 * model and data shapes, which must agree with it.
 */
record OperatorShape(long rows, long cols, long[] dims, long[] dimsd) {

    /** A shape from the n-d model and data shapes. */
    static OperatorShape of(long[] dims, long[] dimsd) {
        check("dims", dims);
        check("dimsd", dimsd);
        return new OperatorShape(product(dimsd), product(dims), dims.clone(), dimsd.clone());
    }

    /**
     * A shape from rows and columns, with optional n-d shapes (null: {@code {cols}} and
     * {@code {rows}}).
     */
    static OperatorShape of(long rows, long cols, long[] dims, long[] dimsd) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("shape: invalid shape (" + rows + ", " + cols
                    + "), both sizes must be non-negative");
        }
        long[] d = dims == null ? new long[] {cols} : dims.clone();
        long[] dd = dimsd == null ? new long[] {rows} : dimsd.clone();
        check("dims", d);
        check("dimsd", dd);
        if (product(d) != cols) {
            throw new IllegalArgumentException("dims: " + Arrays.toString(d) + " incompatible with shape[1] = " + cols);
        }
        if (product(dd) != rows) {
            throw new IllegalArgumentException("dimsd: " + Arrays.toString(dd) + " incompatible with shape[0] = " + rows);
        }
        return new OperatorShape(rows, cols, d, dd);
    }

    /** The same shape with model and data exchanged (adjoint, transpose). */
    OperatorShape swapped() {
        return new OperatorShape(cols, rows, dimsd, dims);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public long[] dimsd() {
        return dimsd.clone();
    }

    static long product(long[] shape) {
        long p = 1;
        for (long n : shape) {
            p = Math.multiplyExact(p, n);
        }
        return p;
    }

    private static void check(String what, long[] shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException(what + ": must have at least one dimension");
        }
        for (long n : shape) {
            if (n < 0) {
                throw new IllegalArgumentException(what + ": negative dimension in " + Arrays.toString(shape));
            }
        }
    }
}
