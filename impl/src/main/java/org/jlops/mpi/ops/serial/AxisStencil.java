package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.StencilKernels.Rows;
import org.jlops.mpi.ops.LocalOperator;

/**
 * A 1-d stencil applied along one axis of an n-d row-major array, viewed as
 * {@code (outer, n, inner)}: the forward stencil and its exact transpose (the adjoint), chosen once
 * at construction. Shared by the serial derivative operators; immutable.
 */
final class AxisStencil {

    final long[] dims;
    final int axis;
    final long outer;
    final long n;
    final long inner;
    final Stencil forward;
    final Stencil adjoint;

    AxisStencil(long[] dims, int axis, Stencil forward) {
        this(dims, axis, forward, forward.transpose());
    }

    /** With the adjoint's stencil given (it must be {@code forward}'s exact transpose). */
    AxisStencil(long[] dims, int axis, Stencil forward, Stencil adjoint) {
        this.dims = dims.clone();
        this.axis = axis;
        this.n = dims[axis];
        this.outer = product(dims, 0, axis);
        this.inner = product(dims, axis + 1, dims.length);
        this.forward = forward;
        this.adjoint = adjoint;
    }

    /** Number of elements of the n-d array. */
    long size() {
        return outer * n * inner;
    }

    /** {@code y = S x} ({@code S^T} when {@code adjoint}), or {@code y += ...} when {@code accumulate}. */
    void apply(Buffer x, long xPos, Buffer y, long yPos, boolean adjoint, boolean accumulate) {
        kernels(x).apply(adjoint ? this.adjoint : forward, outer, inner, x, xPos, y, yPos, accumulate);
    }

    /**
     * {@code y = S x + C x} ({@code S^T x + C^T x} when {@code adjoint}), {@code C} being
     * {@code last}'s stencil along the last axis (an axis after this one): one kernel pass per
     * outer slice ({@link StencilKernels#applyRowsAndLast}), bit-identical to the two products
     * summed in one output.
     */
    void applyWithLast(AxisStencil last, Buffer x, long xPos, Buffer y, long yPos, boolean adjoint) {
        StencilKernels k = kernels(x);
        Stencil s = adjoint ? this.adjoint : forward;
        Stencil c = adjoint ? last.adjoint : last.forward;
        long block = n * inner;
        for (long o = 0; o < outer; o++) {
            k.applyRowsAndLast(s, c, inner, null, new Rows(x, xPos + o * block, 0, n), null,
                    new Rows(y, yPos + o * block, 0, n));
        }
    }

    /** The stencil kernels of the engine holding {@code b} ({@link Buffer#engine()}): the product runs where the data lives. */
    static StencilKernels kernels(Buffer b) {
        if (b == null) {
            throw new IllegalArgumentException("buffer: must not be null");
        }
        return b.isHost() ? Engine.host().stencils() : b.engine().stencils();
    }

    // ---------------------------------------------------------------------------------------
    // Argument checks shared by the serial operators (messages name the argument).

    /** Checks an n-d shape and returns a copy. */
    static long[] checkDims(long[] dims) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("dims: must have at least one dimension, got "
                    + (dims == null ? "null" : "()"));
        }
        long p = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("dims: negative dimension in " + Arrays.toString(dims));
            }
            try {
                p = Math.multiplyExact(p, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("dims: " + Arrays.toString(dims) + " has more than 2^63 elements");
            }
        }
        return dims.clone();
    }

    /** The number of elements of a shape checked by {@link #checkDims}. */
    static long size(long[] dims) {
        return product(dims, 0, dims.length);
    }

    /** {@code dims[from] * ... * dims[to - 1]} (1 when {@code from == to}), overflow-checked. */
    static long product(long[] dims, int from, int to) {
        long p = 1;
        for (int k = from; k < to; k++) {
            p = Math.multiplyExact(p, dims[k]);
        }
        return p;
    }

    /** {@code axis} in {@code [-ndim, ndim)}, normalised to {@code [0, ndim)}. */
    static int normaliseAxis(String what, int axis, int ndim) {
        if (axis < -ndim || axis >= ndim) {
            throw new IllegalArgumentException(what + ": " + axis + " is out of range for " + ndim + " dimension"
                    + (ndim == 1 ? "" : "s") + ", expected [" + -ndim + ", " + ndim + ")");
        }
        return axis < 0 ? axis + ndim : axis;
    }

    /** Requires the counts {@code N} (rows) and {@code M} (columns) of an {@code N × M} operator to be at least 0. */
    static void checkCounts(long n, long m) {
        if (n < 0 || m < 0) {
            throw new IllegalArgumentException("n, m: (" + n + ", " + m + ") must not be negative");
        }
    }

    static DType checkDtype(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        return dtype;
    }

    static void checkSampling(String what, double h) {
        if (h == 0.0 || !Double.isFinite(h)) {
            throw new IllegalArgumentException(what + ": " + h + ", expected a finite non-zero sampling step");
        }
    }

    static void checkKind(DerivativeKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("kind: must be FORWARD, CENTERED or BACKWARD, got null");
        }
    }

    static void checkEdgeLength(long n, int min, String what) {
        if (n < min) {
            throw new IllegalArgumentException("dims: " + n + " samples along the derivative axis, the edge formulas "
                    + "of the " + what + " need at least " + min);
        }
    }

    /**
     * {@code A x} or {@code A^H y} on a host array (the {@code LocalOperator} convenience): input of
     * another dtype is converted to the operator's, except that a real operator on complex input
     * computes in the complex type of its precision (acting on real and imaginary parts).
     */
    static NdArray applyNd(LocalOperator op, NdArray in, boolean adjoint) {
        long nIn = adjoint ? op.rows() : op.cols();
        long nOut = adjoint ? op.cols() : op.rows();
        if (in == null) {
            throw new IllegalArgumentException((adjoint ? "y" : "x") + ": must not be null");
        }
        if (in.size() != nIn) {
            throw new IllegalArgumentException((adjoint ? "y" : "x") + ": dimension mismatch, " + in.size()
                    + " entries but the operator needs " + nIn);
        }
        DType work = op.dtype().isComplex() || !in.dtype().isComplex() ? op.dtype() : op.dtype().complexType();
        NdArray src = in.dtype() == work ? in : in.astype(work);
        NdArray out = NdArray.zeros(work, nOut);
        Engine host = Engine.host();
        Buffer bi = host.wrap(src.data(), work.elementType());
        Buffer bo = host.wrap(out.data(), work.elementType());
        if (adjoint) {
            op.rmatvec(bi, 0, bo, 0);
        } else {
            op.matvec(bi, 0, bo, 0);
        }
        return out;
    }
}
