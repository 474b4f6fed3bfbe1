package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The frame of the serial operators that are one {@link Stencil} along one axis of an n-d array
 * ({@link Convolve1D}, {@link Smoothing1D}, {@link PoststackLinearModelling}): the shape
 * ({@code dims = dimsd}), the dtype, the forward stencil and its exact transpose, both run by the
 * engine's stencil kernel in one pass over the data. Immutable.
 */
abstract class StencilOperator implements LocalOperator {

    final AxisStencil stencil;
    final DType dtype;

    StencilOperator(AxisStencil stencil, DType dtype) {
        this.stencil = stencil;
        this.dtype = AxisStencil.checkDtype(dtype);
    }

    @Override
    public final long rows() {
        return stencil.size();
    }

    @Override
    public final long cols() {
        return stencil.size();
    }

    @Override
    public final long[] dims() {
        return stencil.dims.clone();
    }

    @Override
    public final long[] dimsd() {
        return stencil.dims.clone();
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    /**
     * The axis the stencil runs along, in {@code [0, ndim)}.
     *
     * @return the axis the stencil runs along, in {@code [0, ndim)}
     */
    public final int axis() {
        return stencil.axis;
    }

    /**
     * The forward stencil (its transpose is the adjoint's).
     *
     * @return the forward stencil
     */
    public final Stencil stencil() {
        return stencil.forward;
    }

    /**
     * {@code y = S x} along the axis. Local. Buffers of any one element type (a real operator on
     * complex buffers acts on the real and imaginary parts alike).
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; must not overlap x's range
     */
    @Override
    public final void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        stencil.apply(x, xPos, y, yPos, false, false);
    }

    /**
     * {@code x = S^T y} (the exact transpose; the coefficients are real, so also {@code S^H}).
     * Local; buffers as for {@link #matvec(Buffer, long, Buffer, long)}.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten; must not overlap y's range
     */
    @Override
    public final void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        stencil.apply(y, yPos, x, xPos, true, false);
    }

    /** {@code S x} on a host array (complex input to a real operator gives a complex result). Local. */
    @Override
    public final NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** {@code S^T y} on a host array. Local. */
    @Override
    public final NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    /** {@code dims=[...], axis=a, dtype=...}, for the subclasses' descriptions. */
    final String shapeText() {
        return "dims=" + Arrays.toString(stencil.dims) + ", axis=" + stencil.axis + ", dtype=" + dtype;
    }
}
