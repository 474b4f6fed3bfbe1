package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;

/**
 * The frame of the serial operators that are one {@link Stencil} along one axis of an n-d array
 * ({@link Convolve1D}, {@link Smoothing1D}, {@link PoststackLinearModelling}, the derivatives of
 * {@link AxisDerivative}): a {@link HostOperator} ({@code dims = dimsd}) whose products are the
 * forward stencil and its exact transpose, both run by the engine's stencil kernel in one pass over
 * the data. Immutable.
 */
abstract class StencilOperator extends HostOperator {

    final AxisStencil stencil;

    StencilOperator(AxisStencil stencil, DType dtype) {
        super(stencil.dims.clone(), stencil.dims.clone(), dtype);
        this.stencil = stencil;
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
     * {@code y = S x} along the axis, or {@code x = S^T y} when {@code adjoint} (the exact
     * transpose; the coefficients are real, so also {@code S^H}), in one pass of the engine's
     * stencil kernel. Buffers of any one element type (a real operator on complex buffers acts on
     * the real and imaginary parts alike).
     */
    @Override
    final void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        stencil.apply(in, inPos, out, outPos, adjoint, false);
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

    /** {@code dims=[...], axis=a, dtype=...}, for the subclasses' descriptions. */
    final String shapeText() {
        return "dims=" + Arrays.toString(stencil.dims) + ", axis=" + stencil.axis + ", dtype=" + dtype;
    }
}
