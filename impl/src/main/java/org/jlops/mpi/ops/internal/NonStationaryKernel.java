package org.jlops.mpi.ops.internal;

import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.host.NonStationaryLoops;

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
 * <p>Real float64 samples of one element per row (a 1-d signal, or the convolved axis last) take
 * {@link NonStationaryLoops}: one output at a time with its terms in the same order and the same
 * operations (the same bits), the Vector API's lanes where the JVM has them, and the weights of
 * the interpolation computed once per sample instead of once per tap. The other cases (complex,
 * float32, several elements per row) spread one filter per sample over rows of elements.
 */
public final class NonStationaryKernel {

    private final long n;
    private final int half;
    private final NonStationaryLoops.Filters filters;

    /**
     * @param hs (Input) the filters, one per row, all of one odd length; kept (not copied)
     * @param oh the first filter's position
     * @param dh the spacing (any positive value when there is one filter)
     * @param n  the axis length
     */
    public NonStationaryKernel(double[][] hs, long oh, long dh, long n) {
        this.n = n;
        this.half = hs[0].length / 2;
        this.filters = new NonStationaryLoops.Filters(hs, oh, dh, n, half);
    }

    /** Half the filter length: the ghost rows a slab needs on each side. */
    public int half() {
        return half;
    }

    /** Writes {@code h_ix} into {@code h}. */
    public void filter(long ix, double[] h) {
        NonStationaryLoops.filter(filters, ix, h);
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
        int c = x.type().components();
        long w = c * inner;
        double[] h = new double[2 * half + 1];
        long lo = Math.max(Math.max(0, yFrom - half), xFrom);
        long hi = Math.min(Math.min(n, yFrom + yRows + half), xFrom + xRows);
        if (w == 1 && y.hostArray() instanceof double[] yd) {
            NonStationaryLoops.forward(filters, (double[]) x.hostArray(), xFrom, xRows, yd, (int) yAt, yFrom, yRows);
        } else if (y.hostArray() instanceof double[] yd) {
            double[] xd = (double[]) x.hostArray();
            java.util.Arrays.fill(yd, (int) (yAt * w), (int) ((yAt + yRows) * w), 0.0);
            for (long ix = lo; ix < hi; ix++) {
                filter(ix, h);
                int xs = (int) ((ix - xFrom) * w);
                for (int k = k0(ix - half, yFrom), k1 = k1(ix - half, yFrom + yRows); k < k1; k++) {
                    int ys = (int) ((ix + k - half - yFrom + yAt) * w);
                    double hk = h[k];
                    for (int q = 0; q < w; q++) {
                        yd[ys + q] += hk * xd[xs + q];
                    }
                }
            }
        } else {
            float[] yf = (float[]) y.hostArray();
            float[] xf = (float[]) x.hostArray();
            java.util.Arrays.fill(yf, (int) (yAt * w), (int) ((yAt + yRows) * w), 0f);
            for (long ix = lo; ix < hi; ix++) {
                filter(ix, h);
                int xs = (int) ((ix - xFrom) * w);
                for (int k = k0(ix - half, yFrom), k1 = k1(ix - half, yFrom + yRows); k < k1; k++) {
                    int ys = (int) ((ix + k - half - yFrom + yAt) * w);
                    float hk = (float) h[k];
                    for (int q = 0; q < w; q++) {
                        yf[ys + q] += hk * xf[xs + q];
                    }
                }
            }
        }
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
        int c = y.type().components();
        long w = c * inner;
        double[] h = new double[2 * half + 1];
        long lo = Math.max(0, yFrom);                    // the held rows inside the axis
        long hi = Math.min(n, yFrom + yRows);
        if (w == 1 && x.hostArray() instanceof double[] xd) {
            NonStationaryLoops.adjoint(filters, (double[]) y.hostArray(), yFrom, yRows, xd, (int) xAt, xFrom, xRows);
        } else if (x.hostArray() instanceof double[] xd) {
            double[] yd = (double[]) y.hostArray();
            java.util.Arrays.fill(xd, (int) (xAt * w), (int) ((xAt + xRows) * w), 0.0);
            for (long ix = xFrom; ix < xFrom + xRows; ix++) {
                filter(ix, h);
                int xs = (int) ((ix - xFrom + xAt) * w);
                for (int k = k0(ix - half, lo), k1 = k1(ix - half, hi); k < k1; k++) {
                    int ys = (int) ((ix - half + k - yFrom) * w);
                    double hk = h[k];
                    for (int q = 0; q < w; q++) {
                        xd[xs + q] += hk * yd[ys + q];
                    }
                }
            }
        } else {
            float[] xf = (float[]) x.hostArray();
            float[] yf = (float[]) y.hostArray();
            java.util.Arrays.fill(xf, (int) (xAt * w), (int) ((xAt + xRows) * w), 0f);
            for (long ix = xFrom; ix < xFrom + xRows; ix++) {
                filter(ix, h);
                int xs = (int) ((ix - xFrom + xAt) * w);
                for (int k = k0(ix - half, lo), k1 = k1(ix - half, hi); k < k1; k++) {
                    int ys = (int) ((ix - half + k - yFrom) * w);
                    float hk = (float) h[k];
                    for (int q = 0; q < w; q++) {
                        xf[xs + q] += hk * yf[ys + q];
                    }
                }
            }
        }
    }

    /** The first tap {@code k} whose row {@code first + k} is at least {@code from}. */
    private static int k0(long first, long from) {
        return (int) Math.max(0, from - first);
    }

    /** One past the last tap {@code k} whose row {@code first + k} is below {@code to}. */
    private int k1(long first, long to) {
        return (int) Math.max(0, Math.min(2L * half + 1, to - first));
    }
}
