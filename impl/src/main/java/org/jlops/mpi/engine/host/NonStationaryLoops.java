package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Buffer;

/**
 * The host engine's kernel of the non-stationary convolution ({@link #apply}, behind
 * {@code StencilKernels.nonStationary}), and its loops on real float64 samples of one element per
 * row (a 1-d signal, or the convolved axis last): the filters {@code hs} (one per row, odd length
 * {@code 2·half + 1}) given at positions {@code oh, oh + dh, ...}, and at sample {@code ix} the
 * filter
 *
 * <pre>
 *     h_ix[k] = (1 − w) · hs[j][k] + w · hs[j + 1][k]     j = floor((ix − oh) / dh), w = (ix − oh) / dh − j
 *     h_ix    = hs[0] where j &lt; 0, hs[last] where j ≥ last       (copied: no arithmetic)
 *
 *     forward:  y[iy] = Σ_ix h_ix[iy − ix + half] · x[ix]      over the held ix within half of iy, increasing ix
 *     adjoint:  x[ix] = Σ_k  h_ix[k] · y[ix − half + k]         over the held iy inside the axis, increasing k
 * </pre>
 *
 * <p>Each sum starts from +0.0 and adds its terms one at a time in that order, each term the
 * product of the filter value and the sample, the filter value the two products and the sum of the
 * line above (no fused multiply-add). The scalar loops compute one filter per sample and spread it
 * over its outputs (forward) or gather its inputs (adjoint). The Vector API's loops
 * ({@code VectorNonStationaryLoops}, when the JVM runs with {@code --add-modules
 * jdk.incubator.vector} and {@code -Djlops.stencil.vector} is not {@code off}) compute vectors of
 * outputs, each lane with the scalar operations, where every sample a vector reads lies in one
 * interpolation interval and inside the held rows, and the other outputs one at a time: the same
 * bits. They compute the weights {@code w} and {@code 1 − w} once per sample, and leave filters
 * spaced closer than a few vectors to the scalar loops (few vectors would lie in one interval).
 * Measured side by side in one JVM on 2^22 samples, 256 filters of 31 taps (this project's 2-core
 * AMD EPYC, busy with another job; fastest of 15): 34 ms forward and 23 ms adjoint, against 101 and
 * 95 ms for the scalar loops and 254 and 393 ms for the loops they replace (one filter per sample,
 * a bounds test per tap).
 *
 * <p>Which loops run follows the host's stencil kernels: their scalar kernels
 * ({@code StencilKernels.scalar()}, {@code StencilKernels.onScalarPath}) take the scalar loops. Local; no allocation beyond a few kilobytes of
 * weights per call.
 */
public final class NonStationaryLoops {

    /** Samples whose weights are computed at a time (and the outputs made from them). */
    static final int CHUNK = 2048;

    /** The loops every JVM runs. */
    static final Loops SCALAR = new Loops();

    /** The Vector API's loops where the JVM has them, else the scalar ones. */
    static final Loops INSTANCE = selected();

    private NonStationaryLoops() {
    }

    /**
     * The filters of a non-stationary convolution: {@code hs} at {@code oh, oh + dh, ...} on an
     * axis of {@code n} samples.
     *
     * @param hs   the filters, one per row, all of length {@code 2·half + 1}; not copied
     * @param oh   the first filter's position
     * @param dh   the spacing (any positive value when there is one filter)
     * @param n    the axis length
     * @param half half the filter length
     */
    public record Filters(double[][] hs, long oh, long dh, long n, int half) {

        /** The interval of sample {@code ix}: −1 before the first position, the last filter's index from it on. */
        int interval(long ix) {
            long j = Math.floorDiv(ix - oh, dh);
            return j < 0 ? -1 : (int) Math.min(j, hs.length - 1);
        }
    }

    /**
     * The kernel of the non-stationary convolution on host buffers of any element type (the host
     * engine's {@code StencilKernels.nonStationary}): rows of {@code inner} elements along the
     * convolved axis; real float64 rows of one element take the Vector API's loops where the JVM
     * has them (the scalar ones when {@code scalar}), the other cases spread one filter per sample
     * over rows of elements (the same terms in the same order). Local.
     *
     * @param scalar  the scalar loops whatever the JVM offers
     * @param adjoint the adjoint instead of the forward
     * @param f       the filters
     * @param in      (Input) the held rows {@code [inFrom, inFrom + inRows)}, from element 0
     * @param inFrom  the first held row
     * @param inRows  the held rows; every row within {@code half} of an output row inside the axis
     * @param out     (Output) the output rows from its row {@code outAt}; overwritten, never read
     * @param outAt   the row of {@code out} that receives output row {@code outFrom}
     * @param outFrom the first output row
     * @param outRows the output rows
     * @param inner   elements per row
     */
    public static void apply(boolean scalar, boolean adjoint, Filters f, Buffer in, long inFrom, long inRows,
            Buffer out, long outAt, long outFrom, long outRows, long inner) {
        Loops l = scalar ? SCALAR : INSTANCE;
        if (adjoint) {
            adjointRows(l, f, in, inFrom, inRows, out, outAt, outFrom, outRows, inner);
        } else {
            forwardRows(l, f, in, inFrom, inRows, out, outAt, outFrom, outRows, inner);
        }
    }

