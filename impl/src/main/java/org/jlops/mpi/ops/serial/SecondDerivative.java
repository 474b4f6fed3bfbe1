package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.LocalOperator;

/**
 * Second derivative along one axis of an n-d array (serial PyLops' {@code SecondDerivative}).
 * The model and the data have the shape {@code dims} ({@code dims = dimsd}); every
 * line along {@code axis} is differentiated independently. With {@code n = dims[axis]},
 * {@code h = sampling} and index {@code i} along the axis (every row divided by {@code h^2}):
 *
 * <ul>
 *   <li>{@link DerivativeKind#FORWARD}: {@code y[i] = x[i+2] - 2x[i+1] + x[i]} for
 *       {@code i <= n-3}, {@code y[n-2] = y[n-1] = 0};</li>
 *   <li>{@link DerivativeKind#BACKWARD}: {@code y[0] = y[1] = 0},
 *       {@code y[i] = x[i] - 2x[i-1] + x[i-2]} for {@code i >= 2};</li>
 *   <li>{@link DerivativeKind#CENTERED}: {@code y[i] = x[i+1] - 2x[i] + x[i-1]} for
 *       {@code 1 <= i <= n-2}, {@code y[0] = y[n-1] = 0}; with {@code edge}:
 *       {@code y[0] = x[0] - 2x[1] + x[2]}, {@code y[n-1] = x[n-3] - 2x[n-2] + x[n-1]}.</li>
 * </ul>
 *
 * <p><b>Adjoint.</b> {@code x = D^T y}, the exact transpose, run by the same kernel on the
 * transposed {@link Stencil}; the coefficients are real, so {@code D^H = D^T} for every dtype.
 *
 * <p><b>Cost.</b> One pass over the data along any axis, through the engine's
 * {@link org.jlops.mpi.engine.StencilKernels}. Instances are immutable.
 *
 * <p>Differences from PyLops: options are enums; an axis too short for the edge formulas (fewer
 * than 3 samples) is rejected with an {@link IllegalArgumentException}; a real operator on complex
 * data acts on the real and imaginary parts (complex result).
 */
public final class SecondDerivative extends AxisDerivative {


    /**
     * The centered second derivative along {@code axis} with unit sampling, no edge formulas,
     * float64 (PyLops' defaults).
     *
     * @param dims (Input) the model shape; copied
     * @param axis the axis, in {@code [-ndim, ndim)}
     * @throws IllegalArgumentException naming the bad argument
     */
    public SecondDerivative(long[] dims, int axis) {
        this(dims, axis, 1.0, DerivativeKind.CENTERED, false, DType.FLOAT64);
    }

    /**
     * A second derivative.
     *
     * @param dims     (Input) the model shape (at least one dimension); copied
     * @param axis     the derivative axis, in {@code [-ndim, ndim)} (negative counts from the end)
     * @param sampling the sampling step {@code h}, finite and non-zero
     * @param kind     the scheme
     * @param edge     whether the centered stencil uses the edge formulas (ignored otherwise)
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException naming the bad argument, also when {@code dims[axis] < 3}
     *                                  with edge formulas
     */
    public SecondDerivative(long[] dims, int axis, double sampling, DerivativeKind kind, boolean edge, DType dtype) {
        super(dims, axis, sampling, kind, edge, dtype, n -> stencil(n, sampling, kind, edge));
    }

    /**
     * The 1-d stencil of the second derivative on {@code n} samples (the definitions of the class
     * documentation); its {@link Stencil#transpose()} is the adjoint's. Used by the distributed
     * {@code MPISecondDerivative} too.
     *
     * @param n        the number of samples, at least 0
     * @param sampling the sampling step, finite and non-zero
     * @param kind     the scheme
     * @param edge     edge formulas (centered only)
     * @return the stencil
     * @throws IllegalArgumentException naming the bad argument
     */
    public static Stencil stencil(long n, double sampling, DerivativeKind kind, boolean edge) {
        if (n < 0) {
            throw new IllegalArgumentException("dims: negative length " + n + " along the derivative axis");
        }
        AxisStencil.checkSampling("sampling", sampling);
        AxisStencil.checkKind(kind);
        double h2 = sampling * sampling;
        double[] c = {1 / h2, -2 / h2, 1 / h2};
        return switch (kind) {
            // y[i] = (x[i] - 2 x[i+1] + x[i+2]) / h^2, two last rows zero
            case FORWARD -> Stencil.banded(n, new int[] {0, 1, 2}, c, 0, 2);
            // y[i] = (x[i-2] - 2 x[i-1] + x[i]) / h^2, two first rows zero
            case BACKWARD -> Stencil.banded(n, new int[] {-2, -1, 0}, c, 2, 0);
            case CENTERED -> {
                if (edge) {
                    AxisStencil.checkEdgeLength(n, 3, "centered second derivative");
                }
                // y[i] = (x[i-1] - 2 x[i] + x[i+1]) / h^2
                Stencil s = Stencil.banded(n, new int[] {-1, 0, 1}, c, 1, 1);
                yield edge ? s.withRow(0, new long[] {0, 1, 2}, c).withRow(n - 1, new long[] {n - 3, n - 2, n - 1}, c)
                        : s;
            }
        };
    }

    @Override
    public String toString() {
        return "SecondDerivative(dims=" + Arrays.toString(stencil.dims) + ", axis=" + stencil.axis + ", sampling="
                + sampling() + ", kind=" + kind() + ", edge=" + edge() + ", dtype=" + dtype() + ")";
    }

    /**
     * A builder with PyLops' defaults (axis -1, centered, unit sampling, no edge formulas, float64):
     * {@code SecondDerivative.builder(dims).axis(0).sampling(0.5).build()}.
     *
     * @param dims (Input) the model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of a {@link SecondDerivative} by name; {@link #build()} makes it. */
    public static final class Builder extends DerivativeBuilder<Builder> {
        private int axis = -1;

        private Builder(long[] dims) {
            super(dims);
        }

        /**
         * The derivative axis (default -1, the last).
         *
         * @param axis the axis, in {@code [-ndim, ndim)}
         * @return this builder
         */
        public Builder axis(int axis) {
            this.axis = axis;
            return this;
        }

        /**
         * The operator.
         *
         * @return the operator
         * @throws IllegalArgumentException naming the bad option, as the constructor
         */
        public SecondDerivative build() {
            return new SecondDerivative(optionDims(), axis, optionStep(), optionKind(), optionEdge(), optionDtype());
        }
    }
}
