package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.LocalOperator;

/**
 * First derivative along one axis of an n-d array (serial PyLops' {@code FirstDerivative}).
 * The model and the data have the shape {@code dims} ({@code dims = dimsd}); every
 * line along {@code axis} is differentiated independently. With {@code n = dims[axis]},
 * {@code h = sampling} and index {@code i} along the axis:
 *
 * <ul>
 *   <li>{@link DerivativeKind#FORWARD}: {@code y[i] = (x[i+1] - x[i])/h} for {@code i < n-1},
 *       {@code y[n-1] = 0};</li>
 *   <li>{@link DerivativeKind#BACKWARD}: {@code y[0] = 0}, {@code y[i] = (x[i] - x[i-1])/h} for
 *       {@code i >= 1};</li>
 *   <li>{@link DerivativeKind#CENTERED}, order 3: {@code y[i] = 0.5 (x[i+1] - x[i-1])/h} for
 *       {@code 1 <= i <= n-2}, {@code y[0] = y[n-1] = 0}; with {@code edge}:
 *       {@code y[0] = (x[1] - x[0])/h}, {@code y[n-1] = (x[n-1] - x[n-2])/h};</li>
 *   <li>{@link DerivativeKind#CENTERED}, order 5:
 *       {@code y[i] = (x[i-2]/12 - 2x[i-1]/3 + 2x[i+1]/3 - x[i+2]/12)/h} for {@code 2 <= i <= n-3},
 *       zero on the two first and two last rows; with {@code edge}: {@code y[0] = (x[1] - x[0])/h},
 *       {@code y[1] = 0.5 (x[2] - x[0])/h}, {@code y[n-2] = 0.5 (x[n-1] - x[n-3])/h},
 *       {@code y[n-1] = (x[n-1] - x[n-2])/h}.</li>
 * </ul>
 *
 * <p><b>Adjoint.</b> {@code x = D^T y}, the exact transpose: the kernel runs the transposed
 * {@link Stencil} (for example {@code x[j] = 0.5 (y[j-1] - y[j+1])/h} inside for centered order 3,
 * with {@code y[0]} and {@code y[n-1]} not contributing). The coefficients are real, so
 * {@code D^H = D^T} for every dtype.
 *
 * <p><b>Cost.</b> One pass over the data (read {@code x} once, write {@code y} once), along any
 * axis, through the engine's {@link org.jlops.mpi.engine.StencilKernels}. Instances are immutable.
 *
 * <p>Differences from PyLops: options are enums; an axis too short for the edge formulas is
 * rejected with an {@link IllegalArgumentException} (PyLops fails with an index error); a real
 * operator on complex data acts on the real and imaginary parts (complex result).
 */
public final class FirstDerivative extends AxisDerivative {

    private final int order;

    /**
     * The centered order-3 first derivative along {@code axis} with unit sampling, no edge
     * formulas, float64 (PyLops' defaults).
     *
     * @param dims (Input) the model shape; copied
     * @param axis the axis, in {@code [-ndim, ndim)}
     * @throws IllegalArgumentException naming the bad argument
     */
    public FirstDerivative(long[] dims, int axis) {
        this(dims, axis, 1.0, DerivativeKind.CENTERED, false, 3, DType.FLOAT64);
    }

    /**
     * A first derivative.
     *
     * @param dims     (Input) the model shape (at least one dimension); copied
     * @param axis     the derivative axis, in {@code [-ndim, ndim)} (negative counts from the end)
     * @param sampling the sampling step {@code h}, finite and non-zero
     * @param kind     the scheme
     * @param edge     whether the centered stencil uses one-sided formulas on the edge rows
     *                 (ignored for forward and backward)
     * @param order    3 or 5 for centered (ignored for forward and backward)
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException naming the bad argument, also when {@code dims[axis]} is
     *                                  too short for the edge formulas (2 for order 3, 3 for order 5)
     */
    public FirstDerivative(long[] dims, int axis, double sampling, DerivativeKind kind, boolean edge, int order,
            DType dtype) {
        super(dims, axis, sampling, kind, edge, dtype, n -> stencil(n, sampling, kind, edge, order));
        this.order = order;
    }

