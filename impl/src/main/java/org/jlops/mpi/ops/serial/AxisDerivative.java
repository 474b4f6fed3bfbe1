package org.jlops.mpi.ops.serial;

import java.util.function.LongFunction;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Stencil;

/**
 * What {@link FirstDerivative} and {@link SecondDerivative} share: a {@link StencilOperator} (one
 * banded stencil along an axis, its exact transpose as the adjoint) with the derivative's options.
 * Immutable.
 */
abstract class AxisDerivative extends StencilOperator {

    private final double sampling;
    private final DerivativeKind kind;
    private final boolean edge;

    /**
     * A derivative along {@code axis} of {@code dims} with the 1-d stencil {@code of(dims[axis])}.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    AxisDerivative(long[] dims, int axis, double sampling, DerivativeKind kind, boolean edge, DType dtype,
            LongFunction<Stencil> of) {
        super(stencilOf(dims, axis, of), dtype);
        this.sampling = sampling;
        this.kind = kind;
        this.edge = edge;
    }

    private static AxisStencil stencilOf(long[] dims, int axis, LongFunction<Stencil> of) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        return new AxisStencil(d, ax, of.apply(d[ax]));
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
}
