package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.internal.NonStationaryKernel;

/**
 * Non-stationary 1-d convolution along one axis (serial PyLops' {@code NonStationaryConvolve1D}):
 * a bank of compact filters {@code hs} (odd length {@code nh}, centred), given at the regularly
 * spaced positions {@code ih} of the axis; at every position {@code ix} the filter {@code h_ix} is
 * interpolated linearly between the two given around it (the first filter before the first
 * position, the last one from the last position on):
 *
 * <pre>
 *     forward:  y[iy] = Σ_ix h_ix[iy − ix + nh/2] · x[ix]     (each x[ix] spreads h_ix centred at ix)
 *     adjoint:  x[ix] = Σ_k h_ix[k] · y[ix − nh/2 + k]         (the transpose)
 *     sums over the samples inside the axis: truncated at its ends, never wrapped
 * </pre>
 *
 * <p>The filters are real; a real operator applied to complex input acts on the real and imaginary
 * parts. The kernel is {@code ops.internal.NonStationaryKernel}, shared with
 * {@code MPINonStationaryConvolve1D} so that both give the same bits.
 */
public final class NonStationaryConvolve1D extends HostOperator {

    private final long[] shape;
    private final int axis;
    private final double[][] hs;
    private final long[] ih;
    private final NonStationaryKernel kernel;

    /**
     * The convolution along the last axis, float64 (PyLops' defaults).
     *
     * @param dims (Input) the model shape (also the data shape); copied
     * @param hs   (Input) the filters, one per row, all of one odd length; copied
     * @param ih   (Input) the filters' positions, regularly spaced, inside the axis; copied
     * @throws IllegalArgumentException naming the bad argument
     */
    public NonStationaryConvolve1D(long[] dims, double[][] hs, long[] ih) {
        this(dims, hs, ih, -1, DType.FLOAT64);
    }

    /**
     * The convolution along {@code axis}.
     *
     * @param dims  (Input) the model shape (also the data shape); copied
     * @param hs    (Input) the filters, one per row, all of one odd length; copied
     * @param ih    (Input) the filters' positions, one per filter, regularly spaced and increasing,
     *              in {@code [0, dims[axis])}; copied
     * @param axis  the axis, in {@code [-ndim, ndim)}
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public NonStationaryConvolve1D(long[] dims, double[][] hs, long[] ih, int axis, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        double[][] h = checkFilters(hs);
        long[] pos = checkPositions(ih, h.length, d[ax]);
        super(d, d.clone(), dtype);
        this.shape = d;
        this.axis = ax;
        this.hs = h;
        this.ih = pos;
        this.kernel = kernel(h, pos, d[ax]);
    }

    /**
     * Checks the filter bank: at least one filter, every row of one odd length.
     *
     * @param hs (Input) the filters, one per row; not modified
     * @return a deep copy
     * @throws IllegalArgumentException naming {@code hs}
     */
    public static double[][] checkFilters(double[][] hs) {
        if (hs == null || hs.length == 0) {
            throw new IllegalArgumentException("hs: needs at least one filter");
        }
        double[][] out = new double[hs.length][];
        for (int k = 0; k < hs.length; k++) {
            if (hs[k] == null || hs[k].length != hs[0].length) {
                throw new IllegalArgumentException("hs: every filter must have the same length; filter " + k + " has "
                        + (hs[k] == null ? "none" : hs[k].length) + ", filter 0 has " + hs[0].length);
            }
            out[k] = hs[k].clone();
        }
        if (out[0].length % 2 == 0) {
            throw new IllegalArgumentException("hs: filters hs must have odd length, got " + out[0].length);
        }
        return out;
    }

    /**
     * Checks the filter positions: one per filter, regularly spaced with a positive spacing, inside
     * {@code [0, n)}.
     *
     * @param ih (Input) the filters' positions; not modified
     * @param filters the number of filters
     * @param n the length of the axis
     * @return a copy
     * @throws IllegalArgumentException naming {@code ih}
     */
    public static long[] checkPositions(long[] ih, int filters, long n) {
        if (ih == null || ih.length != filters) {
            throw new IllegalArgumentException("ih: needs one position per filter (" + filters + "), got "
                    + (ih == null ? "null" : ih.length));
        }
        long[] out = ih.clone();
        for (int k = 2; k < out.length; k++) {
            if (out[k] - out[k - 1] != out[1] - out[0]) {
                throw new IllegalArgumentException("ih: the indices of filters 'ih' must be regularly sampled, got "
                        + Arrays.toString(out));
            }
        }
        if (out.length > 1 && out[1] <= out[0]) {
            throw new IllegalArgumentException("ih: the indices of filters 'ih' must be increasing, got "
                    + Arrays.toString(out));
        }
        for (long p : out) {
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("ih: the indices of filters 'ih' must be in [0, " + n
                        + ") (the length of the axis), got " + Arrays.toString(out));
            }
        }
        return out;
    }

    /** The kernel of checked filters and positions on an axis of {@code n} samples. */
    private static NonStationaryKernel kernel(double[][] hs, long[] ih, long n) {
        return new NonStationaryKernel(hs, ih[0], ih.length > 1 ? ih[1] - ih[0] : 1, n);
    }

    /**
     * The axis of the convolution (normalised).
     *
     * @return the axis of the convolution (normalised)
     */
    public int axis() {
        return axis;
    }

    /**
     * The filters' positions (a copy).
     *
     * @return the filters' positions (a copy)
     */
    public long[] ih() {
        return ih.clone();
    }

    /**
     * The filters (a copy).
     *
     * @return the filters (a copy)
     */
    public double[][] hs() {
        double[][] c = new double[hs.length][];
        for (int k = 0; k < hs.length; k++) {
            c[k] = hs[k].clone();
        }
        return c;
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        checkBuffers(in, inPos, out, outPos, adjoint);
        long n = shape[axis];
        long pre = 1;
        long post = 1;
        for (int k = 0; k < axis; k++) {
            pre *= shape[k];
        }
        for (int k = axis + 1; k < shape.length; k++) {
            post *= shape[k];
        }
        long block = n * post;
        Engine host = Engine.host();
        for (long p = 0; p < pre; p++) {
            Buffer src = host.wrap(HostRanges.stageIn(in, inPos + p * block, block), in.type());
            Buffer dst = HostRanges.temp(out.type(), block);
            if (adjoint) {
                kernel.adjoint(src, 0, n, dst, 0, n, post);
            } else {
                kernel.forward(src, 0, n, dst, 0, n, post);
            }
            HostRanges.stageOut(dst.hostArray(), out, outPos + p * block);
        }
    }

    @Override
    public String toString() {
        return "NonStationaryConvolve1D(dims=" + Arrays.toString(shape) + ", axis=" + axis + ", filters=" + hs.length
                + "x" + hs[0].length + ", ih=" + ih[0] + (ih.length > 1 ? ":" + (ih[1] - ih[0]) : "") + ", dtype="
                + dtype + ")";
    }
}
