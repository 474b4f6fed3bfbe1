package org.jlops.mpi.ops.serial;

import java.util.function.LongFunction;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.LocalOperator;

/**
 * What {@link FirstDerivative} and {@link SecondDerivative} share: one banded stencil along an axis
 * of an n-d model ({@code dims = dimsd}), its options, and the forward/adjoint pair run by the
 * engine's stencil kernel (the adjoint is the stencil's exact transpose). Immutable.
 */
abstract class AxisDerivative implements LocalOperator {

    final AxisStencil stencil;
    private final double sampling;
    private final DerivativeKind kind;
    private final boolean edge;
    private final DType dtype;

    /**
     * A derivative along {@code axis} of {@code dims} with the 1-d stencil {@code of(dims[axis])}.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    AxisDerivative(long[] dims, int axis, double sampling, DerivativeKind kind, boolean edge, DType dtype,
            LongFunction<Stencil> of) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        this.stencil = new AxisStencil(d, ax, of.apply(d[ax]));
        this.sampling = sampling;
        this.kind = kind;
        this.edge = edge;
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
     * The derivative axis, in {@code [0, ndim)}.
     *
     * @return the derivative axis, in {@code [0, ndim)}
     */
    public final int axis() {
        return stencil.axis;
    }

    /**
     * The sampling step.
     *
     * @return the sampling step
     */
    public final double sampling() {
        return sampling;
    }

    /**
     * The scheme.
     *
     * @return the scheme
     */
    public final DerivativeKind kind() {
        return kind;
    }

    /**
     * Whether the centered stencil uses edge formulas.
     *
     * @return whether the centered stencil uses edge formulas
     */
    public final boolean edge() {
        return edge;
    }

    /**
     * {@code y = D x}, along the axis. Local. Buffers of any one element type are accepted (the
     * kernel computes in that type; a real operator on complex buffers acts on both parts).
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; must not overlap x's range
     */
    @Override
    public final void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        stencil.apply(x, xPos, y, yPos, false, false);
    }

    /**
     * {@code x = D^T y} (the exact transpose). Local; buffers as for {@link #matvec(Buffer, long, Buffer, long)}.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten; must not overlap y's range
     */
    @Override
    public final void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        stencil.apply(y, yPos, x, xPos, true, false);
    }

    /**
     * {@code D x} on a host array, computed by the stencil kernel directly also for complex
     * input to a real operator (the result is then complex). Local.
     *
     * @param x (Input) {@link #cols()} entries; not modified
     */
    @Override
    public final NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /**
     * {@code D^T y} on a host array (see {@link #matvec(NdArray)}). Local.
     *
     * @param y (Input) {@link #rows()} entries; not modified
     */
    @Override
    public final NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }
}
