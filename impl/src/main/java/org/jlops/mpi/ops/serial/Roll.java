package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;

/**
 * Circular shift along one axis (serial PyLops' {@code Roll}, NumPy's {@code roll}): with
 * {@code n = dims[axis]},
 *
 * <pre>
 *     y[..., i, ...] = x[..., (i - shift) mod n, ...]      (forward: entries move shift places on)
 *     x[..., j, ...] = y[..., (j + shift) mod n, ...]      (adjoint: the roll by -shift)
 * </pre>
 *
 * <p>A permutation, so the adjoint is its inverse. Any integer shift (negative, or beyond
 * {@code n}) is taken modulo {@code n}. Hyperplanes move with one array copy each, every dtype
 * alike.
 */
public final class Roll extends AxisGather {

    private final int axis;
    private final long shift;

    /**
     * A roll of a 1-d float64 model of {@code n} samples.
     *
     * @param n     the model length, at least 0
     * @param shift the shift (any integer)
     * @throws IllegalArgumentException if {@code n} is negative or too large
     */
    public Roll(long n, long shift) {
        this(new long[] {n}, 0, shift, DType.FLOAT64);
    }

    /**
     * A roll along {@code axis}.
     *
     * @param dims  (Input) the model shape; copied
     * @param axis  the axis, in {@code [-ndim, ndim)} (PyLops' default is -1)
     * @param shift the shift (any integer; PyLops' default is 1)
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Roll(long[] dims, int axis, long shift, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        int n = Flip.lengthAlong(d, ax);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) Math.floorMod(i - shift, (long) n);        // y[i] = x[(i - shift) mod n]
        }
        super(d, ax, idx, dtype);
        this.axis = ax;
        this.shift = shift;
    }

    /**
     * The axis, in {@code [0, ndim)}.
     *
     * @return the axis, in {@code [0, ndim)}
     */
    public int axis() {
        return axis;
    }

    /**
     * The shift as given.
     *
     * @return the shift as given
     */
    public long shift() {
        return shift;
    }

    @Override
    public String toString() {
        return "Roll(dims=" + Arrays.toString(dims()) + ", axis=" + axis + ", shift=" + shift + ", dtype=" + dtype + ")";
    }
}
