package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;

/**
 * The block sums behind the reproducible reductions: the values of consecutive blocks of a range,
 * each block summed in the one fixed order of {@link Engine#blockSum} — element {@code j} of a
 * block (counted from the block's start) goes to partial sum {@code j mod 8}, each partial sum adds
 * its elements in order from +0, and the value is
 * {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}. Every kernel here equals
 * {@link Engine#blockSum} on its mapped values ({@code f(x_j)} or the products {@code op(x_j) y_j})
 * bit for bit, so a block may be summed from its raw leaves elsewhere and give the same bits.
 *
 * <p>The hot kernels (real float64 squares and dots) run as one flat loop of eight partial sums,
 * flushed at every block boundary: with blocks of 256 elements that is as fast as the plain
 * eight-way sum of the whole range.
 */
final class HostBlockKernels {

    /** Elements mapped at a time into the scratch buffer (a multiple of every block length used in practice). */
    private static final int CHUNK = 1024;

    private HostBlockKernels() {
    }

    /** The fixed-order sum of {@code t[from, from + n)} ({@link Engine#blockSum}), without allocating. */
    private static double lanes(double[] t, int from, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        int full = from + (n & ~7);
        for (; i < full; i += 8) {
            s0 += t[i];
            s1 += t[i + 1];
            s2 += t[i + 2];
            s3 += t[i + 3];
            s4 += t[i + 4];
            s5 += t[i + 5];
            s6 += t[i + 6];
            s7 += t[i + 7];
        }
        int r = from + n - i;                          // the last r elements go to partial sums 0..r-1
        if (r > 0) {
            s0 += t[i];
        }
        if (r > 1) {
            s1 += t[i + 1];
        }
        if (r > 2) {
            s2 += t[i + 2];
        }
        if (r > 3) {
            s3 += t[i + 3];
        }
        if (r > 4) {
            s4 += t[i + 4];
        }
        if (r > 5) {
            s5 += t[i + 5];
        }
        if (r > 6) {
            s6 += t[i + 6];
        }
        return Engine.combineLanes(s0, s1, s2, s3, s4, s5, s6, s7);
    }

    /**
     * {@code out[outPos + k] = sum_{j in block k} f(x_j)} over {@code n} elements from element
     * {@code from}, blocks of {@code block} elements (the last one shorter).
     */
    static void sumBlocks(double[] x, int from, int n, boolean complex, int block, Reduction r, double p,
            double[] out, int outPos) {
        if (!complex && r == Reduction.SUM_SQUARES) {
            sumSquareBlocks(x, from, n, block, out, outPos);
            return;
        }
        if (!complex && r == Reduction.SUM_ABS) {
            sumAbsBlocks(x, from, n, block, out, outPos);
            return;
        }
        mappedBlocks(n, block, out, outPos, (start, m, t) -> {
            if (complex) {
                HostKernels.mapComplex(x, 2 * (from + start), m, r, p, t);
            } else {
                HostKernels.map(x, from + start, m, r, p, t);
            }
        });
    }

    /** As {@link #sumBlocks(double[], int, int, boolean, int, Reduction, double, double[], int)} on floats. */
    static void sumBlocks(float[] x, int from, int n, boolean complex, int block, Reduction r, double p,
            double[] out, int outPos) {
        mappedBlocks(n, block, out, outPos, (start, m, t) -> {
            if (complex) {
                HostKernels.mapComplex(x, 2 * (from + start), m, r, p, t);
            } else {
                HostKernels.map(x, from + start, m, r, p, t);
            }
        });
    }

    /** Maps a chunk of elements ({@code start, m}) to their values {@code f(x)} in a scratch buffer. */
    @FunctionalInterface
    private interface Mapper {
        void map(int start, int m, double[] t);
    }

    /** The blocks of {@code n} mapped values, a scratch buffer of whole blocks at a time. */
    private static void mappedBlocks(int n, int block, double[] out, int outPos, Mapper mapper) {
        double[] t = new double[scratch(n, block)];
        for (int k = outPos, start = 0; start < n; ) {
            int m = Math.min(t.length, n - start);
            mapper.map(start, m, t);
            for (int b = 0; b < m; b += block) {
                out[k++] = lanes(t, b, Math.min(block, m - b));
            }
            start += m;
        }
    }

