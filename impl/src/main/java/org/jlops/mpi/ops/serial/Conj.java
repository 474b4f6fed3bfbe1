package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;

/**
 * Complex conjugation (serial PyLops' {@code Conj}, SPEC §9): {@code y = conj(x)}, and the same for
 * the "adjoint", {@code x = conj(y)}; {@code dims = dimsd}. Conjugation is not linear over the
 * complex numbers (it is its own inverse), so it fails the complex dot-test; PyLops uses it in
 * operator chains such as {@code A.conj()}-style products. On real data it copies.
 *
 * <p>Complex buffers are conjugated also when the operator's dtype is real (as NumPy's
 * {@code conj} does), except inside a {@link LocalOperators} expression of a complex dtype, which
 * applies a real operand to the real and imaginary parts separately: give {@code Conj} a complex
 * dtype there. One pass; immutable.
 */
public final class Conj implements LocalOperator {

    private final long[] dims;
    private final long size;
    private final DType dtype;

    /**
     * Conjugation of an array of shape {@code dims}.
     *
     * @param dims  (Input) the model shape (= data shape); copied
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Conj(long[] dims, DType dtype) {
        this.dims = AxisStencil.checkDims(dims);
        long p = 1;
        for (long d : this.dims) {
            p *= d;
        }
        this.size = p;
        this.dtype = AxisStencil.checkDtype(dtype);
    }

    @Override
    public long rows() {
        return size;
    }

    @Override
    public long cols() {
        return size;
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
     * {@code y = conj(x)}. Local. Buffers of the operator's dtype or, for a real dtype, the complex
     * type of its precision.
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; may be x's range exactly
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        apply(x, xPos, y, yPos, false);
    }

    /**
     * {@code x = conj(y)}. Local; buffers as for {@link #matvec(Buffer, long, Buffer, long)}.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten
     */
    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        apply(y, yPos, x, xPos, true);
    }

    /** {@code conj(x)} on a host array (complex for complex input). Local. */
    @Override
    public NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** {@code conj(y)} on a host array. Local. */
    @Override
    public NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    private void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        HostRanges.checkRange(adjoint ? "y" : "x", in, inPos, size);
        HostRanges.checkRange(adjoint ? "x" : "y", out, outPos, size);
        HostRanges.checkTypes(dtype, in, out, true, "Conj");
        int c = in.type().components();
        System.arraycopy(HostRanges.hostArray(adjoint ? "y" : "x", in), Math.toIntExact(inPos * c),
                HostRanges.hostArray(adjoint ? "x" : "y", out), Math.toIntExact(outPos * c),
                Math.toIntExact(size * c));
        HostRanges.conjInPlace(out, outPos, size);
    }

    @Override
    public String toString() {
        return "Conj(dims=" + Arrays.toString(dims) + ", dtype=" + dtype + ")";
    }
}
