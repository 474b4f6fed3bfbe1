package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * An element-wise product with a vector (serial PyLops' {@code Diagonal}), broadcast
 * along one axis of an n-d model: with {@code dims} viewed as {@code (outer, n, inner)} around
 * {@code axis} and {@code n = dims[axis] = len(d)},
 *
 * <pre>
 *     y[o, i, t] = d[i] x[o, i, t]            dims = dimsd
 *     x[o, i, t] = conj(d[i]) y[o, i, t]      (the adjoint)
 * </pre>
 *
 * <p>Without {@code dims} the model is the vector {@code (len(d),)} and the operator is
 * {@code diag(d)}. A real diagonal also works on complex buffers of its precision (on the real and
 * imaginary parts). One pass over the data; the output range may be the input's exactly (in place),
 * must not overlap it otherwise. Instances are immutable (the diagonal is copied).
 *
 * <p>On buffers of another engine (a GPU's) the product is that engine's element-wise
 * {@code multiply} with the diagonal broadcast to the model's shape, which is copied to the engine
 * on the first product there and kept (once per engine, and once more for the adjoint of a complex
 * diagonal): the same bits as on the host. A real diagonal on complex buffers works on the host
 * only.
 *
 * <p>Differences from PyLops: a complex diagonal with a real {@code dtype} is rejected (NumPy
 * would drop the imaginary part); {@code dims[axis] != len(d)} is an
 * {@link IllegalArgumentException} naming both.
 */
public final class Diagonal extends HostOperator {

    private final int axis;
    private final long outer;
    private final int n;
    private final long inner;
    private final double[] dd; // the diagonal in the operator's dtype (complex interleaved); null in single precision
    private final float[] df;
    /** The diagonal broadcast to the model's shape on each non-host engine it ran on: {forward, adjoint}. */
    private final Map<Engine, Buffer[]> onEngines = new ConcurrentHashMap<>();

    /**
     * {@code diag(d)} on a vector model, with the dtype of {@code d}.
     *
     * @param d (Input) the diagonal (any shape, read flat); not modified (copied)
     * @throws IllegalArgumentException if {@code d} is null
     */
    public Diagonal(NdArray d) {
        this(d, null, -1, d == null ? null : d.dtype());
    }

    /**
     * The diagonal {@code d} broadcast along {@code axis} of a model of shape {@code dims}.
     *
     * @param d     (Input) the diagonal (any shape, read flat); not modified (copied, converted to
     *              {@code dtype})
     * @param dims  (Input) the model shape, or null for {@code (len(d),)}; copied
     * @param axis  the axis of {@code dims} along which {@code d} varies, in {@code [-ndim, ndim)}
     *              (PyLops' default is -1); ignored when {@code dims} is null
     * @param dtype the operator's dtype; a real diagonal may be made complex, not the reverse
     * @throws IllegalArgumentException naming the bad argument
     */
    public Diagonal(NdArray d, long[] dims, int axis, DType dtype) {
        if (d == null) {
            throw new IllegalArgumentException("d: must not be null");
        }
        AxisStencil.checkDtype(dtype);
        if (d.dtype().isComplex() && !dtype.isComplex()) {
            throw new IllegalArgumentException("dtype: " + dtype + " cannot hold the complex diagonal d of dtype "
                    + d.dtype());
        }
        long[] dm = dims == null ? new long[] {d.size()} : AxisStencil.checkDims(dims);
        int ax = dims == null ? 0 : AxisStencil.normaliseAxis("axis", axis, dm.length);
        if (dm[ax] != d.size()) {
            throw new IllegalArgumentException("dims: " + Arrays.toString(dm) + " has " + dm[ax]
                    + " entries along axis " + ax + " but d has " + d.size());
        }
        super(dm, dm.clone(), dtype);
        this.axis = ax;
        this.n = (int) d.size();
        this.outer = AxisStencil.product(dm, 0, ax);
        this.inner = AxisStencil.product(dm, ax + 1, dm.length);
        Object data = (d.dtype() == dtype ? d.copy() : d.astype(dtype)).data();
        this.dd = data instanceof double[] a ? a : null;
        this.df = data instanceof float[] a ? a : null;
    }

    /**
     * The diagonal.
     *
     * @return a copy, 1-d, of the operator's dtype
     */
    public NdArray diagonal() {
        return NdArray.wrap(dtype, dd != null ? dd.clone() : df.clone(), n);
    }

    /**
     * The broadcast axis.
     *
     * @return the axis, in {@code [0, ndim)}
     */
    public int axis() {
        return axis;
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        if (!in.isHost() || !out.isHost()) {
            applyOnEngine(in, inPos, out, outPos, adjoint);
            return;
        }
        HostOperands h = hostOperands(in, inPos, out, outPos, adjoint);
        int c = h.components();
        int io = h.inOffset();
        int oo = h.outOffset();
        int run = Math.toIntExact(inner * c); // real entries per diagonal entry and outer index
        boolean complexDiag = dtype.isComplex();
        double sign = adjoint ? -1 : 1;
        if (dd != null) {
            double[] x = (double[]) h.in();
            double[] y = (double[]) h.out();
            int p = 0;
            for (long o = 0; o < outer; o++) {
                for (int i = 0; i < n; i++, p += run) {
                    if (complexDiag) {
                        // (dr + i di)(xr + i xi)
                        double dr = dd[2 * i];
                        double di = sign * dd[2 * i + 1];
                        for (int t = 0; t < run; t += 2) {
                            double xr = x[io + p + t];
                            double xi = x[io + p + t + 1];
                            y[oo + p + t] = dr * xr - di * xi;
                            y[oo + p + t + 1] = dr * xi + di * xr;
                        }
                    } else {
                        double s = dd[i];
                        for (int t = 0; t < run; t++) {
                            y[oo + p + t] = s * x[io + p + t];
                        }
                    }
                }
            }
        } else {
            float[] x = (float[]) h.in();
            float[] y = (float[]) h.out();
            float fsign = (float) sign;
            int p = 0;
            for (long o = 0; o < outer; o++) {
                for (int i = 0; i < n; i++, p += run) {
                    if (complexDiag) {
                        float dr = df[2 * i];
                        float di = fsign * df[2 * i + 1];
                        for (int t = 0; t < run; t += 2) {
                            float xr = x[io + p + t];
                            float xi = x[io + p + t + 1];
                            y[oo + p + t] = dr * xr - di * xi;
                            y[oo + p + t + 1] = dr * xi + di * xr;
                        }
                    } else {
                        float s = df[i];
                        for (int t = 0; t < run; t++) {
                            y[oo + p + t] = s * x[io + p + t];
                        }
                    }
                }
            }
        }
    }

    /**
     * The product on the engine of {@code out}: the range copied to a scratch buffer (unless it is
     * the whole buffer), multiplied by the broadcast diagonal, copied to the output range.
     */
    private void applyOnEngine(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        if (checkBuffers(in, inPos, out, outPos, adjoint)) {
            throw new IllegalArgumentException("x: a real Diagonal on complex buffers of engine "
                    + HostRanges.engineName(out) + " is not provided (it works on the host); give the Diagonal "
                    + "the complex dtype " + dtype.complexType());
        }
        Engine e = out.engine();
        long size = cols();
        Buffer d = onEngines.computeIfAbsent(e, this::upload)[adjoint && dtype.isComplex() ? 1 : 0];
        if (inPos == 0 && outPos == 0 && in.length() == size && out.length() == size) {
            e.multiply(d, in, out);
            return;
        }
        Buffer t = e.allocate(in.type(), size);
        e.copy(in, inPos, t, 0, size);
        e.multiply(d, t, t);
        e.copy(t, 0, out, outPos, size);
    }

    /** The diagonal broadcast to the model's shape on {@code e}, and its conjugate for a complex one. */
    private Buffer[] upload(Engine e) {
        int c = dtype.components();
        long size = cols();
        NdArray full = NdArray.zeros(dtype, size);
        NdArray conj = dtype.isComplex() ? NdArray.zeros(dtype, size) : null;
        long k = 0;
        for (long o = 0; o < outer; o++) {
            for (int i = 0; i < n; i++) {
                double re = dd != null ? dd[c * i] : df[c * i];
                double im = c == 1 ? 0 : dd != null ? dd[2 * i + 1] : df[2 * i + 1];
                for (long t = 0; t < inner; t++, k++) {
                    full.set(k, re, im);
                    if (conj != null) {
                        conj.set(k, re, -im);
                    }
                }
            }
        }
        Buffer f = e.fromHost(full.data(), dtype.elementType());
        return new Buffer[] {f, conj == null ? f : e.fromHost(conj.data(), dtype.elementType())};
    }

    /** One multiplication per element (6 flops for complex ones). */
    @Override
    public long flops(boolean adjoint) {
        return cols() * (dtype().isComplex() ? 6 : 1);
    }

    /**
     * On every engine: its products are kernels of the buffers' engine.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public boolean runsOn(Engine engine) {
        return true;
    }

    @Override
    public String toString() {
        return "Diagonal(n=" + n + ", dims=" + Arrays.toString(dims()) + ", axis=" + axis + ", dtype=" + dtype + ")";
    }
}
