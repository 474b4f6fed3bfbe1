package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;

/**
 * The block sums behind the reproducible reductions: the values of consecutive blocks of a range,
 * each block summed in one fixed order that depends on its contents only. Element {@code j} of a
 * block (counted from the block's start) goes to partial sum {@code j mod 4}; each partial sum
 * adds its elements in order, from +0; the block's value is {@code (s0 + s1) + (s2 + s3)}.
 * {@link Engine#blockSum} is that order on values already mapped, and every kernel here is equal to it
 * bit for bit on the mapped values ({@code f(x_j)} or the products {@code op(x_j) y_j}), so a
 * block may be summed from its raw leaves elsewhere and give the same bits.
 */
final class HostBlockKernels {

    /** Elements mapped at a time into the scratch buffer (a multiple of every block length used in practice). */
    private static final int CHUNK = 1024;

    private HostBlockKernels() {
    }

    /** The fixed-order sum of {@code t[from, from + n)} ({@link Engine#blockSum}). */
    private static double lanes(double[] t, int from, int n) {
        return Engine.blockSum(t, from, n, 1);
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
        double[] t = new double[scratch(n, block)];
        for (int k = outPos, start = 0; start < n; ) {
            int m = Math.min(t.length, n - start);
            if (complex) {
                HostKernels.mapComplex(x, 2 * (from + start), m, r, p, t);
            } else {
                HostKernels.map(x, from + start, m, r, p, t);
            }
            for (int b = 0; b < m; b += block) {
                out[k++] = lanes(t, b, Math.min(block, m - b));
            }
            start += m;
        }
    }

    /** As {@link #sumBlocks(double[], int, int, boolean, int, Reduction, double, double[], int)} on floats. */
    static void sumBlocks(float[] x, int from, int n, boolean complex, int block, Reduction r, double p,
            double[] out, int outPos) {
        double[] t = new double[scratch(n, block)];
        for (int k = outPos, start = 0; start < n; ) {
            int m = Math.min(t.length, n - start);
            if (complex) {
                HostKernels.mapComplex(x, 2 * (from + start), m, r, p, t);
            } else {
                HostKernels.map(x, from + start, m, r, p, t);
            }
            for (int b = 0; b < m; b += block) {
                out[k++] = lanes(t, b, Math.min(block, m - b));
            }
            start += m;
        }
    }

    /** The hot case, real float64 squares, without the scratch buffer (equal to {@link #lanes} of the squares). */
    private static void sumSquareBlocks(double[] x, int from, int n, int block, double[] out, int outPos) {
        int k = outPos;
        for (int b = 0; b < n; b += block) {
            int len = Math.min(block, n - b);
            int at = from + b;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 3 < len; i += 4) {
                double a = x[at + i], c = x[at + i + 1], d = x[at + i + 2], e = x[at + i + 3];
                s0 += a * a;
                s1 += c * c;
                s2 += d * d;
                s3 += e * e;
            }
            if (i < len) {
                double a = x[at + i];
                s0 += a * a;
            }
            if (i + 1 < len) {
                double a = x[at + i + 1];
                s1 += a * a;
            }
            if (i + 2 < len) {
                double a = x[at + i + 2];
                s2 += a * a;
            }
            out[k++] = (s0 + s1) + (s2 + s3);
        }
    }

    /**
     * The dot products {@code sum_{j in block k} x_j y_j} of real data, blocks of {@code block}
     * elements: {@code out[outPos + 2k]} the value, {@code out[outPos + 2k + 1] = 0}.
     */
    static void dotBlocks(double[] x, int xo, double[] y, int yo, int n, int block, double[] out, int outPos) {
        int k = outPos;
        for (int b = 0; b < n; b += block) {
            int len = Math.min(block, n - b);
            int i0 = xo + b;
            int j0 = yo + b;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += x[i0 + i] * y[j0 + i];
                s1 += x[i0 + i + 1] * y[j0 + i + 1];
                s2 += x[i0 + i + 2] * y[j0 + i + 2];
                s3 += x[i0 + i + 3] * y[j0 + i + 3];
            }
            if (i < len) {
                s0 += x[i0 + i] * y[j0 + i];
            }
            if (i + 1 < len) {
                s1 += x[i0 + i + 1] * y[j0 + i + 1];
            }
            if (i + 2 < len) {
                s2 += x[i0 + i + 2] * y[j0 + i + 2];
            }
            out[k++] = (s0 + s1) + (s2 + s3);
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
