package org.jlops.mpi.engine.host;

import java.util.Arrays;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;

/**
 * The host's stencil kernels. For every outer slice the output rows split into
 *
 * <ul>
 *   <li>the <b>bulk</b>: interior rows whose taps all fall in the main input piece. These rows are
 *       consecutive in memory, so the whole bulk of a slice is <em>one</em> loop over
 *       {@code rows * inner} contiguous entries, {@code y[e] = c_0 x[e + s_0] + c_1 x[e + s_1] + ...}
 *       with {@code s_k = o_k * inner} (entries per row): the same loop for every axis, also the
 *       last one ({@code inner = 1}), which the JIT turns into vector code;</li>
 *   <li>the few <b>edge rows</b>: explicit boundary rows and rows whose taps reach into the ghost
 *       pieces, each a short loop over one row combining rows of any piece.</li>
 * </ul>
 *
 * <p>Both paths add the terms of a row in the same order (ascending column), so a row's value does
 * not depend on which path computed it: results are bit-identical whatever the row split.
 */
final class HostStencilKernels implements StencilKernels {

    /** The one instance. */
    static final HostStencilKernels INSTANCE = new HostStencilKernels();

    private HostStencilKernels() {
    }

    @Override
    public void apply(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y,
            boolean accumulate) {
        if (stencil == null) {
            throw new IllegalArgumentException("stencil: must not be null");
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException((x == null ? "x" : "y") + ": must not be null");
        }
        if (outer < 0 || inner < 0) {
            throw new IllegalArgumentException("outer/inner: must not be negative, got " + outer + " and " + inner);
        }
        long n = stencil.length();
        if (front != null && front.end() != x.first()) {
            throw new IllegalArgumentException("front: holds rows [" + front.first() + ", " + front.end()
                    + "), which must end where x's rows start (" + x.first() + ")");
        }
        if (back != null && back.first() != x.end()) {
            throw new IllegalArgumentException("back: holds rows [" + back.first() + ", " + back.end()
                    + "), which must start where x's rows end (" + x.end() + ")");
        }
        long haveLo = front != null ? front.first() : x.first();
        long haveHi = back != null ? back.end() : x.end();
        if (haveHi > n || y.end() > n) {
            throw new IllegalArgumentException((y.end() > n ? "y" : "x") + ": rows beyond the stencil length " + n);
        }
        ElementType type = y.buffer().type();
        checkPiece("x", x, type, outer, inner);
        checkPiece("y", y, type, outer, inner);
        if (front != null) {
            checkPiece("front", front, type, outer, inner);
        }
        if (back != null) {
            checkPiece("back", back, type, outer, inner);
        }
        long needLo = stencil.firstColumn(y.first(), y.end());
        long needHi = stencil.endColumn(y.first(), y.end());
        if (y.count() > 0 && (needLo < haveLo || needHi > haveHi)) {
            throw new IllegalArgumentException("x: output rows [" + y.first() + ", " + y.end() + ") need input rows ["
                    + needLo + ", " + needHi + "), but the pieces hold [" + haveLo + ", " + haveHi + ")");
        }
        if (outer == 0 || inner == 0 || y.count() == 0) {
            return;
        }
        new Plan(stencil, inner * type.components(), front, x, back, y).run(outer, accumulate);
    }

    private static void checkPiece(String what, Rows r, ElementType type, long outer, long inner) {
        if (!(r.buffer() instanceof HostBuffer)) {
            throw new IllegalArgumentException(what + ": the host engine needs a host buffer, got "
                    + r.buffer().getClass().getName());
        }
        if (r.buffer().type() != type) {
            throw new IllegalArgumentException(what + ": element type " + r.buffer().type() + " differs from y's "
                    + type);
        }
        long need = r.pos() + outer * r.count() * inner;
        if (need > r.buffer().length()) {
            throw new IllegalArgumentException(what + ": " + outer + " x " + r.count() + " rows of " + inner
                    + " elements from element " + r.pos() + " do not fit a buffer of " + r.buffer().length());
        }
    }

