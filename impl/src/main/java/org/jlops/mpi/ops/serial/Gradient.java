package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The gradient of an n-d array (serial PyLops' {@code Gradient}): the vertical
 * stack of the first derivatives (order 3) along every axis,
 *
 * <pre>
 *     G = [ D1(axis 0) ; D1(axis 1) ; ... ; D1(axis ndim-1) ]      dims = dims, dimsd = (ndim, dims...)
 *     y_k = D1_k x,        x = G^T y = sum_k D1_k^T y_k
 * </pre>
 *
 * <p>where {@code D1_k} is the {@link FirstDerivative} along axis k with {@code sampling[k]}, and
 * {@code y_k} is the k-th block of {@code prod(dims)} entries of the data. Implemented directly (no
 * stack operator): block k is written by one stencil pass; the adjoint's first term overwrites the
 * model and the next ones add to it. Instances are immutable.
 *
 * <p>Differences from PyLops: options are enums; a sampling list of the wrong length is an
 * {@link IllegalArgumentException}; a real operator on complex data acts on the real and imaginary
 * parts.
 */
public final class Gradient implements LocalOperator {

    private final long[] dims;
    private final double[] sampling;
    private final boolean edge;
    private final DerivativeKind kind;
    private final DType dtype;
    private final AxisStencil[] terms;
    private final long size;

    /**
     * A gradient with the same sampling on every axis.
     *
     * @param dims     (Input) the model shape; copied
     * @param sampling the sampling step of every axis, finite and non-zero
     * @param edge     edge formulas of the centered first derivatives
     * @param kind     the scheme
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Gradient(long[] dims, double sampling, boolean edge, DerivativeKind kind, DType dtype) {
        this(dims, repeat(sampling, dims), edge, kind, dtype);
    }

    /**
     * A gradient.
     *
     * @param dims     (Input) the model shape; copied
     * @param sampling (Input) one sampling step per axis, finite and non-zero; copied
     * @param edge     edge formulas of the centered first derivatives
     * @param kind     the scheme
     * @param dtype    the operator's dtype
     * @throws IllegalArgumentException naming the bad argument, also when {@code sampling} does not
     *                                  have one entry per axis or an axis is too short for the edge
     *                                  formulas
     */
    public Gradient(long[] dims, double[] sampling, boolean edge, DerivativeKind kind, DType dtype) {
        this.dims = AxisStencil.checkDims(dims);
        if (sampling == null || sampling.length != this.dims.length) {
            throw new IllegalArgumentException("sampling: " + (sampling == null ? "null" : sampling.length + " entries")
                    + ", expected one per axis of dims " + Arrays.toString(this.dims));
        }
        this.terms = new AxisStencil[this.dims.length];
        for (int k = 0; k < this.dims.length; k++) {
            terms[k] = new AxisStencil(this.dims, k, FirstDerivative.stencil(this.dims[k], sampling[k], kind, edge, 3));
        }
        this.size = terms[0].size();
        Math.multiplyExact(size, this.dims.length);
        this.sampling = sampling.clone();
        this.edge = edge;
        this.kind = kind;
        this.dtype = AxisStencil.checkDtype(dtype);
    }

    private static double[] repeat(double s, long[] dims) {
        double[] r = new double[AxisStencil.checkDims(dims).length];
        Arrays.fill(r, s);
        return r;
    }

    @Override
    public long rows() {
        return size * dims.length;
    }

    @Override
    public long cols() {
        return size;
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** {@code (ndim, dims...)}, as in PyLops. */
    @Override
    public long[] dimsd() {
        long[] d = new long[dims.length + 1];
        d[0] = dims.length;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return d;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /**
     * The sampling step of every axis (a copy).
     *
     * @return the sampling step of every axis (a copy)
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
     * The scheme.
     *
     * @return the scheme
     */
    public DerivativeKind kind() {
        return kind;
    }

    /**
     * {@code y_k = D1_k x} for every axis k, block k at {@code yPos + k prod(dims)}. Local. Buffers
     * of any one element type are accepted (computed in that type).
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten; must not overlap x's range
     */
    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        for (int k = 0; k < terms.length; k++) {
            terms[k].apply(x, xPos, y, yPos + k * size, false, false);
        }
    }

    /**
     * {@code x = sum_k D1_k^T y_k}. Local.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten; must not overlap y's range
     */
    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        for (int k = 0; k < terms.length; k++) {
            terms[k].apply(y, yPos + k * size, x, xPos, true, k > 0);
        }
    }

    /** {@code G x} on a host array (complex input to a real operator gives a complex result). Local. */
    @Override
    public NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /** {@code G^T y} on a host array. Local. */
    @Override
    public NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }

    @Override
    public String toString() {
        return "Gradient(dims=" + Arrays.toString(dims) + ", sampling=" + Arrays.toString(sampling) + ", edge=" + edge
                + ", kind=" + kind + ", dtype=" + dtype + ")";
    }

    /**
     * A builder with PyLops' defaults (unit sampling on every axis, centered, no edge formulas,
     * float64): {@code Gradient.builder(dims).sampling(0.5, 2).kind(FORWARD).build()}. One
     * sampling step stands for every axis.
     *
     * @param dims (Input) the model shape; copied
     * @return the builder
     */
    public static Builder builder(long[] dims) {
        return new Builder(dims);
    }

    /** The options of a {@link Gradient} by name; {@link #build()} makes it. */
    public static final class Builder extends DerivativeBuilder<Builder> {
        private Builder(long[] dims) {
            super(dims);
        }

        /**
         * The operator.
         *
         * @return the operator
         * @throws IllegalArgumentException naming the bad option, as the constructor
         */
        public Gradient build() {
            long[] dims = optionDims();
            return new Gradient(dims, optionSteps(dims == null ? 0 : dims.length), optionEdge(), optionKind(),
                    optionDtype());
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
