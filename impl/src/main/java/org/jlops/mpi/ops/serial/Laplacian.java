package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The Laplacian of an n-d array (serial PyLops' {@code Laplacian}): a weighted
 * sum of second derivatives,
 *
 * <pre>
 *     L = sum_j weights[j] D2(axes[j], sampling[j], kind, edge)        dims = dimsd
 *     y = L x,      x = L^T y = sum_j weights[j] D2_j^T y
 * </pre>
 *
 * <p>where {@code D2} is the {@link SecondDerivative}. Repeated axes simply add their terms.
 * Implemented directly: the first term writes {@code y}, the next ones add to it, each in one pass
 * (the weight is folded into the stencil coefficients), so there is no temporary array. Instances
 * are immutable.
 *
 * <p>Differences from PyLops: options are enums; the length mismatch of {@code axes},
 * {@code weights} and {@code sampling} is an {@link IllegalArgumentException}; a real operator on
 * complex data acts on the real and imaginary parts.
 */
public final class Laplacian implements LocalOperator {

    private final long[] dims;
    private final int[] axes;
    private final double[] weights;
    private final double[] sampling;
    private final boolean edge;
    private final DerivativeKind kind;
    private final DType dtype;
    private final AxisStencil[] terms;

    /**
     * The Laplacian over the two last axes with unit weights and sampling, centered, no edge
     * formulas, float64 (PyLops' defaults).
     *
     * @param dims (Input) the model shape, at least two dimensions; copied
     * @throws IllegalArgumentException naming the bad argument
     */
    public Laplacian(long[] dims) {
        this(dims, new int[] {-2, -1}, new double[] {1, 1}, new double[] {1, 1}, false, DerivativeKind.CENTERED,
                DType.FLOAT64);
    }

    /**
     * A Laplacian.
     *
     * @param dims     (Input) the model shape; copied
     * @param axes     (Input) the axes of the terms, each in {@code [-ndim, ndim)}; copied
     * @param weights  (Input) the weight of each term, finite; copied
     * @param sampling (Input) the sampling step of each term, finite and non-zero; copied
     * @param edge     edge formulas of the centered second derivatives
     * @param kind     the scheme of every term
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException naming the bad argument: lengths of axes, weights and
     *                                  sampling that differ, no axis, an axis out of range, an
     *                                  axis too short for the edge formulas
     */
    public Laplacian(long[] dims, int[] axes, double[] weights, double[] sampling, boolean edge, DerivativeKind kind,
            DType dtype) {
        this.dims = AxisStencil.checkDims(dims);
        if (axes == null || weights == null || sampling == null) {
            throw new IllegalArgumentException((axes == null ? "axes" : weights == null ? "weights" : "sampling")
                    + ": must not be null");
        }
        if (axes.length != weights.length || axes.length != sampling.length) {
            throw new IllegalArgumentException("axes, weights, sampling: have different sizes (" + axes.length + ", "
                    + weights.length + ", " + sampling.length + "), expected one weight and one sampling per axis");
        }
        if (axes.length == 0) {
            throw new IllegalArgumentException("axes: empty, expected at least one axis");
        }
        this.axes = new int[axes.length];
        this.terms = new AxisStencil[axes.length];
        for (int j = 0; j < axes.length; j++) {
            this.axes[j] = AxisStencil.normaliseAxis("axes", axes[j], this.dims.length);
            if (!Double.isFinite(weights[j])) {
                throw new IllegalArgumentException("weights: " + weights[j] + " at index " + j + ", expected finite");
            }
            Stencil d2 = SecondDerivative.stencil(this.dims[this.axes[j]], sampling[j], kind, edge);
            terms[j] = new AxisStencil(this.dims, this.axes[j], d2.scaled(weights[j]));
        }
        this.weights = weights.clone();
        this.sampling = sampling.clone();
        this.edge = edge;
        this.kind = kind;
        this.dtype = AxisStencil.checkDtype(dtype);
    }

    @Override
    public long rows() {
        return terms[0].size();
    }

    @Override
    public long cols() {
        return terms[0].size();
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
     * The axes of the terms, normalised to {@code [0, ndim)} (a copy).
     *
     * @return the axes of the terms, normalised to {@code [0, ndim)} (a copy)
     */
    public int[] axes() {
        return axes.clone();
    }

    /**
     * The weights of the terms (a copy).
     *
     * @return the weights of the terms (a copy)
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * The sampling steps of the terms (a copy).
     *
     * @return the sampling steps of the terms (a copy)
     */
    public double[] sampling() {
        return sampling.clone();
    }

    /**
     * Whether the centered stencils use edge formulas.
     *
     * @return whether the centered stencils use edge formulas
     */
    public boolean edge() {
        return edge;
    }

    /**
     * The scheme of every term.
     *
     * @return the scheme of every term
     */
    public DerivativeKind kind() {
        return kind;
    }

    /**
     * {@code y = L x}: the first term overwrites {@code y}, the others add to it. Local. Buffers of
     * any one element type are accepted (computed in that type).
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; must not overlap x's range
     */
    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        apply(x, xPos, y, yPos, false, false);
    }

    /**
     * {@code x = L^T y = sum_j weights[j] D2_j^T y}. Local.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten; must not overlap y's range
     */
    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        apply(y, yPos, x, xPos, true, false);
    }

    /**
     * {@code y = L x} (or {@code L^T x} when {@code adjoint}), or {@code y += ...} when
     * {@code accumulate}: for callers that sum the Laplacian with other terms in one output. Local.
     *
     * @param x          (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y          (Output) {@link #rows()} elements from {@code yPos}; must not overlap x's range
     * @param adjoint    whether to apply {@code L^T}
     * @param accumulate whether to add to {@code y} instead of overwriting it
     * @param xPos the first element of {@code x}
     * @param yPos the first element of {@code y}
     */
    public void apply(Buffer x, long xPos, Buffer y, long yPos, boolean adjoint, boolean accumulate) {
        int last = dims.length - 1;
        if (!accumulate && terms.length == 2 && axes[0] != axes[1] && (axes[0] == last || axes[1] == last)) {
            // an axis and the last axis (the 2-d Laplacian, the 3-d one over its two last axes): one pass
            int c = axes[0] == last ? 0 : 1;
            terms[1 - c].applyWithLast(terms[c], x, xPos, y, yPos, adjoint);
            return;
        }
        for (int j = 0; j < terms.length; j++) {
            terms[j].apply(x, xPos, y, yPos, adjoint, accumulate || j > 0);
        }
    }

    /** {@code L x} on a host array (complex input to a real operator gives a complex result). Local. */
    @Override
    public NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** {@code L^T y} on a host array. Local. */
    @Override
    public NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    @Override
    public String toString() {
        return "Laplacian(dims=" + Arrays.toString(dims) + ", axes=" + Arrays.toString(axes) + ", weights="
                + Arrays.toString(weights) + ", sampling=" + Arrays.toString(sampling) + ", edge=" + edge + ", kind="
                + kind + ", dtype=" + dtype + ")";
    }

    /**
     * A builder with PyLops' defaults (the two last axes, unit weights and sampling, centered, no
     * edge formulas, float64): {@code Laplacian.builder(dims).weights(3, 1).sampling(0.5, 2).build()}.
     * One sampling step stands for every axis.
     *
     * @param dims (Input) the model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of a {@link Laplacian} by name; {@link #build()} makes it. */
    public static final class Builder extends LaplacianBuilder<Builder> {
        private Builder(long[] dims) {
            super(dims);
        }

        /**
         * The operator.
         *
         * @return the operator
         * @throws IllegalArgumentException naming the bad option, as the constructor
         */
        public Laplacian build() {
            return new Laplacian(optionDims(), optionAxes(), optionWeights(), optionAxisSteps(), optionEdge(),
                    optionKind(), optionDtype());
        }
    }

    /**
     * On every engine: its products are the stencil kernels of the buffers' engine.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public boolean runsOn(Engine engine) {
        return true;
    }
}
