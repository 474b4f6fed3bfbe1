package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * Permutation of the axes of an n-d array (serial PyLops' {@code Transpose}, NumPy's
 * {@code transpose}): the data has the shape {@code dimsd[i] = dims[axes[i]]} and
 *
 * <pre>
 *     y[i_0, ..., i_{d-1}] = x[j]   with j[axes[k]] = i_k          (forward)
 *     the adjoint is the transpose by the inverse permutation      (x = y transposed back)
 * </pre>
 *
 * <p>A permutation of the entries, so the adjoint is its inverse and exact. The last axis of the
 * output is walked in the inner loop (a strided read, a contiguous write); every dtype alike. On
 * buffers of another engine (a device's) the product is a loop of that engine's {@code copyRows}
 * (one call per output row, or per plane when the last axis stays last): the host's bits, nothing
 * through the host.
 *
 * <pre>{@code
 * Transpose t = new Transpose(new long[] {20, 267, 550}, new int[] {2, 0, 1}, DType.FLOAT64);   // (y, x, z) -> (z, y, x)
 * }</pre>
 */
public final class Transpose extends HostOperator {

    private final long[] inDims;
    private final int[] axes;
    private final int[] inverse;

    /**
     * A transpose of a float64 array.
     *
     * @param dims (Input) the model shape; copied
     * @param axes (Input) a permutation of {@code 0..ndim-1}; copied
     * @throws IllegalArgumentException naming the bad argument
     */
    public Transpose(long[] dims, int[] axes) {
        this(dims, axes, DType.FLOAT64);
    }

    /**
     * A transpose.
     *
     * @param dims  (Input) the model shape; copied
     * @param axes  (Input) a permutation of {@code 0..ndim-1} (negative entries count from the end); copied
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Transpose(long[] dims, int[] axes, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int[] p = checkAxes(axes, d.length);
        long[] out = new long[d.length];
        int[] inv = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[p[i]];
            inv[p[i]] = i;
        }
        super(d, out, dtype);
        this.inDims = d;
        this.axes = p;
        this.inverse = inv;
    }

    private static int[] checkAxes(int[] axes, int ndim) {
        if (axes == null || axes.length != ndim) {
            throw new IllegalArgumentException("axes: " + (axes == null ? "null" : Arrays.toString(axes))
                    + ", expected a permutation of the " + ndim + " axes");
        }
        int[] p = new int[ndim];
        boolean[] seen = new boolean[ndim];
        for (int i = 0; i < ndim; i++) {
            int a = AxisStencil.normaliseAxis("axes", axes[i], ndim);
            if (seen[a]) {
                throw new IllegalArgumentException("axes: " + Arrays.toString(axes) + " repeats axis " + a
                        + ", expected a permutation");
            }
            seen[a] = true;
            p[i] = a;
        }
        return p;
    }

    /**
     * On every engine: on buffers of another engine than the host's the product is a loop of that
     * engine's {@code copyRows} kernel.
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
            if (adjoint) {
                permuteOn(in.engine(), in, inPos, dimsd(), inverse, out, outPos);
            } else {
                permuteOn(in.engine(), in, inPos, inDims, axes, out, outPos);
            }
            return;
        }
        HostOperands h = hostOperands(in, inPos, out, outPos, adjoint);
        int c = h.components();
        if (adjoint) {
            permute(h.in(), h.inOffset(), dimsd(), inverse, h.out(), h.outOffset(), c);
        } else {
            permute(h.in(), h.inOffset(), inDims, axes, h.out(), h.outOffset(), c);
        }
    }

    /**
     * {@code dst = transpose(src, axes)}: {@code src} of shape {@code shape} from entry
     * {@code s0}, {@code dst} of shape {@code shape[axes]} from entry {@code d0}, {@code c}
     * entries per element.
     */
    private static void permute(Object src, int s0, long[] shape, int[] axes, Object dst, int d0, int c) {
        int nd = shape.length;
        Walk w = Walk.of(shape, axes, c);
        if (w.total() == 0) {
            return;
        }
        long[] outShape = w.outShape();
        long[] step = w.step();
        long total = w.total();
        long[] idx = new long[nd];
        long last = outShape[nd - 1];
        long lastStep = step[nd - 1];
        long rows = total / last;
        long from = s0;
        int to = d0;
        double[] sd = src instanceof double[] a ? a : null;
        double[] dd = dst instanceof double[] a ? a : null;
        float[] sf = src instanceof float[] a ? a : null;
        float[] df = dst instanceof float[] a ? a : null;
        for (long r = 0; r < rows; r++) {
            long p = from;
            for (long k = 0; k < last; k++) {                          // y[..., k] = x[p]
                int pi = Math.toIntExact(p);
                for (int q = 0; q < c; q++) {
                    if (dd != null) {
                        dd[to++] = sd[pi + q];
                    } else {
                        df[to++] = sf[pi + q];
                    }
                }
                p += lastStep;
            }
            from = w.next(idx, nd - 1, from);
        }
    }

    /**
     * The permutation on buffers of {@code engine} with its {@code copyRows} kernel: when the last
     * axis stays last, one call per plane of the last two output axes moves runs of the last axis;
     * else one call per output row gathers its elements with the source stride of the last output
     * axis. Copies only, so the host's bits.
     */
    private static void permuteOn(Engine engine, Buffer src, long s0, long[] shape, int[] axes, Buffer dst,
            long d0) {
        int nd = shape.length;
        Walk w = Walk.of(shape, axes, 1);
        if (w.total() == 0) {
            return;
        }
        long[] outShape = w.outShape();
        long[] step = w.step();
        long total = w.total();
        boolean runs = axes[nd - 1] == nd - 1 && nd > 1;               // the last axis moves as runs
        long last = outShape[nd - 1];
        int loopAxes = runs ? nd - 2 : nd - 1;                          // output axes walked by the odometer
        long rows = runs ? outShape[nd - 2] : last;
        long rowLength = runs ? last : 1;
        long srcRowStride = runs ? step[nd - 2] : step[nd - 1];
        long calls = total / (rows * rowLength);
        long[] idx = new long[nd];
        long from = s0;
        long to = d0;
        for (long r = 0; r < calls; r++) {
            engine.copyRows(src, from, srcRowStride, dst, to, rowLength, rows, rowLength);
            to += rows * rowLength;
            from = w.next(idx, loopAxes, from);
        }
    }

    /**
     * The output of a permutation walked in its own order: each output axis's extent and stride in
     * the source ({@code unit} source entries per element), and the number of elements.
     */
    private record Walk(long[] outShape, long[] step, long total) {

        static Walk of(long[] shape, int[] axes, long unit) {
            int nd = shape.length;
            long[] srcStride = new long[nd];
            long s = 1;
            for (int a = nd - 1; a >= 0; a--) {
                srcStride[a] = s * unit;
                s *= shape[a];
            }
            long[] outShape = new long[nd];
            long[] step = new long[nd];
            for (int i = 0; i < nd; i++) {
                outShape[i] = shape[axes[i]];
                step[i] = srcStride[axes[i]];
            }
            return new Walk(outShape, step, s);
        }

        /**
         * The odometer over output axes {@code [0, axes)}: advances {@code idx} by one, last of
         * those axes fastest, and returns the source position {@code from} moved with it.
         */
        long next(long[] idx, int axes, long from) {
            for (int i = axes - 1; i >= 0; i--) {
                idx[i]++;
                from += step[i];
                if (idx[i] < outShape[i]) {
                    break;
                }
                from -= step[i] * outShape[i];
                idx[i] = 0;
            }
            return from;
        }
    }

    /**
     * The permutation (a copy, normalised).
     *
     * @return the permutation (a copy, normalised)
     */
    public int[] axes() {
        return axes.clone();
    }

    @Override
    public String toString() {
        return "Transpose(dims=" + Arrays.toString(inDims) + ", axes=" + Arrays.toString(axes) + ", dtype=" + dtype + ")";
    }
}
