package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * The frame of the serial operators that pick hyperplanes along one axis ({@link Restriction},
 * {@link Flip}, {@link Roll}): with the model viewed as {@code (outer, n, inner)} and the data as
 * {@code (outer, m, inner)} (the axis of length {@code n} in the model, {@code m} in the data),
 *
 * <pre>
 *     forward: y[o, k, :] = x[o, idx[k], :]            for k &lt; m        (a gather)
 *     adjoint: x = 0;  x[o, idx[k], :] += y[o, k, :]   for k &lt; m        (the scatter, its exact transpose)
 * </pre>
 *
 * <p>When {@code idx} has no repeated entry the adjoint copies (no addition, so the bits of
 * {@code y} arrive unchanged). Whole runs of {@code inner} elements move with one array copy; a
 * complex element moves as its two parts, so every dtype works alike (also complex buffers with a
 * real operator). On buffers of another engine (a device's) the same moves are that engine's
 * {@code copyRows} calls (one per run of consecutive picked positions), with {@code fill} and, for
 * repeated positions, {@code add} on scratch rows: the host's bits, nothing through the host.
 * Immutable.
 */
abstract class AxisGather extends HostOperator {

    private final long outer;
    private final long n;
    private final long inner;
    private final int[] idx;
    private final boolean injective;

    /**
     * @param dims  the model shape (checked by the subclass)
     * @param axis  the axis, normalised
     * @param idx   the picked positions along the axis, each in {@code [0, dims[axis])}; the caller gives it up
     * @param dtype the dtype
     */
    AxisGather(long[] dims, int axis, int[] idx, DType dtype) {
        super(dims, withAxis(dims, axis, idx.length), dtype);
        this.outer = AxisStencil.product(dims, 0, axis);
        this.n = dims[axis];
        this.inner = AxisStencil.product(dims, axis + 1, dims.length);
        this.idx = idx;
        boolean[] seen = new boolean[(int) Math.min(n, Integer.MAX_VALUE)];
        boolean once = true;
        for (int i : idx) {
            once &= !seen[i];
            seen[i] = true;
        }
        this.injective = once;
    }

    /** {@code dims} with {@code dims[axis] = m} (a new array). */
    static long[] withAxis(long[] dims, int axis, long m) {
        long[] d = dims.clone();
        d[axis] = m;
        return d;
    }

    /**
     * On every engine: on buffers of another engine than the host's the products are that
     * engine's {@code copyRows}, {@code fill} and {@code add} kernels.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public final boolean runsOn(Engine engine) {
        return true;
    }

    @Override
    final void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        if (!in.isHost() || !out.isHost()) {
            if (HostRanges.ofAnotherEngine(in) && HostRanges.ofAnotherEngine(out) && in.engine() == out.engine()) {
                checkBuffers(in, inPos, out, outPos, adjoint);
                applyOn(in.engine(), in, inPos, out, outPos, adjoint);
                return;
            }
        }
        HostOperands h = hostOperands(in, inPos, out, outPos, adjoint);
        int c = h.components();
        long w = inner * c;                                          // entries per hyperplane row
        int wi = Math.toIntExact(w);
        long m = idx.length;
        long ib = h.inOffset();
        long ob = h.outOffset();
        if (!adjoint) {
            for (long o = 0; o < outer; o++) {
                for (int k = 0; k < m; k++) {                        // y[o, k] = x[o, idx[k]]
                    System.arraycopy(h.in(), Math.toIntExact(ib + (o * n + idx[k]) * w), h.out(),
                            Math.toIntExact(ob + (o * m + k) * w), wi);
                }
            }
            return;
        }
        fill(h.out(), Math.toIntExact(ob), Math.toIntExact(ob + outer * n * w));
        for (long o = 0; o < outer; o++) {
            for (int k = 0; k < m; k++) {                            // x[o, idx[k]] += y[o, k]
                int from = Math.toIntExact(ib + (o * m + k) * w);
                int to = Math.toIntExact(ob + (o * n + idx[k]) * w);
                if (injective) {
                    System.arraycopy(h.in(), from, h.out(), to, wi);
                } else {
                    add(h.in(), from, h.out(), to, wi);
                }
            }
        }
    }

    /**
     * The products on buffers of {@code engine}, with its kernels only: the forward one
     * {@code copyRows} per run of consecutive picked positions; the adjoint a fill with zeros, then
     * the runs copied back when no position repeats, else, position after position as on the host,
     * the hyperplane added to its target ({@code add} on two scratch rows of {@code outer × inner}
     * elements), which gives the host's bits.
     */
    private void applyOn(Engine engine, Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        long m = idx.length;
        if (!adjoint) {
            for (int k = 0; k < m; ) {
                int run = run(k);                                    // y[o, k:k+run] = x[o, idx[k]:idx[k]+run]
                engine.copyRows(in, inPos + idx[k] * inner, n * inner, out, outPos + k * inner, m * inner, outer,
                        run * inner);
                k += run;
            }
            return;
        }
        engine.fill(out, outPos, outer * n * inner, 0, 0);
        if (injective) {
            for (int k = 0; k < m; ) {
                int run = run(k);                                    // x[o, idx[k]:idx[k]+run] = y[o, k:k+run]
                engine.copyRows(in, inPos + k * inner, m * inner, out, outPos + idx[k] * inner, n * inner, outer,
                        run * inner);
                k += run;
            }
            return;
        }
        long rows = outer * inner;
        if (rows == 0) {
            return;
        }
        Buffer target = engine.allocate(out.type(), rows);
        Buffer source = engine.allocate(in.type(), rows);
        for (int k = 0; k < m; k++) {                                // x[o, idx[k]] += y[o, k]
            long to = outPos + idx[k] * inner;
            engine.copyRows(out, to, n * inner, target, 0, inner, outer, inner);
            engine.copyRows(in, inPos + k * inner, m * inner, source, 0, inner, outer, inner);
            engine.add(target, source, target);
            engine.copyRows(target, 0, inner, out, to, n * inner, outer, inner);
        }
    }

    /** The length of the run of consecutive positions {@code idx[k], idx[k] + 1, ...} from {@code k}. */
    private int run(int k) {
        int r = 1;
        while (k + r < idx.length && idx[k + r] == idx[k] + r) {
            r++;
        }
        return r;
    }

    static void fill(Object a, int from, int to) {
        if (a instanceof double[] d) {
            Arrays.fill(d, from, to, 0.0);
        } else {
            Arrays.fill((float[]) a, from, to, 0f);
        }
    }

    private static void add(Object src, int from, Object dst, int to, int len) {
        if (dst instanceof double[] d) {
            double[] s = (double[]) src;
            for (int j = 0; j < len; j++) {
                d[to + j] += s[from + j];
            }
        } else {
            float[] f = (float[]) dst;
            float[] s = (float[]) src;
            for (int j = 0; j < len; j++) {
                f[to + j] += s[from + j];
            }
        }
    }

    /** The picked positions (a copy). */
    final int[] positions() {
        return idx.clone();
    }
}
