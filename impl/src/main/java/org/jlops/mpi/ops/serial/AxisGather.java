package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;

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
 * real operator). Immutable.
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

    @Override
    final void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        checkBuffers(in, inPos, out, outPos, adjoint);
        Object ia = HostRanges.hostArray(adjoint ? "y" : "x", in);
        Object oa = HostRanges.hostArray(adjoint ? "x" : "y", out);
        int c = in.type().components();
        long w = inner * c;                                          // entries per hyperplane row
        int wi = Math.toIntExact(w);
        long m = idx.length;
        long ib = inPos * c;
        long ob = outPos * c;
        if (!adjoint) {
            for (long o = 0; o < outer; o++) {
                for (int k = 0; k < m; k++) {                        // y[o, k] = x[o, idx[k]]
                    System.arraycopy(ia, Math.toIntExact(ib + (o * n + idx[k]) * w), oa,
                            Math.toIntExact(ob + (o * m + k) * w), wi);
                }
            }
            return;
        }
        fill(oa, Math.toIntExact(ob), Math.toIntExact(ob + outer * n * w));
        for (long o = 0; o < outer; o++) {
            for (int k = 0; k < m; k++) {                            // x[o, idx[k]] += y[o, k]
                int from = Math.toIntExact(ib + (o * m + k) * w);
                int to = Math.toIntExact(ob + (o * n + idx[k]) * w);
                if (injective) {
                    System.arraycopy(ia, from, oa, to, wi);
                } else {
                    add(ia, from, oa, to, wi);
                }
            }
        }
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
