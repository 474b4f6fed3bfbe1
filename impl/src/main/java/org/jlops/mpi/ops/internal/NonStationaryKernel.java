package org.jlops.mpi.ops.internal;

import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * The kernel of the non-stationary convolution (serial {@code NonStationaryConvolve1D} and
 * {@code MPINonStationaryConvolve1D}): filters {@code hs} (odd length {@code 2·half + 1}) given at
 * the regularly spaced positions {@code oh, oh + dh, ...} of an axis of {@code n} samples, and at
 * every position {@code ix} the filter {@code h_ix} interpolated linearly between the two given
 * around it (the first before the first position, the last from the last position on):
 *
 * <pre>
 *     forward:  y[iy] = Σ_ix h_ix[iy − ix + half] · x[ix]       (x[ix] spreads h_ix centred at ix)
 *     adjoint:  x[ix] = Σ_k  h_ix[k] · y[ix − half + k]          (its transpose)
 *     sums over the samples inside [0, n): truncated at the ends of the axis, never wrapped
 * </pre>
 *
 * <p>Rows are the samples along the axis, each of {@code inner} consecutive elements (the other
 * axes); real filters apply to real and complex data alike. Every position's filter depends on the
 * global position only, so a rank that holds rows {@code [from, to)} and {@code half} ghost rows on
 * each side computes its rows with the same bits as the serial operator. The forward adds each
 * output's terms in increasing {@code ix}, as PyLops does. Host buffers only.
 *
 * <p>The loops are the engine's ({@link org.jlops.mpi.engine.StencilKernels#nonStationary}): on
 * the host, the Vector API's for real float64 samples of one element per row (a 1-d signal, or the
 * convolved axis last), with the same bits as the scalar loops, which the other cases take.
 */
public final class NonStationaryKernel {

    private final double[][] hs;
    private final long oh;
    private final long dh;
    private final long n;
    private final int half;

    /**
     * @param hs (Input) the filters, one per row, all of one odd length; kept (not copied)
     * @param oh the first filter's position
     * @param dh the spacing (any positive value when there is one filter)
     * @param n  the axis length
     */
    public NonStationaryKernel(double[][] hs, long oh, long dh, long n) {
        this.hs = hs;
        this.oh = oh;
        this.dh = dh;
        this.n = n;
        this.half = hs[0].length / 2;
    }

    /** Half the filter length: the ghost rows a slab needs on each side. */
    public int half() {
        return half;
    }

    /**
     * The forward rows {@code [yFrom, yFrom + yRows)} into {@code y} (overwritten) from the rows
     * {@code [xFrom, xFrom + xRows)} held in {@code x}, which must include every row within
     * {@code half} of the output rows that lies inside the axis.
     */
    public void forward(Buffer x, long xFrom, long xRows, Buffer y, long yFrom, long yRows, long inner) {
        forward(x, xFrom, xRows, y, 0, yFrom, yRows, inner);
    }

    /**
     * {@link #forward(Buffer, long, long, Buffer, long, long, long)} with the output rows written to
     * {@code y} from its row {@code yAt} (rows of {@code inner} elements).
     */
    public void forward(Buffer x, long xFrom, long xRows, Buffer y, long yAt, long yFrom, long yRows, long inner) {
        Engine.host().stencils().nonStationary(false, hs, oh, dh, n, x, xFrom, xRows, y, yAt, yFrom, yRows, inner);
    }

    /**
     * The adjoint rows {@code [xFrom, xFrom + xRows)} into {@code x} (overwritten) from the rows
     * {@code [yFrom, yFrom + yRows)} held in {@code y}, which must include every row within
     * {@code half} of the output rows that lies inside the axis.
     */
    public void adjoint(Buffer y, long yFrom, long yRows, Buffer x, long xFrom, long xRows, long inner) {
        adjoint(y, yFrom, yRows, x, 0, xFrom, xRows, inner);
    }

    /**
     * {@link #adjoint(Buffer, long, long, Buffer, long, long, long)} with the output rows written to
     * {@code x} from its row {@code xAt} (rows of {@code inner} elements).
     */
    public void adjoint(Buffer y, long yFrom, long yRows, Buffer x, long xAt, long xFrom, long xRows, long inner) {
        Engine.host().stencils().nonStationary(true, hs, oh, dh, n, y, yFrom, yRows, x, xAt, xFrom, xRows, inner);
    }
}