    /** The loops selected for this JVM. */
    static Loops selected() {
        if (HostStencilKernels.vectorPropertyOff() != null) {
            return SCALAR;
        }
        Loops v = HostStencilKernels.vectorImplementation(Loops.class, "VectorNonStationaryLoops", l -> {
            Filters f = new Filters(new double[][] {{1, 2, 3}}, 0, 1, 2, 1);
            l.forward(f, new double[2], 0, 2, new double[2], 0, 0, 2);
        }, new StringBuilder());
        return v == null ? SCALAR : v;
    }

    /**
     * The scalar loops: per sample, its filter computed once and spread over its outputs (forward)
     * or gathered from its inputs (adjoint), which leaves each output's terms in the order above.
     * The vector loops extend them.
     */
    static class Loops {

        String description() {
            return "scalar loops";
        }

        /** The forward outputs {@code [yFrom, yFrom + yRows)}, output {@code iy} to {@code y[iy − yBase]}. */
        void forward(Filters f, double[] x, long xFrom, long xRows, double[] y, long yBase, long yFrom, long yRows) {
            int half = f.half();
            double[] h = new double[2 * half + 1];
            long lo = Math.max(Math.max(0, yFrom - half), xFrom);
            long hi = Math.min(Math.min(f.n(), yFrom + yRows + half), xFrom + xRows);
            java.util.Arrays.fill(y, (int) (yFrom - yBase), (int) (yFrom - yBase + yRows), 0.0);
            for (long ix = lo; ix < hi; ix++) {
                filter(f, ix, h);
                double v = x[(int) (ix - xFrom)];
                // the outputs iy = ix − half + k inside [yFrom, yFrom + yRows)
                int k0 = (int) Math.max(0, yFrom - (ix - half));
                int k1 = (int) Math.min(h.length, yFrom + yRows - (ix - half));
                int at = (int) (ix - half - yBase);
                for (int k = k0; k < k1; k++) {
                    y[at + k] += h[k] * v;
                }
            }
        }

        /** The adjoint outputs {@code [xFrom, xFrom + xRows)}, output {@code ix} to {@code x[ix − xBase]}. */
        void adjoint(Filters f, double[] y, long yFrom, long yRows, double[] x, long xBase, long xFrom, long xRows) {
            int half = f.half();
            double[] h = new double[2 * half + 1];
            long lo = Math.max(0, yFrom);
            long hi = Math.min(f.n(), yFrom + yRows);
            for (long ix = xFrom; ix < xFrom + xRows; ix++) {
                filter(f, ix, h);
                // the inputs iy = ix − half + k inside [lo, hi)
                int k0 = (int) Math.max(0, lo - (ix - half));
                int k1 = (int) Math.min(h.length, hi - (ix - half));
                int at = (int) (ix - half - yFrom);
                double s = 0.0;
                for (int k = k0; k < k1; k++) {
                    s += h[k] * y[at + k];
                }
                x[(int) (ix - xBase)] = s;
            }
        }
    }

    /**
     * Writes {@code h_ix} into {@code h}: the end filter, or the interpolation of the two around
     * {@code ix} (the definition above). Local.
     *
     * @param f  the filters
     * @param ix the sample
     * @param h  (Output) room for one filter
     */
    static void filter(Filters f, long ix, double[] h) {
        double[][] hs = f.hs();
        int j = f.interval(ix);
        if (j < 0 || j >= hs.length - 1) {
            System.arraycopy(hs[j < 0 ? 0 : hs.length - 1], 0, h, 0, h.length);
        } else {
            double w = (double) (ix - f.oh()) / f.dh() - j;
            double[] a = hs[j];
            double[] b = hs[j + 1];
            for (int k = 0; k < h.length; k++) {
                h[k] = (1 - w) * a[k] + w * b[k];
            }
        }
    }

    /** Forward output {@code iy}: its terms in increasing {@code ix} over the held samples {@code [lo, hi)}. */
    static double forwardOne(Filters f, Weights wts, double[] x, long xFrom, long lo, long hi, long iy) {
        int half = f.half();
        double s = 0.0;
        for (long ix = Math.max(lo, iy - half), end = Math.min(hi, iy + half + 1); ix < end; ix++) {
            s += wts.tap(ix, (int) (iy - ix + half)) * x[(int) (ix - xFrom)];
        }
        return s;
    }

    /** Adjoint output {@code ix}: its terms in increasing {@code k} over the held samples {@code [lo, hi)}. */
    static double adjointOne(Filters f, Weights wts, double[] y, long yFrom, long lo, long hi, long ix) {
        int half = f.half();
        double s = 0.0;
        for (int k = 0; k <= 2 * half; k++) {
            long iy = ix - half + k;
            if (iy >= lo && iy < hi) {
                s += wts.tap(ix, k) * y[(int) (iy - yFrom)];
            }
        }
        return s;
    }

