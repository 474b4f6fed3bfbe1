package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;

/**
 * An element-wise product with a vector (serial PyLops' {@code Diagonal}, SPEC §9), broadcast
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
 * imaginary parts). One pass over the data; instances are immutable (the diagonal is copied).
 *
 * <p>Differences from PyLops: a complex diagonal with a real {@code dtype} is rejected (NumPy
 * would drop the imaginary part); {@code dims[axis] != len(d)} is an
 * {@link IllegalArgumentException} naming both.
 */
public final class Diagonal implements LocalOperator {

    private final long[] dims;
    private final int axis;
    private final long outer;
    private final int n;
    private final long inner;
    private final DType dtype;
    private final double[] dd; // the diagonal in the operator's dtype (complex interleaved); null in single precision
    private final float[] df;

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
        this.dims = dm;
        this.axis = ax;
        this.n = (int) d.size();
        long o = 1;
        for (int k = 0; k < ax; k++) {
            o = Math.multiplyExact(o, dm[k]);
        }
        long in = 1;
        for (int k = ax + 1; k < dm.length; k++) {
            in = Math.multiplyExact(in, dm[k]);
        }
        this.outer = o;
        this.inner = in;
        this.dtype = dtype;
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
    public long rows() {
        return outer * n * inner;
    }

    @Override
    public long cols() {
        return rows();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public long[] dimsd() {
        return dims.clone();
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /**
     * {@code y = d x} (broadcast along the axis). Local. Buffers of the operator's dtype, or for a
     * real operator of the complex type of its precision.
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; may be x's range
     *          exactly (in place), must not overlap it otherwise
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        apply(x, xPos, y, yPos, false);
    }

    /**
     * {@code x = conj(d) y}. Local; buffers as for {@link #matvec(Buffer, long, Buffer, long)}.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten
     */
    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        apply(y, yPos, x, xPos, true);
    }

    /** {@code d x} on a host array (complex input to a real operator gives a complex result). Local. */
    @Override
    public NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** {@code conj(d) y} on a host array. Local. */
    @Override
    public NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    private void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        long len = rows();
        HostRanges.checkRange(adjoint ? "y" : "x", in, inPos, len);
        HostRanges.checkRange(adjoint ? "x" : "y", out, outPos, len);
        HostRanges.checkTypes(dtype, in, out, true, "Diagonal");
        Object ia = HostRanges.hostArray(adjoint ? "y" : "x", in);
        Object oa = HostRanges.hostArray(adjoint ? "x" : "y", out);
        int c = in.type().components();
        int io = Math.toIntExact(inPos * c);
        int oo = Math.toIntExact(outPos * c);
        int run = Math.toIntExact(inner * c); // real entries per diagonal entry and outer index
        boolean complexDiag = dtype.isComplex();
        double sign = adjoint ? -1 : 1;
        if (dd != null) {
            double[] x = (double[]) ia;
            double[] y = (double[]) oa;
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
            float[] x = (float[]) ia;
            float[] y = (float[]) oa;
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

    @Override
    public String toString() {
        return "Diagonal(n=" + n + ", dims=" + Arrays.toString(dims) + ", axis=" + axis + ", dtype=" + dtype + ")";
    }
}
