package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;

/**
 * Restriction (sampling) along one axis (serial PyLops' {@code Restriction}): the model of shape
 * {@code dims} is sampled at the positions {@code iava} along {@code axis}, giving data of shape
 * {@code dims} with {@code dims[axis] = len(iava)}:
 *
 * <pre>
 *     y[..., k, ...] = x[..., iava[k], ...]                       (forward: gather)
 *     x = 0;  x[..., iava[k], ...] += y[..., k, ...]   for every k  (adjoint: scatter)
 * </pre>
 *
 * <p>The adjoint is the exact transpose also when {@code iava} repeats a position (the samples of
 * that position are added). Hyperplanes move with one array copy each, every dtype alike.
 *
 * <p>Differences from PyLops: a repeated position is summed by the adjoint (PyLops assigns, so
 * its adjoint is not the transpose then); positions are checked against {@code dims[axis]}
 * (an {@link IllegalArgumentException} naming the first bad one); no {@code inplace} option and
 * no {@code mask} helper.
 */
public final class Restriction extends AxisGather {

    private final int axis;

    /**
     * Sampling of a 1-d float64 model of {@code n} samples.
     *
     * @param n    the model length, at least 0
     * @param iava (Input) the sampled positions, each in {@code [0, n)}; copied
     * @throws IllegalArgumentException naming the bad argument
     */
    public Restriction(long n, int[] iava) {
        this(new long[] {n}, iava, 0, DType.FLOAT64);
    }

    /**
     * Sampling along {@code axis}.
     *
     * @param dims  (Input) the model shape; copied
     * @param iava  (Input) the sampled positions along {@code axis}, each in {@code [0, dims[axis])},
     *              in any order, repeats allowed; copied
     * @param axis  the axis, in {@code [-ndim, ndim)} (PyLops' default is -1)
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Restriction(long[] dims, int[] iava, int axis, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        super(d, ax, checkIndices(iava, d[ax]), dtype);
        this.axis = ax;
    }

    private static int[] checkIndices(int[] iava, long n) {
        if (iava == null) {
            throw new IllegalArgumentException("iava: must not be null");
        }
        for (int k = 0; k < iava.length; k++) {
            if (iava[k] < 0 || iava[k] >= n) {
                throw new IllegalArgumentException("iava: position " + iava[k] + " (entry " + k + ") is outside [0, "
                        + n + ")");
            }
        }
        return iava.clone();
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
     * The sampled positions (a copy).
     *
     * @return the sampled positions (a copy)
     */
    public int[] iava() {
        return positions();
    }

    @Override
    public String toString() {
        return "Restriction(dims=" + Arrays.toString(dims()) + ", axis=" + axis + ", " + positions().length
                + " positions, dtype=" + dtype + ")";
    }
}