    /** {@link #apply}'s forward: real float64 rows of one element on {@code l}, the others spread per sample. */
    private static void forwardRows(Loops l, Filters f, Buffer x, long xFrom, long xRows, Buffer y, long yAt, long yFrom,
            long yRows, long inner) {
        int half = f.half();
        long n = f.n();
        int c = x.type().components();
        long w = c * inner;
        double[] h = new double[2 * half + 1];
        long lo = Math.max(Math.max(0, yFrom - half), xFrom);
        long hi = Math.min(Math.min(n, yFrom + yRows + half), xFrom + xRows);
        if (w == 1 && y.hostArray() instanceof double[] yd) {
            l.forward(f, (double[]) x.hostArray(), xFrom, xRows, yd, yFrom - yAt, yFrom, yRows);
        } else if (y.hostArray() instanceof double[] yd) {
            double[] xd = (double[]) x.hostArray();
            java.util.Arrays.fill(yd, (int) (yAt * w), (int) ((yAt + yRows) * w), 0.0);
            for (long ix = lo; ix < hi; ix++) {
                filter(f, ix, h);
                int xs = (int) ((ix - xFrom) * w);
                for (int k = k0(ix - half, yFrom), k1 = k1(ix - half, yFrom + yRows, half); k < k1; k++) {
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
                filter(f, ix, h);
                int xs = (int) ((ix - xFrom) * w);
                for (int k = k0(ix - half, yFrom), k1 = k1(ix - half, yFrom + yRows, half); k < k1; k++) {
                    int ys = (int) ((ix + k - half - yFrom + yAt) * w);
                    float hk = (float) h[k];
                    for (int q = 0; q < w; q++) {
                        yf[ys + q] += hk * xf[xs + q];
                    }
                }
            }
        }
    }

    /** {@link #apply}'s adjoint: real float64 rows of one element on {@code l}, the others gathered per sample. */
    private static void adjointRows(Loops l, Filters f, Buffer y, long yFrom, long yRows, Buffer x, long xAt, long xFrom,
            long xRows, long inner) {
        int half = f.half();
        long n = f.n();
        int c = y.type().components();
        long w = c * inner;
        double[] h = new double[2 * half + 1];
        long lo = Math.max(0, yFrom);                    // the held rows inside the axis
        long hi = Math.min(n, yFrom + yRows);
        if (w == 1 && x.hostArray() instanceof double[] xd) {
            l.adjoint(f, (double[]) y.hostArray(), yFrom, yRows, xd, xFrom - xAt, xFrom, xRows);
        } else if (x.hostArray() instanceof double[] xd) {
            double[] yd = (double[]) y.hostArray();
            java.util.Arrays.fill(xd, (int) (xAt * w), (int) ((xAt + xRows) * w), 0.0);
            for (long ix = xFrom; ix < xFrom + xRows; ix++) {
                filter(f, ix, h);
                int xs = (int) ((ix - xFrom + xAt) * w);
                for (int k = k0(ix - half, lo), k1 = k1(ix - half, hi, half); k < k1; k++) {
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
                filter(f, ix, h);
                int xs = (int) ((ix - xFrom + xAt) * w);
                for (int k = k0(ix - half, lo), k1 = k1(ix - half, hi, half); k < k1; k++) {
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
    private static int k1(long first, long to, int half) {
        return (int) Math.max(0, Math.min(2L * half + 1, to - first));
    }

    /**
     * Per sample of a range: its interval, {@code w} and {@code 1 − w} (computed once per sample as
     * the per-sample filter computes them).
     */
    static final class Weights {
        final Filters f;
        final int[] interval;
        final double[] w;
        final double[] om;
        /** The first sample of the range filled. */
        long from;

        Weights(Filters f, int capacity) {
            this.f = f;
            this.interval = new int[capacity];
            this.w = new double[capacity];
            this.om = new double[capacity];
        }

        /** Fills the samples {@code [a, b)} (outside the axis too: they are never read as terms). */
        void fill(long a, long b) {
            from = a;
            int last = f.hs().length - 1;
            for (long ix = a; ix < b; ix++) {
                int q = (int) (ix - a);
                int j = f.interval(ix);
                interval[q] = j;
                if (j >= 0 && j < last) {
                    double wj = (double) (ix - f.oh()) / f.dh() - j;
                    w[q] = wj;
                    om[q] = 1 - wj;
                }
            }
        }

        /** {@code h_ix[k]}: the interpolation of its interval's filters, or the end filter itself. */
        double tap(long ix, int k) {
            int q = (int) (ix - from);
            int j = interval[q];
            double[][] hs = f.hs();
            if (j < 0) {
                return hs[0][k];
            }
            if (j >= hs.length - 1) {
                return hs[hs.length - 1][k];
            }
            return om[q] * hs[j][k] + w[q] * hs[j + 1][k];
        }
    }
}
