package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The {@code N × M} zero operator (serial PyLops' {@code Zero(N, M)}): {@code y = 0} of
 * {@code N} entries, adjoint {@code x = 0} of {@code M} entries. The input is not read (only its
 * range is checked). Immutable.
 */
public final class Zero implements LocalOperator {

    private final long n;
    private final long m;
    private final DType dtype;

    /**
     * The {@code N × M} zero operator.
     *
     * @param n     rows {@code N}, at least 0
     * @param m     columns {@code M}, at least 0
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Zero(long n, long m, DType dtype) {
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
     * {@code y = 0}. Local.
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not read
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten with zeros
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        zero(x, xPos, m, y, yPos, n, false);
    }

    /**
     * {@code x = 0}. Local.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not read
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten with zeros
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        zero(y, yPos, n, x, xPos, m, true);
    }

    /** Zeros of {@link #rows()} entries (complex for complex input). Local. */
    @Override
    public NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** Zeros of {@link #cols()} entries. Local. */
    @Override
    public NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    private void zero(Buffer in, long inPos, long nIn, Buffer out, long outPos, long nOut, boolean adjoint) {
        HostRanges.checkRange(adjoint ? "y" : "x", in, inPos, nIn);
        HostRanges.checkRange(adjoint ? "x" : "y", out, outPos, nOut);
        HostRanges.checkTypes(dtype, in, out, true, "Zero");
        Object oa = HostRanges.hostArray(adjoint ? "x" : "y", out);
        int c = out.type().components();
        int from = Math.toIntExact(outPos * c);
        int to = Math.toIntExact((outPos + nOut) * c);
        if (oa instanceof double[] d) {
            Arrays.fill(d, from, to, 0.0);
        } else {
            Arrays.fill((float[]) oa, from, to, 0f);
        }
    }

    @Override
    public String toString() {
        return "Zero(" + n + "x" + m + ", dtype=" + dtype + ")";
    }
}