    /**
     * One call resolved to array offsets (in entries): the bulk range and taps, and for every edge
     * row its terms (source array, offset in outer slice 0, stride per outer slice, weight).
     */
    private static final class Plan {
        private final boolean dbl;
        private final Object yArr;
        private final long yBase;
        private final long yStride;
        private final long w;
        // bulk
        private final long bulkRows;
        private final long bulkY;
        private final long bulkX;
        private final long xStride;
        private final Object xArr;
        private final int[] shifts;
        private final double[] taps;
        // edge rows
        private final long[] edgeY;
        private final Object[][] edgeSrc;
        private final long[][] edgeOff;
        private final long[][] edgeStride;
        private final double[][] edgeW;

        Plan(Stencil s, long w, Rows front, Rows x, Rows back, Rows y) {
            this.w = w;
            HostBuffer yb = (HostBuffer) y.buffer();
            this.dbl = yb.d != null;
            this.yArr = yb.hostArray();
            long c = yb.type().components();
            this.yBase = y.pos() * c;
            this.yStride = y.count() * w;
            this.xArr = x.buffer().hostArray();
            this.xStride = x.count() * w;
            int[] off = s.offsets();
            this.taps = s.coefficients();
            int minOff = off.length == 0 ? 0 : off[0];
            int maxOff = off.length == 0 ? 0 : off[off.length - 1];
            long a = Math.max(Math.max(y.first(), s.interiorStart()), x.first() - minOff);
            long b = Math.min(Math.min(y.end(), s.interiorEnd()), x.end() - maxOff);
            if (a >= b) {
                a = y.end();
                b = y.end();
            }
            this.bulkRows = b - a;
            this.bulkY = yBase + (a - y.first()) * w;
            this.bulkX = x.pos() * c + (a - x.first()) * w;
            this.shifts = new int[off.length];
            for (int k = 0; k < off.length; k++) {
                shifts[k] = Math.toIntExact(off[k] * w);
            }
            int edges = (int) ((a - y.first()) + (y.end() - b));
            edgeY = new long[edges];
            edgeSrc = new Object[edges][];
            edgeOff = new long[edges][];
            edgeStride = new long[edges][];
            edgeW = new double[edges][];
            int e = 0;
            for (long row = y.first(); row < y.end(); row++) {
                if (row == a) {
                    row = b - 1;
                    continue;
                }
                long[] cols = s.columns(row);
                double[] wts = s.weights(row);
                edgeY[e] = yBase + (row - y.first()) * w;
                edgeSrc[e] = new Object[cols.length];
                edgeOff[e] = new long[cols.length];
                edgeStride[e] = new long[cols.length];
                edgeW[e] = wts;
                for (int t = 0; t < cols.length; t++) {
                    Rows p = cols[t] < x.first() ? front : cols[t] >= x.end() ? back : x;
                    edgeSrc[e][t] = p.buffer().hostArray();
                    edgeOff[e][t] = p.pos() * c + (cols[t] - p.first()) * w;
                    edgeStride[e][t] = p.count() * w;
                }
                e++;
            }
        }

        void run(long outer, boolean acc) {
            int len = Math.toIntExact(bulkRows * w);
            int width = Math.toIntExact(w);
            float[] tapsF = dbl ? null : toFloats(taps);
            float[][] edgeF = new float[edgeW.length][];
            int[][] offs = new int[edgeW.length][];
            for (int e = 0; e < edgeW.length; e++) {
                edgeF[e] = dbl ? null : toFloats(edgeW[e]);
                offs[e] = new int[edgeW[e].length];
            }
            for (long o = 0; o < outer; o++) {
                if (len > 0) {
                    int yi = Math.toIntExact(bulkY + o * yStride);
                    int xi = Math.toIntExact(bulkX + o * xStride);
                    if (dbl) {
                        bulk((double[]) xArr, xi, shifts, taps, (double[]) yArr, yi, len, acc);
                    } else {
                        bulk((float[]) xArr, xi, shifts, tapsF, (float[]) yArr, yi, len, acc);
                    }
                }
                for (int e = 0; e < edgeY.length; e++) {
                    for (int t = 0; t < offs[e].length; t++) {
                        offs[e][t] = Math.toIntExact(edgeOff[e][t] + o * edgeStride[e][t]);
                    }
                    int yi = Math.toIntExact(edgeY[e] + o * yStride);
                    if (dbl) {
                        row(edgeSrc[e], offs[e], edgeW[e], (double[]) yArr, yi, width, acc);
                    } else {
                        row(edgeSrc[e], offs[e], edgeF[e], (float[]) yArr, yi, width, acc);
                    }
                }
            }
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            f[k] = (float) d[k];
        }
        return f;
    }

