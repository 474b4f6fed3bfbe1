package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * Sum along one axis (serial PyLops' {@code Sum}): with the model viewed as
 * {@code (outer, n, inner)}, the data has the shape {@code dims} without {@code axis}
 * ({@code (1,)} for a 1-d model) and
 *
 * <pre>
 *     y[o, :] = sum_{k &lt; n} x[o, k, :]          (forward, added in ascending k)
 *     x[o, k, :] = y[o, :]   for every k           (adjoint: spread along the axis)
 * </pre>
 *
 * <p>The adjoint is the exact transpose. Every dtype alike (complex parts added separately). On
 * buffers of another engine (a device's) the products are that engine's {@code copyRows},
 * {@code add} and {@code fill} kernels, adding in the same order: the host's bits, nothing through
 * the host.
 *
 * <p>Differences from PyLops: a 1-d model is accepted (its sum is a 1-element vector; PyLops needs
 * at least 2 dimensions).
 */
public final class Sum extends HostOperator {

    private final int axis;
    private final long outer;
    private final long n;
    private final long inner;

    /**
     * The sum of a 1-d float64 model of {@code n} samples.
     *
     * @param n the model length, at least 0
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Sum(long n) {
        this(new long[] {n}, 0, DType.FLOAT64);
    }

    /**
     * The sum along {@code axis}.
     *
     * @param dims  (Input) the model shape; copied
     * @param axis  the axis, in {@code [-ndim, ndim)} (PyLops' default is -1)
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Sum(long[] dims, int axis, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        long[] out = new long[Math.max(1, d.length - 1)];
        out[0] = 1;
        for (int a = 0, j = 0; a < d.length; a++) {
            if (a != ax) {
                out[j++] = d[a];
            }
        }
        super(d, out, dtype);
        this.axis = ax;
        this.outer = AxisStencil.product(d, 0, ax);
        this.n = d[ax];
        this.inner = AxisStencil.product(d, ax + 1, d.length);
    }

    /**
     * On every engine: on buffers of another engine than the host's the products are that
     * engine's {@code copyRows}, {@code add} and {@code fill} kernels.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public boolean runsOn(Engine engine) {
        return true;
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        if (HostRanges.ofAnotherEngine(in) && HostRanges.ofAnotherEngine(out) && in.engine() == out.engine()) {
            checkBuffers(in, inPos, out, outPos, adjoint);
            applyOn(in.engine(), in, inPos, out, outPos, adjoint);
            return;
        }
        HostOperands h = hostOperands(in, inPos, out, outPos, adjoint);
        int c = h.components();
        long w = inner * c;
        int wi = Math.toIntExact(w);
        long ib = h.inOffset();
        long ob = h.outOffset();
        for (long o = 0; o < outer; o++) {
            if (adjoint) {
                int from = Math.toIntExact(ib + o * w);
                for (long k = 0; k < n; k++) {                         // x[o, k] = y[o]
                    System.arraycopy(h.in(), from, h.out(), Math.toIntExact(ob + (o * n + k) * w), wi);
                }
                continue;
            }
            int to = Math.toIntExact(ob + o * w);
            if (n == 0) {
                AxisGather.fill(h.out(), to, to + wi);
                continue;
            }
            System.arraycopy(h.in(), Math.toIntExact(ib + o * n * w), h.out(), to, wi);
            for (long k = 1; k < n; k++) {                             // y[o] += x[o, k]
                int from = Math.toIntExact(ib + (o * n + k) * w);
                if (h.out() instanceof double[] d) {
                    double[] s = (double[]) h.in();
                    for (int j = 0; j < wi; j++) {
                        d[to + j] += s[from + j];
                    }
                } else {
                    float[] f = (float[]) h.out();
                    float[] s = (float[]) h.in();
                    for (int j = 0; j < wi; j++) {
                        f[to + j] += s[from + j];
                    }
                }
            }
        }
    }

    /**
     * The products on buffers of {@code engine}: the adjoint one {@code copyRows} per position
     * along the axis; the forward the hyperplane {@code k = 0} gathered into an accumulator of
     * {@code outer × inner} elements (the output range when it is the whole buffer), then every
     * next hyperplane gathered into a scratch buffer and added, in the host's order, which gives
     * the host's bits.
     */
    private void applyOn(Engine engine, Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        long w = outer * inner;
        if (adjoint) {
            for (long k = 0; k < n; k++) {                              // x[o, k] = y[o]
                engine.copyRows(in, inPos, inner, out, outPos + k * inner, n * inner, outer, inner);
            }
            return;
        }
        if (n == 0) {
            engine.fill(out, outPos, w, 0, 0);
            return;
        }
        if (w == 0) {
            return;
        }
        boolean whole = outPos == 0 && out.length() == w;
        Buffer acc = whole ? out : engine.allocate(out.type(), w);
        engine.copyRows(in, inPos, n * inner, acc, 0, inner, outer, inner);
        Buffer t = n > 1 ? engine.allocate(in.type(), w) : null;
        for (long k = 1; k < n; k++) {                                  // y[o] += x[o, k]
            engine.copyRows(in, inPos + k * inner, n * inner, t, 0, inner, outer, inner);
            engine.add(acc, t, acc);
        }
        if (!whole) {
            engine.copy(acc, 0, out, outPos, w);
        }
    }

    /**
     * The summed axis, in {@code [0, ndim)}.
     *
     * @return the summed axis, in {@code [0, ndim)}
     */
    public int axis() {
        return axis;
    }

    @Override
    public String toString() {
        return "Sum(dims=" + Arrays.toString(dims()) + ", axis=" + axis + ", dtype=" + dtype + ")";
    }
}
