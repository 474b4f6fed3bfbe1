package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The rectangular identity (serial PyLops' {@code Identity(N, M)}, SPEC §9): the {@code N × M}
 * matrix with ones on the main diagonal. With {@code p = min(N, M)}:
 *
 * <pre>
 *     y[0, p) = x[0, p),  y[p, N) = 0          (N &lt; M crops the model, N &gt; M pads it with zeros)
 *     x[0, p) = y[0, p),  x[p, M) = 0          (the adjoint: pads where the forward crops, and back)
 * </pre>
 *
 * <p>Real, so {@code I^H = I^T} for every dtype; works on buffers of its dtype or, for a real
 * dtype, on complex buffers of its precision. One copy per product; immutable.
 *
 * <p>Differences from PyLops: no {@code inplace} option (the products always write the output
 * range); {@code N} and {@code M} are counts, not shapes.
 */
public final class Identity implements LocalOperator {

    private final long n;
    private final long m;
    private final DType dtype;

    /**
     * The square identity {@code I_N}, float64.
     *
     * @param n the size, at least 0
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Identity(long n) {
        this(n, n, DType.FLOAT64);
    }

    /**
     * The {@code N × M} identity.
     *
     * @param n     rows {@code N} (data length), at least 0
     * @param m     columns {@code M} (model length), at least 0
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Identity(long n, long m, DType dtype) {
        if (n < 0 || m < 0) {
            throw new IllegalArgumentException("n, m: (" + n + ", " + m + ") must not be negative");
        }
        this.n = n;
        this.m = m;
        this.dtype = AxisStencil.checkDtype(dtype);
    }

    @Override
    public long rows() {
        return n;
    }

    @Override
    public long cols() {
        return m;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /**
     * {@code y = x[0, N)} padded with zeros to {@code N}. Local.
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; must not overlap x's range
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        copyPad(x, xPos, m, y, yPos, n, false);
    }

    /**
     * {@code x = y[0, M)} padded with zeros to {@code M}. Local.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten; must not overlap y's range
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        copyPad(y, yPos, n, x, xPos, m, true);
    }

    /** {@code I x} on a host array (complex input to a real operator gives a complex result). Local. */
    @Override
    public NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** {@code I^T y} on a host array. Local. */
    @Override
    public NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    private void copyPad(Buffer in, long inPos, long nIn, Buffer out, long outPos, long nOut, boolean adjoint) {
        HostRanges.checkRange(adjoint ? "y" : "x", in, inPos, nIn);
        HostRanges.checkRange(adjoint ? "x" : "y", out, outPos, nOut);
        HostRanges.checkTypes(dtype, in, out, true, "Identity");
        Object ia = HostRanges.hostArray(adjoint ? "y" : "x", in);
        Object oa = HostRanges.hostArray(adjoint ? "x" : "y", out);
        int c = in.type().components();
        int p = Math.toIntExact(Math.min(nIn, nOut) * c);
        int io = Math.toIntExact(inPos * c);
        int oo = Math.toIntExact(outPos * c);
        int end = Math.toIntExact((outPos + nOut) * c);
        System.arraycopy(ia, io, oa, oo, p);
        if (oa instanceof double[] d) {
            Arrays.fill(d, oo + p, end, 0.0);
        } else {
            Arrays.fill((float[]) oa, oo + p, end, 0f);
        }
    }

    @Override
    public String toString() {
        return "Identity(" + n + "x" + m + ", dtype=" + dtype + ")";
    }
}