    /** The hot case, real float64 squares: one flat loop, equal to {@link #lanes} of the squares. */
    private static void sumSquareBlocks(double[] x, int from, int n, int block, double[] out, int outPos) {
        int k = outPos;
        int stop = from + n;
        for (int i = from; i < stop; ) {
            int end = Math.min(stop, i + block);
            int full = i + ((end - i) & ~7);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (; i < full; i += 8) {
                double a0 = x[i], a1 = x[i + 1], a2 = x[i + 2], a3 = x[i + 3];
                double a4 = x[i + 4], a5 = x[i + 5], a6 = x[i + 6], a7 = x[i + 7];
                s0 += a0 * a0;
                s1 += a1 * a1;
                s2 += a2 * a2;
                s3 += a3 * a3;
                s4 += a4 * a4;
                s5 += a5 * a5;
                s6 += a6 * a6;
                s7 += a7 * a7;
            }
            for (int lane = 0; i < end; i++, lane++) {
                double a = x[i] * x[i];
                switch (lane) {
                    case 0 -> s0 += a;
                    case 1 -> s1 += a;
                    case 2 -> s2 += a;
                    case 3 -> s3 += a;
                    case 4 -> s4 += a;
                    case 5 -> s5 += a;
                    default -> s6 += a;
                }
            }
            out[k++] = Engine.combineLanes(s0, s1, s2, s3, s4, s5, s6, s7);
        }
    }

    /** Real float64 absolute values (the 1-norm): one flat loop, equal to {@link #lanes} of {@code |x_j|}. */
    private static void sumAbsBlocks(double[] x, int from, int n, int block, double[] out, int outPos) {
        int k = outPos;
        int stop = from + n;
        for (int i = from; i < stop; ) {
            int end = Math.min(stop, i + block);
            int full = i + ((end - i) & ~7);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (; i < full; i += 8) {
                s0 += Math.abs(x[i]);
                s1 += Math.abs(x[i + 1]);
                s2 += Math.abs(x[i + 2]);
                s3 += Math.abs(x[i + 3]);
                s4 += Math.abs(x[i + 4]);
                s5 += Math.abs(x[i + 5]);
                s6 += Math.abs(x[i + 6]);
                s7 += Math.abs(x[i + 7]);
            }
            for (int lane = 0; i < end; i++, lane++) {
                double a = Math.abs(x[i]);
                switch (lane) {
                    case 0 -> s0 += a;
                    case 1 -> s1 += a;
                    case 2 -> s2 += a;
                    case 3 -> s3 += a;
                    case 4 -> s4 += a;
                    case 5 -> s5 += a;
                    default -> s6 += a;
                }
            }
            out[k++] = Engine.combineLanes(s0, s1, s2, s3, s4, s5, s6, s7);
        }
    }

    /**
     * The dot products {@code sum_{j in block k} x_j y_j} of real data, blocks of {@code block}
     * elements: {@code out[outPos + 2k]} the value, {@code out[outPos + 2k + 1] = 0}. One flat loop,
     * equal to {@link #lanes} of the products.
     */
    static void dotBlocks(double[] x, int xo, double[] y, int yo, int n, int block, double[] out, int outPos) {
        HostStencilKernels.INSTANCE.loops().dotBlocks(x, xo, y, yo, n, block, out, outPos);
    }

