package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Reduction;

/**
 * The host kernels: plain counted loops over primitive arrays, written so that the JIT turns the
 * element-wise ones into vector code (no boxing, no calls per element). Reductions accumulate in
 * double precision with four independent partial sums in a fixed order, so results are
 * bit-identical run after run. Positions and counts are in array entries unless a parameter says
 * "elements" (complex elements are two entries).
 */
final class HostKernels {

    /** Entries transformed at a time by the reductions (fits the first-level cache). */
    private static final int CHUNK = 1024;

    private HostKernels() {
    }

    // ---------------------------------------------------------------------------------------
    // Element-wise, double precision. out may alias x or y.

    static void negate(double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = -x[i];
        }
    }

    static void add(double[] x, double[] y, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] + y[i];
        }
    }

    static void subtract(double[] x, double[] y, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] - y[i];
        }
    }

    static void multiply(double[] x, double[] y, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * y[i];
        }
    }

    /** Complex product of {@code elements} interleaved pairs. */
    static void multiplyComplex(double[] x, double[] y, double[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            double xr = x[j], xi = x[j + 1], yr = y[j], yi = y[j + 1];
            out[j] = xr * yr - xi * yi;
            out[j + 1] = xr * yi + xi * yr;
        }
    }

    static void scale(double[] x, double s, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = s * x[i];
        }
    }

    /** {@code out = (re + i im) * x} over {@code elements} interleaved pairs. */
    static void scaleComplex(double[] x, double re, double im, double[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            double xr = x[j], xi = x[j + 1];
            out[j] = re * xr - im * xi;
            out[j + 1] = re * xi + im * xr;
        }
    }

    static void conj(double[] x, double[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            out[j] = x[j];
            out[j + 1] = -x[j + 1];
        }
    }

    // ---------------------------------------------------------------------------------------
    // Element-wise, single precision (arithmetic in float, as NumPy does for float32).

    static void negate(float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = -x[i];
        }
    }

    static void add(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] + y[i];
        }
    }

    static void subtract(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] - y[i];
        }
    }

    static void multiply(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * y[i];
        }
    }

    static void multiplyComplex(float[] x, float[] y, float[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            float xr = x[j], xi = x[j + 1], yr = y[j], yi = y[j + 1];
            out[j] = xr * yr - xi * yi;
            out[j + 1] = xr * yi + xi * yr;
        }
    }

    static void scale(float[] x, float s, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = s * x[i];
        }
    }

    static void scaleComplex(float[] x, float re, float im, float[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            float xr = x[j], xi = x[j + 1];
            out[j] = re * xr - im * xi;
            out[j + 1] = re * xi + im * xr;
        }
    }

    static void conj(float[] x, float[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            out[j] = x[j];
            out[j + 1] = -x[j + 1];
        }
    }

    // ---------------------------------------------------------------------------------------
    // Dot products: blocks of CHUNK entries, each summed with four partial sums combined as
    // (s0 + s1) + (s2 + s3); the block sums are added in order. Blocking keeps the rounding error
    // near that of a pairwise sum; the partial sums let the loads and adds overlap.

    static void dot(double[] x, int xo, double[] y, int yo, int n, double[] acc) {
        double total = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = start;
            for (; i + 3 < end; i += 4) {
                s0 += x[xo + i] * y[yo + i];
                s1 += x[xo + i + 1] * y[yo + i + 1];
                s2 += x[xo + i + 2] * y[yo + i + 2];
                s3 += x[xo + i + 3] * y[yo + i + 3];
            }
            for (; i < end; i++) {
                s0 += x[xo + i] * y[yo + i];
            }
            total += (s0 + s1) + (s2 + s3);
        }
        acc[0] += total;
    }

    static void dot(float[] x, int xo, float[] y, int yo, int n, double[] acc) {
        double total = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = start;
            for (; i + 3 < end; i += 4) {
                s0 += (double) x[xo + i] * y[yo + i];
                s1 += (double) x[xo + i + 1] * y[yo + i + 1];
                s2 += (double) x[xo + i + 2] * y[yo + i + 2];
                s3 += (double) x[xo + i + 3] * y[yo + i + 3];
            }
            for (; i < end; i++) {
                s0 += (double) x[xo + i] * y[yo + i];
            }
            total += (s0 + s1) + (s2 + s3);
        }
        acc[0] += total;
    }

    /** Complex dot over {@code elements} pairs from entries xo, yo; {@code sign = -1} conjugates x. */
    static void dotComplex(double[] x, int xo, double[] y, int yo, int elements, double sign, double[] acc) {
        double re = 0, im = 0;
        for (int start = 0; start < elements; start += CHUNK / 2) {
            int end = Math.min(elements, start + CHUNK / 2);
            double r0 = 0, i0 = 0, r1 = 0, i1 = 0;
            int k = start;
            for (; k + 1 < end; k += 2) {
                int a = xo + 2 * k, b = yo + 2 * k;
                double xr = x[a], xi = sign * x[a + 1], yr = y[b], yi = y[b + 1];
                r0 += xr * yr - xi * yi;
                i0 += xr * yi + xi * yr;
                xr = x[a + 2];
                xi = sign * x[a + 3];
                yr = y[b + 2];
                yi = y[b + 3];
                r1 += xr * yr - xi * yi;
                i1 += xr * yi + xi * yr;
            }
            for (; k < end; k++) {
                int a = xo + 2 * k, b = yo + 2 * k;
                double xr = x[a], xi = sign * x[a + 1], yr = y[b], yi = y[b + 1];
                r0 += xr * yr - xi * yi;
                i0 += xr * yi + xi * yr;
            }
            re += r0 + r1;
            im += i0 + i1;
        }
        acc[0] += re;
        acc[1] += im;
    }

    static void dotComplex(float[] x, int xo, float[] y, int yo, int elements, double sign, double[] acc) {
        double re = 0, im = 0;
        for (int start = 0; start < elements; start += CHUNK / 2) {
            int end = Math.min(elements, start + CHUNK / 2);
            double r0 = 0, i0 = 0, r1 = 0, i1 = 0;
            int k = start;
            for (; k + 1 < end; k += 2) {
                int a = xo + 2 * k, b = yo + 2 * k;
                double xr = x[a], xi = sign * x[a + 1], yr = y[b], yi = y[b + 1];
                r0 += xr * yr - xi * yi;
                i0 += xr * yi + xi * yr;
                xr = x[a + 2];
                xi = sign * x[a + 3];
                yr = y[b + 2];
                yi = y[b + 3];
                r1 += xr * yr - xi * yi;
                i1 += xr * yi + xi * yr;
            }
            for (; k < end; k++) {
                int a = xo + 2 * k, b = yo + 2 * k;
                double xr = x[a], xi = sign * x[a + 1], yr = y[b], yi = y[b + 1];
                r0 += xr * yr - xi * yi;
                i0 += xr * yi + xi * yr;
            }
            re += r0 + r1;
            im += i0 + i1;
        }
        acc[0] += re;
        acc[1] += im;
    }

    // ---------------------------------------------------------------------------------------
    // Reductions. A chunk of elements is first mapped to f(|x_i|) in a small double buffer
    // (abs, square, power or non-zero flag), which is then summed / maxed / mined with four
    // partial results. Both loops are simple enough for the JIT to vectorise or pipeline.

    /** The reduction of {@code n} elements from element {@code from}. */
    static double reduce(double[] x, int from, int n, boolean complex, Reduction r, double p) {
        double[] tmp = new double[Math.min(CHUNK, Math.max(n, 1))];
        double acc = r.identity();
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            if (complex) {
                mapComplex(x, 2 * (from + start), m, r, p, tmp);
            } else {
                map(x, from + start, m, r, p, tmp);
            }
            acc = r.combine(acc, fold(tmp, m, r));
        }
        return acc;
    }

    static double reduce(float[] x, int from, int n, boolean complex, Reduction r, double p) {
        double[] tmp = new double[Math.min(CHUNK, Math.max(n, 1))];
        double acc = r.identity();
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            if (complex) {
                mapComplex(x, 2 * (from + start), m, r, p, tmp);
            } else {
                map(x, from + start, m, r, p, tmp);
            }
            acc = r.combine(acc, fold(tmp, m, r));
        }
        return acc;
    }

    /**
     * Combines {@code f(x)} of {@code n} elements from element {@code from} into
     * {@code acc[accFrom .. accFrom + n)} element by element (one row of an axis reduction).
     */
    static void accumulate(double[] x, int from, int n, boolean complex, Reduction r, double p, double[] acc,
            int accFrom, double[] tmp) {
        for (int start = 0; start < n; start += tmp.length) {
            int m = Math.min(tmp.length, n - start);
            if (complex) {
                mapComplex(x, 2 * (from + start), m, r, p, tmp);
            } else {
                map(x, from + start, m, r, p, tmp);
            }
            merge(tmp, m, r, acc, accFrom + start);
        }
    }

    static void accumulate(float[] x, int from, int n, boolean complex, Reduction r, double p, double[] acc,
            int accFrom, double[] tmp) {
        for (int start = 0; start < n; start += tmp.length) {
            int m = Math.min(tmp.length, n - start);
            if (complex) {
                mapComplex(x, 2 * (from + start), m, r, p, tmp);
            } else {
                map(x, from + start, m, r, p, tmp);
            }
            merge(tmp, m, r, acc, accFrom + start);
        }
    }

    static int chunk() {
        return CHUNK;
    }

    /** {@code |z|} without undue overflow or underflow (hypot only off the fast path). */
    static double cabs(double re, double im) {
        double s = re * re + im * im;
        if (s >= Double.MIN_NORMAL && s < Double.POSITIVE_INFINITY) {
            return Math.sqrt(s);
        }
        return Math.hypot(re, im);
    }

    private static void map(double[] x, int from, int m, Reduction r, double p, double[] t) {
        switch (r) {
            case COUNT_NONZERO -> {
                for (int i = 0; i < m; i++) {
                    t[i] = x[from + i] != 0 ? 1.0 : 0.0;
                }
            }
            case SUM_SQUARES -> {
                for (int i = 0; i < m; i++) {
                    double v = x[from + i];
                    t[i] = v * v;
                }
            }
            case SUM_POW -> {
                for (int i = 0; i < m; i++) {
                    t[i] = Math.pow(Math.abs(x[from + i]), p);
                }
            }
            default -> {
                for (int i = 0; i < m; i++) {
                    t[i] = Math.abs(x[from + i]);
                }
            }
        }
    }

    private static void map(float[] x, int from, int m, Reduction r, double p, double[] t) {
        switch (r) {
            case COUNT_NONZERO -> {
                for (int i = 0; i < m; i++) {
                    t[i] = x[from + i] != 0 ? 1.0 : 0.0;
                }
            }
            case SUM_SQUARES -> {
                for (int i = 0; i < m; i++) {
                    double v = x[from + i];
                    t[i] = v * v;
                }
            }
            case SUM_POW -> {
                for (int i = 0; i < m; i++) {
                    t[i] = Math.pow(Math.abs((double) x[from + i]), p);
                }
            }
            default -> {
                for (int i = 0; i < m; i++) {
                    t[i] = Math.abs((double) x[from + i]);
                }
            }
        }
    }

    /** Like {@link #map} for {@code m} complex elements starting at entry {@code at}. */
    private static void mapComplex(double[] x, int at, int m, Reduction r, double p, double[] t) {
        switch (r) {
            case COUNT_NONZERO -> {
                for (int i = 0; i < m; i++) {
                    t[i] = x[at + 2 * i] != 0 || x[at + 2 * i + 1] != 0 ? 1.0 : 0.0;
                }
            }
            case SUM_SQUARES -> {
                for (int i = 0; i < m; i++) {
                    double a = x[at + 2 * i], b = x[at + 2 * i + 1];
                    t[i] = a * a + b * b;
                }
            }
            case SUM_POW -> {
                for (int i = 0; i < m; i++) {
                    t[i] = Math.pow(cabs(x[at + 2 * i], x[at + 2 * i + 1]), p);
                }
            }
            default -> {
                for (int i = 0; i < m; i++) {
                    t[i] = cabs(x[at + 2 * i], x[at + 2 * i + 1]);
                }
            }
        }
    }

    private static void mapComplex(float[] x, int at, int m, Reduction r, double p, double[] t) {
        switch (r) {
            case COUNT_NONZERO -> {
                for (int i = 0; i < m; i++) {
                    t[i] = x[at + 2 * i] != 0 || x[at + 2 * i + 1] != 0 ? 1.0 : 0.0;
                }
            }
            case SUM_SQUARES -> {
                for (int i = 0; i < m; i++) {
                    double a = x[at + 2 * i], b = x[at + 2 * i + 1];
                    t[i] = a * a + b * b;
                }
            }
            case SUM_POW -> {
                for (int i = 0; i < m; i++) {
                    t[i] = Math.pow(cabs(x[at + 2 * i], x[at + 2 * i + 1]), p);
                }
            }
            default -> {
                for (int i = 0; i < m; i++) {
                    t[i] = cabs(x[at + 2 * i], x[at + 2 * i + 1]);
                }
            }
        }
    }

    /** Sum, max or min of {@code t[0..m)} with four partial results. */
    private static double fold(double[] t, int m, Reduction r) {
        double a0 = r.identity(), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        switch (r) {
            case MAX_ABS -> {
                for (; i + 3 < m; i += 4) {
                    a0 = Math.max(a0, t[i]);
                    a1 = Math.max(a1, t[i + 1]);
                    a2 = Math.max(a2, t[i + 2]);
                    a3 = Math.max(a3, t[i + 3]);
                }
                for (; i < m; i++) {
                    a0 = Math.max(a0, t[i]);
                }
                return Math.max(Math.max(a0, a1), Math.max(a2, a3));
            }
            case MIN_ABS -> {
                for (; i + 3 < m; i += 4) {
                    a0 = Math.min(a0, t[i]);
                    a1 = Math.min(a1, t[i + 1]);
                    a2 = Math.min(a2, t[i + 2]);
                    a3 = Math.min(a3, t[i + 3]);
                }
                for (; i < m; i++) {
                    a0 = Math.min(a0, t[i]);
                }
                return Math.min(Math.min(a0, a1), Math.min(a2, a3));
            }
            default -> {
                for (; i + 3 < m; i += 4) {
                    a0 += t[i];
                    a1 += t[i + 1];
                    a2 += t[i + 2];
                    a3 += t[i + 3];
                }
                for (; i < m; i++) {
                    a0 += t[i];
                }
                return (a0 + a1) + (a2 + a3);
            }
        }
    }

    private static void merge(double[] t, int m, Reduction r, double[] acc, int at) {
        switch (r) {
            case MAX_ABS -> {
                for (int i = 0; i < m; i++) {
                    acc[at + i] = Math.max(acc[at + i], t[i]);
                }
            }
            case MIN_ABS -> {
                for (int i = 0; i < m; i++) {
                    acc[at + i] = Math.min(acc[at + i], t[i]);
                }
            }
            default -> {
                for (int i = 0; i < m; i++) {
                    acc[at + i] += t[i];
                }
            }
        }
    }
}
