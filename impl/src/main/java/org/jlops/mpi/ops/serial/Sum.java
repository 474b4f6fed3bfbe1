package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;

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
 * <p>The adjoint is the exact transpose. Every dtype alike (complex parts added separately).
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

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
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