    /**
     * The 1-d stencil of the first derivative on {@code n} samples (the definitions of the class
     * documentation); its {@link Stencil#transpose()} is the adjoint's. Used by the distributed
     * {@code MPIFirstDerivative} too.
     *
     * @param n        the number of samples, at least 0
     * @param sampling the sampling step, finite and non-zero
     * @param kind     the scheme
     * @param edge     edge formulas (centered only)
     * @param order    3 or 5 (centered only)
     * @return the stencil
     * @throws IllegalArgumentException naming the bad argument
     */
    public static Stencil stencil(long n, double sampling, DerivativeKind kind, boolean edge, int order) {
        if (n < 0) {
            throw new IllegalArgumentException("dims: negative length " + n + " along the derivative axis");
        }
        AxisStencil.checkSampling("sampling", sampling);
        AxisStencil.checkKind(kind);
        double h = sampling;
        return switch (kind) {
            // y[i] = (x[i+1] - x[i]) / h, last row zero
            case FORWARD -> Stencil.banded(n, new int[] {0, 1}, new double[] {-1 / h, 1 / h}, 0, 1);
            // y[i] = (x[i] - x[i-1]) / h, first row zero
            case BACKWARD -> Stencil.banded(n, new int[] {-1, 0}, new double[] {-1 / h, 1 / h}, 1, 0);
            case CENTERED -> centered(n, h, edge, order);
        };
    }

    private static Stencil centered(long n, double h, boolean edge, int order) {
        if (order == 3) {
            if (edge) {
                AxisStencil.checkEdgeLength(n, 2, "centered order-3 first derivative");
            }
            // y[i] = 0.5 (x[i+1] - x[i-1]) / h
            Stencil s = Stencil.banded(n, new int[] {-1, 1}, new double[] {-0.5 / h, 0.5 / h}, 1, 1);
            if (edge) {
                s = s.withRow(0, new long[] {0, 1}, new double[] {-1 / h, 1 / h})
                        .withRow(n - 1, new long[] {n - 2, n - 1}, new double[] {-1 / h, 1 / h});
            }
            return s;
        }
        if (order == 5) {
            if (edge) {
                AxisStencil.checkEdgeLength(n, 3, "centered order-5 first derivative");
            }
            // y[i] = (x[i-2]/12 - 2 x[i-1]/3 + 2 x[i+1]/3 - x[i+2]/12) / h
            Stencil s = Stencil.banded(n, new int[] {-2, -1, 1, 2},
                    new double[] {1.0 / 12 / h, -2.0 / 3 / h, 2.0 / 3 / h, -1.0 / 12 / h}, 2, 2);
            if (edge) {
                s = s.withRow(0, new long[] {0, 1}, new double[] {-1 / h, 1 / h})
                        .withRow(1, new long[] {0, 2}, new double[] {-0.5 / h, 0.5 / h})
                        .withRow(n - 2, new long[] {n - 3, n - 1}, new double[] {-0.5 / h, 0.5 / h})
                        .withRow(n - 1, new long[] {n - 2, n - 1}, new double[] {-1 / h, 1 / h});
            }
            return s;
        }
        throw new IllegalArgumentException("order: " + order + ", expected 3 or 5 for a centered first derivative");
    }

    /**
     * The order of the centered stencil (3 or 5; as given for the other kinds).
     *
     * @return the order of the centered stencil (3 or 5)
     */
    public int order() {
        return order;
    }

    @Override
    public String toString() {
        return "FirstDerivative(dims=" + Arrays.toString(stencil.dims) + ", axis=" + stencil.axis + ", sampling="
                + sampling() + ", kind=" + kind() + ", edge=" + edge() + ", order=" + order + ", dtype=" + dtype() + ")";
    }

    /**
     * A builder with PyLops' defaults (axis -1, centered, order 3, unit sampling, no edge formulas,
     * float64): {@code FirstDerivative.builder(dims).axis(0).order(5).edge(true).build()}.
     *
     * @param dims (Input) the model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of a {@link FirstDerivative} by name; {@link #build()} makes it. */
    public static final class Builder extends DerivativeBuilder<Builder> {
        private int axis = -1;
        private int order = 3;

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
         * The order of the centered stencil (default 3).
         *
         * @param order 3 or 5
         * @return this builder
         */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /**
         * The operator.
         *
         * @return the operator
         * @throws IllegalArgumentException naming the bad option, as the constructor
         */
        public FirstDerivative build() {
            return new FirstDerivative(optionDims(), axis, optionStep(), optionKind(), optionEdge(), order,
                    optionDtype());
        }
    }
}
