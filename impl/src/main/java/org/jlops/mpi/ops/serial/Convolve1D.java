package org.jlops.mpi.ops.serial;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Stencil;

/**
 * One-dimensional convolution with a compact real filter along one axis of an n-d array (serial
 * PyLops' {@code Convolve1D}). The model and the data have the shape {@code dims}; with
 * {@code n = dims[axis]}, the filter {@code h} of {@code nh} taps and its centre {@code offset},
 * every line along the axis is convolved with zero padding outside {@code [0, n)}:
 *
 * <pre>
 *     y[i] = sum_{k = 0}^{nh-1} h[k] x[i - k + offset]            (terms with i - k + offset outside [0, n) dropped)
 *     x[j] = sum_{k = 0}^{nh-1} h[k] y[j + k - offset]            (the adjoint: correlation with h, zero padded)
 * </pre>
 *
 * <p>So {@code h[offset]} multiplies {@code x[i]}: with {@code offset = nh / 2} for an odd
 * {@code nh} the filter is centred ({@code mode="same"} of NumPy). The operator is a banded
 * {@link Stencil} with taps {@code (offset - k, h[k])}: the engine's stencil kernel applies it in
 * one pass along any axis, and the adjoint runs the mirrored stencil, its exact transpose (real
 * coefficients, so {@code C^H = C^T} for every dtype).
 *
 * <p><b>Cost.</b> {@code nh} fused multiply-adds per sample, one pass over the data; no FFT, so a
 * filter of a few tens of taps (a seismic wavelet) is cheap, a filter of thousands is not
 * supported (the taps may reach at most {@code Stencil.MAX_EXPLICIT_ROWS / 2} samples each way).
 *
 * <p>Differences from PyLops: the filter is real (PyLops also takes a complex one) and 1-d;
 * no {@code method} (direct or FFT) option, the product is always direct; a filter longer than the
 * axis keeps the same definition (PyLops switches to an operator whose model is the filter); any
 * integer {@code offset} within the reach above is accepted (PyLops requires
 * {@code offset < dims[axis]}).
 */
public final class Convolve1D extends StencilOperator {

    private final double[] h;
    private final int offset;

    /**
     * A float64 convolution of a 1-d model of {@code n} samples.
     *
     * @param n      the number of samples, at least 0
     * @param h      (Input) the filter, at least one tap; copied
     * @param offset the index of the filter's centre
     * @throws IllegalArgumentException naming the bad argument
     */
    public Convolve1D(long n, double[] h, int offset) {
        this(new long[] {n}, h, offset, 0, DType.FLOAT64);
    }

    /**
     * A convolution along {@code axis}.
     *
     * @param dims   (Input) the model shape (at least one dimension); copied
     * @param h      (Input) the filter, at least one finite tap; copied
     * @param offset the index of the filter's centre ({@code h[offset]} multiplies {@code x[i]} in
     *               {@code y[i]}); the taps {@code offset - k} must lie within
     *               {@code ±Stencil.MAX_EXPLICIT_ROWS / 2}
     * @param axis   the axis, in {@code [-ndim, ndim)} (PyLops' default is -1)
     * @param dtype  the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Convolve1D(long[] dims, double[] h, int offset, int axis, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        super(new AxisStencil(d, ax, stencil(d[ax], h, offset), adjointStencil(d[ax], h, offset)), dtype);
        this.h = h.clone();
        this.offset = offset;
    }

    /**
     * The stencil of the convolution on {@code n} samples: taps {@code (offset - k, h[k])} on every
     * row, truncated at the ends ({@link Stencil#convolution}).
     *
     * @param n      the number of samples, at least 0
     * @param h      (Input) the filter; not modified
     * @param offset the filter's centre
     * @return the stencil
     * @throws IllegalArgumentException naming {@code h} or {@code offset}
     */
    public static Stencil stencil(long n, double[] h, int offset) {
        checkFilter(h, offset);
        int[] o = new int[h.length];
        for (int k = 0; k < h.length; k++) {
            o[k] = offset - k;                                          // y[i] += h[k] x[i + offset - k]
        }
        return Stencil.convolution(n, o, h);
    }

    /** The adjoint's stencil, {@code stencil(n, h, offset)} transposed: taps {@code (k - offset, h[k])}. */
    static Stencil adjointStencil(long n, double[] h, int offset) {
        checkFilter(h, offset);
        int[] o = new int[h.length];
        for (int k = 0; k < h.length; k++) {
            o[k] = k - offset;                                          // x[j] += h[k] y[j + k - offset]
        }
        return Stencil.convolution(n, o, h);
    }

    static void checkFilter(double[] h, int offset) {
        if (h == null || h.length == 0) {
            throw new IllegalArgumentException("h: the filter must have at least one tap, got "
                    + (h == null ? "null" : "none"));
        }
        for (double v : h) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("h: taps must be finite, got " + v);
            }
        }
        long reach = Stencil.MAX_EXPLICIT_ROWS / 2;
        if (offset > reach || (long) h.length - 1 - offset > reach) {
            throw new IllegalArgumentException("offset: " + offset + " with a filter of " + h.length + " taps reaches "
                    + Math.max(offset, (long) h.length - 1 - offset) + " samples, at most " + reach
                    + " are supported (use a shorter filter)");
        }
    }

    /**
     * The filter (a copy).
     *
     * @return the filter (a copy)
     */
    public double[] filter() {
        return h.clone();
    }

    /**
     * The index of the filter's centre.
     *
     * @return the index of the filter's centre
     */
    public int offset() {
        return offset;
    }

    @Override
    public String toString() {
        return "Convolve1D(" + shapeText() + ", nh=" + h.length + ", offset=" + offset + ")";
    }
}
