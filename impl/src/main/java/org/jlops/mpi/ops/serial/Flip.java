package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;

/**
 * Reversal along one axis (serial PyLops' {@code Flip}): with {@code n = dims[axis]},
 *
 * <pre>
 *     y[..., i, ...] = x[..., n - 1 - i, ...]
 * </pre>
 *
 * <p>A symmetric permutation: the adjoint is the same reversal ({@code F^H = F}). Hyperplanes move
 * with one array copy each, every dtype alike.
 */
public final class Flip extends AxisGather {

    private final int axis;

    /**
     * Reversal of a 1-d float64 model of {@code n} samples.
     *
     * @param n the model length, at least 0
     * @throws IllegalArgumentException if {@code n} is negative or too large
     */
    public Flip(long n) {
        this(new long[] {n}, 0, DType.FLOAT64);
    }

    /**
     * Reversal along {@code axis}.
     *
     * @param dims  (Input) the model shape; copied
     * @param axis  the axis, in {@code [-ndim, ndim)}
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Flip(long[] dims, int axis, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        int n = lengthAlong(d, ax);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n - 1 - i;                                       // y[i] = x[n - 1 - i]
        }
        super(d, ax, idx, dtype);
        this.axis = ax;
    }

    /** {@code dims[axis]}, which must fit an int index. */
    static int lengthAlong(long[] dims, int axis) {
        if (dims[axis] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dims: " + dims[axis] + " samples along axis " + axis
                    + ", at most " + (Integer.MAX_VALUE - 8) + " are supported");
        }
        return (int) dims[axis];
    }

    /**
     * The axis, in {@code [0, ndim)}.
     *
     * @return the axis, in {@code [0, ndim)}
     */
    public int axis() {
        return axis;
    }

    @Override
    public String toString() {
        return "Flip(dims=" + Arrays.toString(dims()) + ", axis=" + axis + ", dtype=" + dtype + ")";
    }
}
