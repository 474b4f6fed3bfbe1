package org.jlops.mpi.ops.basic;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.RowStencil;
import org.jlops.mpi.ops.serial.DerivativeKind;

/**
 * What {@link MPIFirstDerivative} and {@link MPISecondDerivative} share: one banded stencil along
 * axis 0 on row slabs ({@link RowStencil}), its options, and the forward/adjoint product pairs,
 * allocating or into a given output. Immutable.
 */
abstract class RowStencilOperator extends MPILinearOperator {

    private final RowStencil stencil;
    private final double sampling;
    private final DerivativeKind kind;
    private final boolean edge;

    RowStencilOperator(RowStencil stencil, double sampling, DerivativeKind kind, boolean edge, Communicator comm,
            DType dtype) {
        super(stencil.dims, stencil.dims, dtype, comm);
        this.stencil = stencil;
        this.sampling = sampling;
        this.kind = kind;
        this.edge = edge;
    }

    /**
     * The sampling step. Local.
     *
     * @return the sampling step
     */
    public final double sampling() {
        return sampling;
    }

    /**
     * The scheme. Local.
     *
     * @return the scheme
     */
    public final DerivativeKind kind() {
        return kind;
    }

    /**
     * Whether the centered stencil uses edge formulas. Local.
     *
     * @return whether the centered stencil uses edge formulas
     */
    public final boolean edge() {
        return edge;
    }

    /**
     * Rows of {@code dims[0]} per rank in the outputs (the balanced axis-0 split); a copy. Local.
     *
     * @return rows of {@code dims[0]} per rank in the outputs (the balanced axis-0 split)
     */
    public final long[] rowCounts() {
        return stencil.rowCounts.clone();
    }

    /** This rank's multiply-adds: one per tap of the stencil and element of its slab. */
    @Override
    protected final long localFlops(boolean adjoint) {
        return stencil.flops(communicator().rank(), adjoint, dtype().isComplex());
    }

    /** {@code y = D x}. Collective (see the class documentation for the communication). */
    @Override
    protected final DistributedArray doMatvec(DistributedArray x) {
        return stencil.apply("x", x, false, dtype());
    }

    /** {@code x = D^T y}. Collective. */
    @Override
    protected final DistributedArray doRmatvec(DistributedArray y) {
        return stencil.apply("y", y, true, dtype());
    }

    /** {@code out = D x} without allocating. Collective. */
    @Override
    protected final DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return stencil.apply("x", x, false, dtype(), out, false);
    }

    /** {@code out = D^T y} without allocating. Collective. */
    @Override
    protected final DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return stencil.apply("y", y, true, dtype(), out, false);
    }

    /** {@code out = D x} and {@code ‖out‖²}, the rows summed as they are written. Collective. */
    @Override
    protected final double doMatvecNormSquared(DistributedArray x, DistributedArray out) {
        return stencil.applyNormSquared("x", x, false, dtype(), out);
    }

    /** {@code out = D^T y} and {@code ‖out‖²}, the rows summed as they are written. Collective. */
    @Override
    protected final double doRmatvecNormSquared(DistributedArray y, DistributedArray out) {
        return stencil.applyNormSquared("y", y, true, dtype(), out);
    }
}
