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

    /** {@code y += s * x} over {@code n} entries. */
    static void axpy(double s, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += s * x[i];
        }
    }

    /** {@code y += (re + i im) * x} over {@code elements} interleaved pairs. */
    static void axpyComplex(double re, double im, double[] x, double[] y, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            double xr = x[j], xi = x[j + 1];
            y[j] += re * xr - im * xi;
            y[j + 1] += re * xi + im * xr;
        }
    }

    /** {@code y = x + s * y} over {@code n} entries. */
    static void aypx(double s, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + s * y[i];
        }
    }

    /** {@code y += a p; p = x + b p} over {@code n} entries, {@code p} read once ({@code y} apart from both). */
    static void axpyAypx(double a, double[] p, double[] y, double b, double[] x, int n) {
        for (int i = 0; i < n; i++) {
            double pi = p[i];
            y[i] += a * pi;
            p[i] = x[i] + b * pi;
        }
    }

    /** {@code y = x + (re + i im) * y} over {@code elements} interleaved pairs. */
    static void aypxComplex(double re, double im, double[] x, double[] y, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            double yr = y[j], yi = y[j + 1];
            y[j] = x[j] + (re * yr - im * yi);
            y[j + 1] = x[j + 1] + (re * yi + im * yr);
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

    static void axpy(float s, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += s * x[i];
        }
    }

    static void axpyComplex(float re, float im, float[] x, float[] y, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            float xr = x[j], xi = x[j + 1];
            y[j] += re * xr - im * xi;
            y[j + 1] += re * xi + im * xr;
        }
    }

    static void aypx(float s, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + s * y[i];
        }
    }

    static void axpyAypx(float a, float[] p, float[] y, float b, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float pi = p[i];
            y[i] += a * pi;
            p[i] = x[i] + b * pi;
        }
    }

    static void aypxComplex(float re, float im, float[] x, float[] y, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            float yr = y[j], yi = y[j + 1];
            y[j] = x[j] + (re * yr - im * yi);
            y[j + 1] = x[j + 1] + (re * yi + im * yr);
        }
    }

    static void conj(float[] x, float[] out, int elements) {
        for (int k = 0, j = 0; k < elements; k++, j += 2) {
            out[j] = x[j];
            out[j + 1] = -x[j + 1];
        }
    }

    // ---------------------------------------------------------------------------------------
    // Reductions. A chunk of elements is first mapped to f(|x_i|) in a small double buffer
    // (abs, square, power or non-zero flag), which is then summed / maxed / mined with four
    // partial results. Both loops are simple enough for the JIT to vectorise or pipeline.

    /** The reduction of {@code n} elements from element {@code from}. */
    static double reduce(double[] x, int from, int n, boolean complex, Reduction r, double p) {
        if (r != Reduction.MAX_ABS && r != Reduction.MIN_ABS) {
            return sum(x, from, n, complex, r, p);
        }
        if (!complex && r == Reduction.MAX_ABS) {
            return maxAbs(x, from, n);
        }
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
        if (r != Reduction.MAX_ABS && r != Reduction.MIN_ABS) {
            return sum(x, from, n, complex, r, p);
        }
        if (!complex && r == Reduction.MAX_ABS) {
            return maxAbs(x, from, n);
        }
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

    // ---------------------------------------------------------------------------------------
    // Sums: one block in the fixed order of Engine.blockSum (the block kernels), over the range.

    /** {@code sum f(x_i)} over {@code n} elements from element {@code from}, one fixed-order block. */
    static double sum(double[] x, int from, int n, boolean complex, Reduction r, double p) {
        double[] v = new double[1];
        if (n > 0) {
            HostBlockKernels.sumBlocks(x, from, n, complex, n, r, p, v, 0);
        }
        return v[0];
    }

    /** As {@link #sum(double[], int, int, boolean, Reduction, double)} on floats. */
    static double sum(float[] x, int from, int n, boolean complex, Reduction r, double p) {
        double[] v = new double[1];
        if (n > 0) {
            HostBlockKernels.sumBlocks(x, from, n, complex, n, r, p, v, 0);
        }
        return v[0];
    }

    // ---------------------------------------------------------------------------------------
    // Extremes of real data as direct loops: blocks of CHUNK entries, four partial maxima.

    /**
     * {@code max |x_i|} over {@code n} real entries (0 for none; NaN if any entry is NaN). The
     * maxima use a plain compare-and-select, which skips NaN; a running sum of the same
     * {@code |x_i|} (NaN exactly when some entry is NaN, as it has no negative terms) restores
     * NumPy's NaN propagation at the cost of one add, cheaper than {@code Math.max}'s NaN handling.
     */
    static double maxAbs(double[] x, int from, int n) {
        double m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0, t0 = 0, t1 = 0;
        int i = from, end = from + n;
        for (; i + 7 < end; i += 8) {
            double a = Math.abs(x[i]), b = Math.abs(x[i + 1]), c = Math.abs(x[i + 2]), d = Math.abs(x[i + 3]);
            double e = Math.abs(x[i + 4]), f = Math.abs(x[i + 5]), g = Math.abs(x[i + 6]), h = Math.abs(x[i + 7]);
            m0 = a > m0 ? a : m0;
            m1 = b > m1 ? b : m1;
            m2 = c > m2 ? c : m2;
            m3 = d > m3 ? d : m3;
            m4 = e > m4 ? e : m4;
            m5 = f > m5 ? f : m5;
            m6 = g > m6 ? g : m6;
            m7 = h > m7 ? h : m7;
            t0 += (a + b) + (c + d);
            t1 += (e + f) + (g + h);
        }
        for (; i < end; i++) {
            double a = Math.abs(x[i]);
            m0 = a > m0 ? a : m0;
            t0 += a;
        }
        if (Double.isNaN(t0 + t1)) {
            return Double.NaN;
        }
        return Math.max(Math.max(Math.max(m0, m1), Math.max(m2, m3)), Math.max(Math.max(m4, m5), Math.max(m6, m7)));
    }

    static double maxAbs(float[] x, int from, int n) {
        float m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0, t0 = 0, t1 = 0;
        int i = from, end = from + n;
        for (; i + 7 < end; i += 8) {
            float a = Math.abs(x[i]), b = Math.abs(x[i + 1]), c = Math.abs(x[i + 2]), d = Math.abs(x[i + 3]);
            float e = Math.abs(x[i + 4]), f = Math.abs(x[i + 5]), g = Math.abs(x[i + 6]), h = Math.abs(x[i + 7]);
            m0 = a > m0 ? a : m0;
            m1 = b > m1 ? b : m1;
            m2 = c > m2 ? c : m2;
            m3 = d > m3 ? d : m3;
            m4 = e > m4 ? e : m4;
            m5 = f > m5 ? f : m5;
            m6 = g > m6 ? g : m6;
            m7 = h > m7 ? h : m7;
            t0 += (a + b) + (c + d);
            t1 += (e + f) + (g + h);
        }
        for (; i < end; i++) {
            float a = Math.abs(x[i]);
            m0 = a > m0 ? a : m0;
            t0 += a;
        }
        if (Float.isNaN(t0 + t1)) {
            return Double.NaN;
        }
        return Math.max(Math.max(Math.max(m0, m1), Math.max(m2, m3)), Math.max(Math.max(m4, m5), Math.max(m6, m7)));
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

    static void map(double[] x, int from, int m, Reduction r, double p, double[] t) {
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

    static void map(float[] x, int from, int m, Reduction r, double p, double[] t) {
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
    static void mapComplex(double[] x, int at, int m, Reduction r, double p, double[] t) {
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

    static void mapComplex(float[] x, int at, int m, Reduction r, double p, double[] t) {
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