    // ---------------------------------------------------------------------------------------
    // Double precision. Bulk: all taps read the same array at fixed shifts. Rows: terms from
    // any arrays. Both accumulate the terms in ascending column order with fused multiply-adds,
    // y = fma(c_t, x_t, ... fma(c_1, x_1, c_0 x_0)): fewer instructions per element (C2 does not
    // vectorise loops whose loads and store have different offsets into possibly aliased arrays,
    // so the scalar instruction count matters) and one rounding per tap.

    static void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc) {
        switch (s.length) {
            case 0 -> row0(y, yi, len, acc);
            case 1 -> row1(x, xi + s[0], c[0], y, yi, len, acc);
            case 2 -> row2(x, xi + s[0], c[0], x, xi + s[1], c[1], y, yi, len, acc);
            case 3 -> row3(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], y, yi, len, acc);
            case 4 -> row4(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], x, xi + s[3], c[3], y, yi,
                    len, acc);
            default -> {
                Object[] src = new Object[s.length];
                int[] off = new int[s.length];
                for (int k = 0; k < s.length; k++) {
                    src[k] = x;
                    off[k] = xi + s[k];
                }
                rowN(src, off, c, y, yi, len, acc);
            }
        }
    }

    static void row(Object[] src, int[] off, double[] c, double[] y, int yi, int len, boolean acc) {
        switch (src.length) {
            case 0 -> row0(y, yi, len, acc);
            case 1 -> row1((double[]) src[0], off[0], c[0], y, yi, len, acc);
            case 2 -> row2((double[]) src[0], off[0], c[0], (double[]) src[1], off[1], c[1], y, yi, len, acc);
            case 3 -> row3((double[]) src[0], off[0], c[0], (double[]) src[1], off[1], c[1], (double[]) src[2], off[2],
                    c[2], y, yi, len, acc);
            case 4 -> row4((double[]) src[0], off[0], c[0], (double[]) src[1], off[1], c[1], (double[]) src[2], off[2],
                    c[2], (double[]) src[3], off[3], c[3], y, yi, len, acc);
            default -> rowN(src, off, c, y, yi, len, acc);
        }
    }

    private static void row0(double[] y, int yi, int len, boolean acc) {
        if (!acc) {
            Arrays.fill(y, yi, yi + len, 0.0);
        }
    }

    private static void row1(double[] a, int ai, double ca, double[] y, int yi, int len, boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += ca * a[ai + j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = ca * a[ai + j];
            }
        }
    }

    private static void row2(double[] a, int ai, double ca, double[] b, int bi, double cb, double[] y, int yi, int len,
            boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += Math.fma(cb, b[bi + j], ca * a[ai + j]);
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = Math.fma(cb, b[bi + j], ca * a[ai + j]);
            }
        }
    }

    private static void row3(double[] a, int ai, double ca, double[] b, int bi, double cb, double[] c, int ci,
            double cc, double[] y, int yi, int len, boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j]));
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j]));
            }
        }
    }

    private static void row4(double[] a, int ai, double ca, double[] b, int bi, double cb, double[] c, int ci,
            double cc, double[] d, int di, double cd, double[] y, int yi, int len, boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += Math.fma(cd, d[di + j], Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j])));
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = Math.fma(cd, d[di + j], Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j])));
            }
        }
    }

    private static void rowN(Object[] src, int[] off, double[] c, double[] y, int yi, int len, boolean acc) {
        for (int j = 0; j < len; j++) {
            double s = c[0] * ((double[]) src[0])[off[0] + j];
            for (int t = 1; t < src.length; t++) {
                s = Math.fma(c[t], ((double[]) src[t])[off[t] + j], s);
            }
            y[yi + j] = acc ? y[yi + j] + s : s;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Single precision: the same loops on float[].

    static void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc) {
        switch (s.length) {
            case 0 -> row0(y, yi, len, acc);
            case 1 -> row1(x, xi + s[0], c[0], y, yi, len, acc);
            case 2 -> row2(x, xi + s[0], c[0], x, xi + s[1], c[1], y, yi, len, acc);
            case 3 -> row3(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], y, yi, len, acc);
            case 4 -> row4(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], x, xi + s[3], c[3], y, yi,
                    len, acc);
            default -> {
                Object[] src = new Object[s.length];
                int[] off = new int[s.length];
                for (int k = 0; k < s.length; k++) {
                    src[k] = x;
                    off[k] = xi + s[k];
                }
                rowN(src, off, c, y, yi, len, acc);
            }
        }
    }

    static void row(Object[] src, int[] off, float[] c, float[] y, int yi, int len, boolean acc) {
        switch (src.length) {
            case 0 -> row0(y, yi, len, acc);
            case 1 -> row1((float[]) src[0], off[0], c[0], y, yi, len, acc);
            case 2 -> row2((float[]) src[0], off[0], c[0], (float[]) src[1], off[1], c[1], y, yi, len, acc);
            case 3 -> row3((float[]) src[0], off[0], c[0], (float[]) src[1], off[1], c[1], (float[]) src[2], off[2],
                    c[2], y, yi, len, acc);
            case 4 -> row4((float[]) src[0], off[0], c[0], (float[]) src[1], off[1], c[1], (float[]) src[2], off[2],
                    c[2], (float[]) src[3], off[3], c[3], y, yi, len, acc);
            default -> rowN(src, off, c, y, yi, len, acc);
        }
    }

    private static void row0(float[] y, int yi, int len, boolean acc) {
        if (!acc) {
            Arrays.fill(y, yi, yi + len, 0.0f);
        }
    }

    private static void row1(float[] a, int ai, float ca, float[] y, int yi, int len, boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += ca * a[ai + j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = ca * a[ai + j];
            }
        }
    }

    private static void row2(float[] a, int ai, float ca, float[] b, int bi, float cb, float[] y, int yi, int len,
            boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += Math.fma(cb, b[bi + j], ca * a[ai + j]);
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = Math.fma(cb, b[bi + j], ca * a[ai + j]);
            }
        }
    }

    private static void row3(float[] a, int ai, float ca, float[] b, int bi, float cb, float[] c, int ci, float cc,
            float[] y, int yi, int len, boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j]));
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j]));
            }
        }
    }

    private static void row4(float[] a, int ai, float ca, float[] b, int bi, float cb, float[] c, int ci, float cc,
            float[] d, int di, float cd, float[] y, int yi, int len, boolean acc) {
        if (acc) {
            for (int j = 0; j < len; j++) {
                y[yi + j] += Math.fma(cd, d[di + j], Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j])));
            }
        } else {
            for (int j = 0; j < len; j++) {
                y[yi + j] = Math.fma(cd, d[di + j], Math.fma(cc, c[ci + j], Math.fma(cb, b[bi + j], ca * a[ai + j])));
            }
        }
    }

    private static void rowN(Object[] src, int[] off, float[] c, float[] y, int yi, int len, boolean acc) {
        for (int j = 0; j < len; j++) {
            float s = c[0] * ((float[]) src[0])[off[0] + j];
            for (int t = 1; t < src.length; t++) {
                s = Math.fma(c[t], ((float[]) src[t])[off[t] + j], s);
            }
            y[yi + j] = acc ? y[yi + j] + s : s;
        }
    }
}