    /** The scalar loop of {@link #dotBlocks(double[], int, double[], int, int, int, double[], int)}. */
    static void dotBlocksScalar(double[] x, int xo, double[] y, int yo, int n, int block, double[] out,
            int outPos) {
        int k = outPos;
        int d = yo - xo;
        int stop = xo + n;
        for (int i = xo; i < stop; ) {
            int end = Math.min(stop, i + block);
            int full = i + ((end - i) & ~7);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (; i < full; i += 8) {
                s0 += x[i] * y[i + d];
                s1 += x[i + 1] * y[i + 1 + d];
                s2 += x[i + 2] * y[i + 2 + d];
                s3 += x[i + 3] * y[i + 3 + d];
                s4 += x[i + 4] * y[i + 4 + d];
                s5 += x[i + 5] * y[i + 5 + d];
                s6 += x[i + 6] * y[i + 6 + d];
                s7 += x[i + 7] * y[i + 7 + d];
            }
            for (int lane = 0; i < end; i++, lane++) {
                double a = x[i] * y[i + d];
                switch (lane) {
                    case 0 -> s0 += a;
                    case 1 -> s1 += a;
                    case 2 -> s2 += a;
                    case 3 -> s3 += a;
                    case 4 -> s4 += a;
                    case 5 -> s5 += a;
                    default -> s6 += a;
                }
            }
            out[k++] = Engine.combineLanes(s0, s1, s2, s3, s4, s5, s6, s7);
            out[k++] = 0;
        }
    }

    /** As {@link #dotBlocks(double[], int, double[], int, int, int, double[], int)} on floats (products in double). */
    static void dotBlocks(float[] x, int xo, float[] y, int yo, int n, int block, double[] out, int outPos) {
        double[] t = new double[scratch(n, block)];
        for (int k = outPos, start = 0; start < n; ) {
            int m = Math.min(t.length, n - start);
            for (int i = 0; i < m; i++) {
                t[i] = (double) x[xo + start + i] * y[yo + start + i];
            }
            for (int b = 0; b < m; b += block) {
                out[k++] = lanes(t, b, Math.min(block, m - b));
                out[k++] = 0;
            }
            start += m;
        }
    }

    /**
     * The complex dot products {@code sum_{j in block k} op(x_j) y_j} ({@code sign = -1}
     * conjugates x) over {@code n} elements from entries {@code xo, yo}: real and imaginary parts
     * summed separately in the fixed order, into {@code out[outPos + 2k]} and {@code [.. + 1]}.
     */
    static void dotBlocksComplex(double[] x, int xo, double[] y, int yo, int n, double sign, int block,
            double[] out, int outPos) {
        double[] re = new double[scratch(n, block)];
        double[] im = new double[re.length];
        for (int k = outPos, start = 0; start < n; ) {
            int m = Math.min(re.length, n - start);
            for (int i = 0; i < m; i++) {
                int a = xo + 2 * (start + i), c = yo + 2 * (start + i);
                double xr = x[a], xi = sign * x[a + 1], yr = y[c], yi = y[c + 1];
                re[i] = xr * yr - xi * yi;
                im[i] = xr * yi + xi * yr;
            }
            for (int b = 0; b < m; b += block) {
                out[k++] = lanes(re, b, Math.min(block, m - b));
                out[k++] = lanes(im, b, Math.min(block, m - b));
            }
            start += m;
        }
    }

    /**
     * As {@link #dotBlocksComplex(double[], int, double[], int, int, double, int, double[], int)} on
     * floats: the elements are widened to double a block-aligned chunk at a time, which gives the
     * same products (a float's double value is exact).
     */
    static void dotBlocksComplex(float[] x, int xo, float[] y, int yo, int n, double sign, int block,
            double[] out, int outPos) {
        int chunk = scratch(n, block);
        double[] wx = new double[2 * chunk];
        double[] wy = new double[2 * chunk];
        for (int k = outPos, start = 0; start < n; ) {
            int m = Math.min(chunk, n - start);
            for (int i = 0; i < 2 * m; i++) {
                wx[i] = x[xo + 2 * start + i];
                wy[i] = y[yo + 2 * start + i];
            }
            dotBlocksComplex(wx, 0, wy, 0, m, sign, block, out, k);
            k += 2 * ((m + block - 1) / block);
            start += m;
        }
    }

    /** A scratch length holding whole blocks: at least one block, about {@link #CHUNK} elements, at most n. */
    private static int scratch(int n, int block) {
        int whole = Math.max(1, CHUNK / block) * block;
        return Math.max(1, Math.min(n, whole));
    }
}
