package org.jlops.mpi.engine.host;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jlops.mpi.engine.Buffer;
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
 *       last one ({@code inner = 1});</li>
 *   <li>the few <b>edge rows</b>: explicit boundary rows and rows whose taps reach into the ghost
 *       pieces, each a short loop over one row combining rows of any piece.</li>
 * </ul>
 *
 * <p>Both paths add the terms of a row in the same order (ascending column), so a row's value does
 * not depend on which path computed it: results are bit-identical whatever the row split.
 *
 * <p>The bulk loops and the one-pass Laplacian's run over {@link StencilLoops}: the Vector API's
 * ({@code VectorStencilLoops}) when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * and {@code -Djlops.stencil.vector} is not {@code off}, else the scalar loops. C2 does not
 * vectorise the scalar loops (their loads and store are at different offsets of arrays that may be
 * the same), so the Vector API's loops are the fast path; both give the same bits. A thread that
 * runs inside {@link StencilKernels#onScalarPath} gets {@link #SCALAR} from the engine instead.
 */
final class HostStencilKernels implements StencilKernels {

    /** The system property that picks the inner loops: {@code auto} (default) or {@code off}. */
    static final String VECTOR_PROPERTY = "jlops.stencil.vector";

    /** The kernels on the plain loops, which every JVM runs. */
    static final HostStencilKernels SCALAR = new HostStencilKernels(StencilLoops.SCALAR, "scalar loops");

    /** The kernels the host engine uses: the Vector API's loops where the JVM has them, else the scalar ones. */
    static final HostStencilKernels INSTANCE = selected();

    /** Bound (to true) in a thread that runs {@link StencilKernels#onScalarPath}. */
    private static final ScopedValue<Boolean> SCALAR_PATH = ScopedValue.newInstance();

    private final StencilLoops loops;
    private final String implementation;

    private HostStencilKernels(StencilLoops loops, String implementation) {
        this.loops = loops;
        this.implementation = implementation;
    }

    /**
     * The Vector API's loops, or null with the reason when the JVM does not have them.
     *
     * @param why receives the reason when the result is null
     * @return the loops, or null
     */
    static StencilLoops vectorLoops(StringBuilder why) {
        return vectorImplementation(StencilLoops.class, "VectorStencilLoops",
                v -> v.bulk(new double[2], 0, new int[] {0}, new double[] {1}, new double[2], 0, 2, false, null), why);
    }

    /**
     * An implementation on the Vector API of this package, or null with the reason when the JVM does
     * not have the module or the class does not load: the one check before any class that links
     * {@code jdk.incubator.vector} is touched, for the stencil loops and the shrinkage step's loops
     * ({@link ShrinkStepLoops}).
     *
     * @param type      the interface the class implements
     * @param className the class's simple name in this package; it has a no-argument constructor
     * @param probe     one small call, so that a platform without the intrinsics fails here and not
     *                  in a product
     * @param why       receives the reason when the result is null
     * @param <T>       the interface
     * @return the instance, or null
     */
    static <T> T vectorImplementation(Class<T> type, String className, Consumer<? super T> probe,
            StringBuilder why) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why.append("jdk.incubator.vector is not in the boot layer: run java with --add-modules jdk.incubator.vector");
            return null;
        }
        try {
            T v = type.cast(Class.forName(HostStencilKernels.class.getPackageName() + "." + className)
                    .getDeclaredConstructor().newInstance());
            probe.accept(v);
            return v;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            why.append("the Vector API did not load: ").append(e);
            return null;
        }
    }

    /**
     * Why {@link #VECTOR_PROPERTY} turns the vector loops off, or null when it leaves them on.
     *
     * @return e.g. {@code "jlops.stencil.vector=off"}, or null
     */
    static String vectorPropertyOff() {
        String mode = System.getProperty(VECTOR_PROPERTY, "auto").trim();
        return mode.equalsIgnoreCase("off") || mode.equalsIgnoreCase("false") ? VECTOR_PROPERTY + "=" + mode : null;
    }

    private static HostStencilKernels selected() {
        String off = vectorPropertyOff();
        if (off != null) {
            return new HostStencilKernels(StencilLoops.SCALAR, "scalar loops (" + off + ")");
        }
        StringBuilder why = new StringBuilder();
        StencilLoops v = vectorLoops(why);
        if (v == null) {
            return new HostStencilKernels(StencilLoops.SCALAR, "scalar loops (" + why + ")");
        }
        return new HostStencilKernels(v, v.description());
    }

    /**
     * The kernels the engine hands out in the calling thread: {@link #SCALAR} inside
     * {@link #onScalarPath}, else {@link #INSTANCE}.
     */
    static HostStencilKernels current() {
        return SCALAR_PATH.isBound() ? SCALAR : INSTANCE;
    }

    /** {@link StencilKernels#onScalarPath}: {@code task} with {@link #current()} the scalar kernels. */
    static <T> T onScalarPath(Supplier<T> task) {
        return ScopedValue.where(SCALAR_PATH, Boolean.TRUE).call(task::get);
    }

    /** The inner loops these kernels run. */
    StencilLoops loops() {
        return loops;
    }

    /** {@link NonStationaryLoops#apply}: its scalar loops when these kernels run the scalar stencil loops. */
    @Override
    public void nonStationary(boolean adjoint, double[][] hs, long oh, long dh, long n, Buffer in, long inFrom,
            long inRows, Buffer out, long outAt, long outFrom, long outRows, long inner) {
        NonStationaryLoops.apply(loops == StencilLoops.SCALAR, adjoint,
                new NonStationaryLoops.Filters(hs, oh, dh, n, hs[0].length / 2), in, inFrom, inRows, out, outAt,
                outFrom, outRows, inner);
    }

    /** Says whether the Vector API's loops or the scalar loops run, and why (see {@link StencilKernels#implementation()}). */
    @Override
    public String implementation() {
        return implementation;
    }

    /** The same kernels on the scalar loops, with the same bits. */
    @Override
    public StencilKernels scalar() {
        return SCALAR;
    }

    @Override
    public void apply(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y,
            boolean accumulate) {
        if (StencilKernels.checked(stencil, outer, inner, front, x, back, y, HostBuffer.class,
                "the host engine needs a host buffer")) {
            ElementType type = y.buffer().type();
            new Plan(stencil, inner * type.components(), front, x, back, y).run(outer, accumulate, loops);
        }
    }

    /**
     * One pass: for the rows whose axis-0 taps are interior and fall in {@code x} (the bulk), each
     * element is {@code r + c}, {@code r} the axis-0 taps and {@code c} the last-axis taps, both
     * summed as {@link #apply} sums a row, so the value is bit-identical to the two passes of the
     * default; the few other rows take those two passes.
     */
    @Override
    public void applyRowsAndLast(Stencil rows, Stencil last, long inner, Rows front, Rows x, Rows back, Rows y) {
        StencilKernels.checkRowsAndLast(last, inner, x, y);
        if (!StencilKernels.checked(rows, 1, inner, front, x, back, y, HostBuffer.class,
                "the host engine needs a host buffer")) {
            return;
        }
        int[] offR = rows.offsets();
        int[] offC = last.offsets();
        long a = y.end();
        long b = y.end();
        if (offR.length == 3 && offC.length == 3) {
            a = Math.max(Math.max(y.first(), rows.interiorStart()), x.first() - offR[0]);
            b = Math.min(Math.min(y.end(), rows.interiorEnd()), x.end() - offR[2]);
            if (a >= b) {
                a = y.end();
                b = y.end();
            }
        }
        twoPasses(rows, last, inner, front, x, back, y, y.first(), a);
        twoPasses(rows, last, inner, front, x, back, y, b, y.end());
        if (a < b) {
            new Fused(rows, last, inner, x, y).run(a, b, loops);
        }
    }

    /** The default's two passes on the output rows {@code [r0, r1)}. */
    private void twoPasses(Stencil rows, Stencil last, long inner, Rows front, Rows x, Rows back, Rows y, long r0,
            long r1) {
        if (r0 < r1) {
            StencilKernels.super.applyRowsAndLast(rows, last, inner, front, x, back,
                    new Rows(y.buffer(), y.pos() + (r0 - y.first()) * inner, r0, r1 - r0));
        }
    }

    /**
     * The bulk rows of {@link #applyRowsAndLast} resolved to array offsets (in array entries): the
     * three axis-0 taps, the three interior last-axis taps, and the last axis's edge columns.
     */
    private static final class Fused {
        private final Object xArr;
        private final Object yArr;
        private final long x0;
        private final long y0;
        private final long xFirst;
        private final long yFirst;
        private final int comp;
        private final int rowW;
        private final int segW;
        private final int segs;
        private final int[] sR = new int[3];
        private final int[] sC = new int[3];
        private final double[] cR;
        private final double[] cC;
        private final int lo;
        private final int hi;
        /** Edge columns of the last axis: column, its source columns and weights. */
        private final int[] edge;
        private final int[][] edgeCols;
        private final double[][] edgeW;

        Fused(Stencil rows, Stencil last, long inner, Rows x, Rows y) {
            HostBuffer xb = (HostBuffer) x.buffer();
            this.xArr = xb.hostArray();
            this.yArr = y.buffer().hostArray();
            this.comp = xb.type().components();
            this.x0 = x.pos() * comp;
            this.y0 = y.pos() * comp;
            this.xFirst = x.first();
            this.yFirst = y.first();
            this.rowW = Math.toIntExact(inner * comp);
            int n = Math.toIntExact(last.length());
            this.segW = n * comp;
            this.segs = Math.toIntExact(inner / n);
            int[] oR = rows.offsets();
            int[] oC = last.offsets();
            for (int k = 0; k < 3; k++) {
                sR[k] = Math.multiplyExact(oR[k], rowW);
                sC[k] = oC[k] * comp;
            }
            this.cR = rows.coefficients();
            this.cC = last.coefficients();
            // interior columns whose taps stay inside the segment
            int l = (int) Math.max(last.interiorStart(), -oC[0]);
            int h = (int) Math.min(last.interiorEnd(), n - oC[2]);
            if (l >= h) {
                l = n;
                h = n;
            }
            this.lo = l;
            this.hi = h;
            int edges = lo + (n - hi);
            this.edge = new int[edges];
            this.edgeCols = new int[edges][];
            this.edgeW = new double[edges][];
            int e = 0;
            for (int j = 0; j < n; j++) {
                if (j == lo) {
                    j = hi - 1;
                    continue;
                }
                long[] cols = last.columns(j);
                edge[e] = j;
                edgeCols[e] = new int[cols.length];
                for (int t = 0; t < cols.length; t++) {
                    edgeCols[e][t] = Math.toIntExact(cols[t]);
                }
                edgeW[e] = last.weights(j);
                e++;
            }
        }

        void run(long a, long b, StencilLoops loops) {
            boolean dbl = xArr instanceof double[];
            float[] fR = dbl ? null : toFloats(cR);
            float[] fC = dbl ? null : toFloats(cC);
            float[][] fW = new float[edgeW.length][];
            for (int e = 0; e < fW.length && !dbl; e++) {
                fW[e] = toFloats(edgeW[e]);
            }
            for (long row = a; row < b; row++) {
                int xr = Math.toIntExact(x0 + (row - xFirst) * rowW);
                int yr = Math.toIntExact(y0 + (row - yFirst) * rowW);
                for (int g = 0; g < segs; g++) {
                    if (dbl) {
                        segment((double[]) xArr, (double[]) yArr, xr + g * segW, yr + g * segW, loops);
                    } else {
                        segment((float[]) xArr, (float[]) yArr, xr + g * segW, yr + g * segW, fR, fC, fW, loops);
                    }
                }
            }
        }

        /** One run of the last axis: its interior columns in one loop, then its edge columns. */
        private void segment(double[] x, double[] y, int xs, int ys, StencilLoops loops) {
            loops.fused(x, xs + lo * comp, sR, cR, sC, cC, y, ys + lo * comp, (hi - lo) * comp);
            for (int e = 0; e < edge.length; e++) {
                int[] cols = edgeCols[e];
                double[] w = edgeW[e];
                for (int q = 0; q < comp; q++) {
                    int xi = xs + edge[e] * comp + q;
                    double r = Math.fma(cR[2], x[xi + sR[2]], Math.fma(cR[1], x[xi + sR[1]], cR[0] * x[xi + sR[0]]));
                    if (cols.length == 0) {
                        y[ys + edge[e] * comp + q] = r;
                        continue;
                    }
                    double c = w[0] * x[xs + cols[0] * comp + q];
                    for (int t = 1; t < cols.length; t++) {
                        c = Math.fma(w[t], x[xs + cols[t] * comp + q], c);
                    }
                    y[ys + edge[e] * comp + q] = r + c;
                }
            }
        }

        private void segment(float[] x, float[] y, int xs, int ys, float[] fR, float[] fC, float[][] fW,
                StencilLoops loops) {
            loops.fused(x, xs + lo * comp, sR, fR, sC, fC, y, ys + lo * comp, (hi - lo) * comp);
            for (int e = 0; e < edge.length; e++) {
                int[] cols = edgeCols[e];
                float[] w = fW[e];
                for (int q = 0; q < comp; q++) {
                    int xi = xs + edge[e] * comp + q;
                    float r = Math.fma(fR[2], x[xi + sR[2]], Math.fma(fR[1], x[xi + sR[1]], fR[0] * x[xi + sR[0]]));
                    if (cols.length == 0) {
                        y[ys + edge[e] * comp + q] = r;
                        continue;
                    }
                    float c = w[0] * x[xs + cols[0] * comp + q];
                    for (int t = 1; t < cols.length; t++) {
                        c = Math.fma(w[t], x[xs + cols[t] * comp + q], c);
                    }
                    y[ys + edge[e] * comp + q] = r + c;
                }
            }
        }
    }

    /** {@code y[k] = r_k + c_k}: the axis-0 taps {@code r_k} and last-axis taps {@code c_k} at {@code x[xi + k]}. */
    static void fused(double[] x, int xi, int[] sR, double[] cR, int[] sC, double[] cC, double[] y, int yi,
            int len) {
        int r0 = xi + sR[0];
        int r1 = xi + sR[1];
        int r2 = xi + sR[2];
        int c0 = xi + sC[0];
        int c1 = xi + sC[1];
        int c2 = xi + sC[2];
        double a0 = cR[0];
        double a1 = cR[1];
        double a2 = cR[2];
        double b0 = cC[0];
        double b1 = cC[1];
        double b2 = cC[2];
        for (int k = 0; k < len; k++) {
            double r = Math.fma(a2, x[r2 + k], Math.fma(a1, x[r1 + k], a0 * x[r0 + k]));
            double c = Math.fma(b2, x[c2 + k], Math.fma(b1, x[c1 + k], b0 * x[c0 + k]));
            y[yi + k] = r + c;
        }
    }

    static void fused(float[] x, int xi, int[] sR, float[] cR, int[] sC, float[] cC, float[] y, int yi,
            int len) {
        int r0 = xi + sR[0];
        int r1 = xi + sR[1];
        int r2 = xi + sR[2];
        int c0 = xi + sC[0];
        int c1 = xi + sC[1];
        int c2 = xi + sC[2];
        float a0 = cR[0];
        float a1 = cR[1];
        float a2 = cR[2];
        float b0 = cC[0];
        float b1 = cC[1];
        float b2 = cC[2];
        for (int k = 0; k < len; k++) {
            float r = Math.fma(a2, x[r2 + k], Math.fma(a1, x[r1 + k], a0 * x[r0 + k]));
            float c = Math.fma(b2, x[c2 + k], Math.fma(b1, x[c1 + k], b0 * x[c0 + k]));
            y[yi + k] = r + c;
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

        void run(long outer, boolean acc, StencilLoops loops) {
            int len = Math.toIntExact(bulkRows * w);
            int width = Math.toIntExact(w);
            float[] tapsF = dbl ? null : toFloats(taps);
            float[][] edgeF = new float[edgeW.length][];
            int[][] offs = new int[edgeW.length][];
            // edge rows whose terms all come from the main piece (a serial operator: no ghost rows) take
            // a loop on one array: offsets relative to the slice, no per-term casts
            boolean[] local = new boolean[edgeW.length];
            int[][] rel = new int[edgeW.length][];
            for (int e = 0; e < edgeW.length; e++) {
                edgeF[e] = dbl ? null : toFloats(edgeW[e]);
                offs[e] = new int[edgeW[e].length];
                local[e] = edgeW[e].length > 0;
                rel[e] = new int[edgeW[e].length];
                for (int t = 0; t < edgeW[e].length; t++) {
                    local[e] &= edgeSrc[e][t] == xArr && edgeStride[e][t] == xStride;
                    rel[e][t] = Math.toIntExact(edgeOff[e][t]);
                }
            }
            double[] scratchD = dbl && shifts.length > 4 ? new double[Math.min(TAP_BLOCK, Math.max(len, 1))] : null;
            float[] scratchF = !dbl && shifts.length > 4 ? new float[Math.min(TAP_BLOCK, Math.max(len, 1))] : null;
            for (long o = 0; o < outer; o++) {
                if (len > 0) {
                    int yi = Math.toIntExact(bulkY + o * yStride);
                    int xi = Math.toIntExact(bulkX + o * xStride);
                    if (dbl) {
                        loops.bulk((double[]) xArr, xi, shifts, taps, (double[]) yArr, yi, len, acc, scratchD);
                    } else {
                        loops.bulk((float[]) xArr, xi, shifts, tapsF, (float[]) yArr, yi, len, acc, scratchF);
                    }
                }
                int add = Math.toIntExact(o * xStride);
                for (int e = 0; e < edgeY.length; e++) {
                    int yi = Math.toIntExact(edgeY[e] + o * yStride);
                    if (local[e]) {
                        if (dbl) {
                            rowLocal((double[]) xArr, rel[e], add, edgeW[e], (double[]) yArr, yi, width, acc);
                        } else {
                            rowLocal((float[]) xArr, rel[e], add, edgeF[e], (float[]) yArr, yi, width, acc);
                        }
                        continue;
                    }
                    for (int t = 0; t < offs[e].length; t++) {
                        offs[e][t] = Math.toIntExact(edgeOff[e][t] + o * edgeStride[e][t]);
                    }
                    if (dbl) {
                        row(edgeSrc[e], offs[e], edgeW[e], (double[]) yArr, yi, width, acc);
                    } else {
                        row(edgeSrc[e], offs[e], edgeF[e], (float[]) yArr, yi, width, acc);
                    }
                }
            }
        }
    }

    /**
     * One edge row whose terms all read {@code x}: {@code y = sum_t c_t x[rel_t + add + j]} for
     * {@code j < len}, the terms in order with fused multiply-adds — the same operations as
     * {@link #rowN}, so the same bits.
     */
    private static void rowLocal(double[] x, int[] rel, int add, double[] c, double[] y, int yi, int len,
            boolean acc) {
        for (int j = 0; j < len; j++) {
            double s = c[0] * x[rel[0] + add + j];
            for (int t = 1; t < rel.length; t++) {
                s = Math.fma(c[t], x[rel[t] + add + j], s);
            }
            y[yi + j] = acc ? y[yi + j] + s : s;
        }
    }

    private static void rowLocal(float[] x, int[] rel, int add, float[] c, float[] y, int yi, int len, boolean acc) {
        for (int j = 0; j < len; j++) {
            float s = c[0] * x[rel[0] + add + j];
            for (int t = 1; t < rel.length; t++) {
                s = Math.fma(c[t], x[rel[t] + add + j], s);
            }
            y[yi + j] = acc ? y[yi + j] + s : s;
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            f[k] = (float) d[k];
        }
        return f;
    }

    /** Entries per block of {@link #manyTaps}: the partial sums of a block stay in the first-level cache. */
    static final int TAP_BLOCK = 512;

    // ---------------------------------------------------------------------------------------
    // Double precision. Bulk: all taps read the same array at fixed shifts. Rows: terms from
    // any arrays. Both accumulate the terms in ascending column order with fused multiply-adds,
    // y = fma(c_t, x_t, ... fma(c_1, x_1, c_0 x_0)): fewer instructions per element (C2 does not
    // vectorise loops whose loads and store have different offsets into possibly aliased arrays,
    // so the scalar instruction count matters) and one rounding per tap. The single-precision loops
    // further down are these, retyped (double -> float), as VectorStencilLoopsTest checks: Java has
    // no generics over primitive arrays, and a loop over an interface would not be inlined.

    static void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc) {
        bulk(x, xi, s, c, y, yi, len, acc, null);
    }

    /** {@link #bulk(double[], int, int[], double[], double[], int, int, boolean)} with a scratch array for many taps (or null). */
    static void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc,
            double[] scratch) {
        switch (s.length) {
            case 0 -> row0(y, yi, len, acc);
            case 1 -> row1(x, xi + s[0], c[0], y, yi, len, acc);
            case 2 -> row2(x, xi + s[0], c[0], x, xi + s[1], c[1], y, yi, len, acc);
            case 3 -> row3(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], y, yi, len, acc);
            case 4 -> row4(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], x, xi + s[3], c[3], y, yi,
                    len, acc);
            default -> manyTaps(x, xi, s, c, y, yi, len, acc, scratch);
        }
    }

    /**
     * The bulk of a stencil with more than four taps (a convolution): per block of entries, the
     * partial sums {@code t = c_0 x_0}, then {@code t = fma(c_k, x_k, t)} tap after tap — the same
     * operations in the same order as {@link #rowN}, so bit-identical to it, but each a simple loop
     * over contiguous entries that the JIT turns into vector code.
     */
    private static void manyTaps(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc,
            double[] scratch) {
        double[] t = scratch != null && scratch.length >= Math.min(TAP_BLOCK, len) ? scratch
                : new double[Math.min(TAP_BLOCK, len)];
        for (int b = 0; b < len; b += TAP_BLOCK) {
            int m = Math.min(TAP_BLOCK, len - b);
            int x0 = xi + b + s[0];
            double c0 = c[0];
            for (int j = 0; j < m; j++) {
                t[j] = c0 * x[x0 + j];
            }
            for (int k = 1; k < s.length; k++) {
                int xk = xi + b + s[k];
                double ck = c[k];
                for (int j = 0; j < m; j++) {
                    t[j] = Math.fma(ck, x[xk + j], t[j]);
                }
            }
            int yb = yi + b;
            if (acc) {
                for (int j = 0; j < m; j++) {
                    y[yb + j] += t[j];
                }
            } else {
                System.arraycopy(t, 0, y, yb, m);
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
            Arrays.fill(y, yi, yi + len, 0);
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
    // Single precision: the double-precision loops above, retyped.

    static void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc) {
        bulk(x, xi, s, c, y, yi, len, acc, null);
    }

    /** {@link #bulk(float[], int, int[], float[], float[], int, int, boolean)} with a scratch array for many taps (or null). */
    static void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc,
            float[] scratch) {
        switch (s.length) {
            case 0 -> row0(y, yi, len, acc);
            case 1 -> row1(x, xi + s[0], c[0], y, yi, len, acc);
            case 2 -> row2(x, xi + s[0], c[0], x, xi + s[1], c[1], y, yi, len, acc);
            case 3 -> row3(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], y, yi, len, acc);
            case 4 -> row4(x, xi + s[0], c[0], x, xi + s[1], c[1], x, xi + s[2], c[2], x, xi + s[3], c[3], y, yi,
                    len, acc);
            default -> manyTaps(x, xi, s, c, y, yi, len, acc, scratch);
        }
    }

    /**
     * The bulk of a stencil with more than four taps (a convolution): per block of entries, the
     * partial sums {@code t = c_0 x_0}, then {@code t = fma(c_k, x_k, t)} tap after tap — the same
     * operations in the same order as {@link #rowN}, so bit-identical to it, but each a simple loop
     * over contiguous entries that the JIT turns into vector code.
     */
    private static void manyTaps(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc,
            float[] scratch) {
        float[] t = scratch != null && scratch.length >= Math.min(TAP_BLOCK, len) ? scratch
                : new float[Math.min(TAP_BLOCK, len)];
        for (int b = 0; b < len; b += TAP_BLOCK) {
            int m = Math.min(TAP_BLOCK, len - b);
            int x0 = xi + b + s[0];
            float c0 = c[0];
            for (int j = 0; j < m; j++) {
                t[j] = c0 * x[x0 + j];
            }
            for (int k = 1; k < s.length; k++) {
                int xk = xi + b + s[k];
                float ck = c[k];
                for (int j = 0; j < m; j++) {
                    t[j] = Math.fma(ck, x[xk + j], t[j]);
                }
            }
            int yb = yi + b;
            if (acc) {
                for (int j = 0; j < m; j++) {
                    y[yb + j] += t[j];
                }
            } else {
                System.arraycopy(t, 0, y, yb, m);
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
            Arrays.fill(y, yi, yi + len, 0);
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

    private static void row3(float[] a, int ai, float ca, float[] b, int bi, float cb, float[] c, int ci,
            float cc, float[] y, int yi, int len, boolean acc) {
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

    private static void row4(float[] a, int ai, float ca, float[] b, int bi, float cb, float[] c, int ci,
            float cc, float[] d, int di, float cd, float[] y, int yi, int len, boolean acc) {
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
