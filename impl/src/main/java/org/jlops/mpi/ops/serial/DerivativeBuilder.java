package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;

/**
 * The options every derivative operator takes, by name instead of a run of positional numbers and
 * booleans: the sampling step(s), the scheme, the edge formulas and the dtype, each defaulting to
 * PyLops' value (unit steps, {@link DerivativeKind#CENTERED}, no edge formulas, float64). Each
 * operator's {@code builder(dims)} returns a subclass that adds the operator's own options (the
 * axis, the order, the Laplacian's axes and weights) and its {@code build} method, which checks
 * everything as the operator's constructor does:
 *
 * <pre>{@code
 * FirstDerivative d = FirstDerivative.builder(dims).axis(1).order(5).edge(true).build();
 * MPILaplacian l = MPILaplacian.builder(dims).weights(3, 1).sampling(0.5, 2).build(comm);
 * }</pre>
 *
 * <p>A builder is a plain mutable object of one thread; building copies what it needs, so one
 * builder may build several operators.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class DerivativeBuilder<B extends DerivativeBuilder<B>> {

    private final long[] dims;
    private double[] sampling;
    private DerivativeKind kind = DerivativeKind.CENTERED;
    private boolean edge;
    private DType dtype = DType.FLOAT64;

    /**
     * A builder for a model of shape {@code dims}, with PyLops' defaults.
     *
     * @param dims (Input) the model shape; copied (null is reported when the operator is built)
     */
    protected DerivativeBuilder(long[] dims) {
        this.dims = dims == null ? null : dims.clone();
    }

    /**
     * The sampling step: one value for an operator along one axis, one per axis (or one for all)
     * for the Laplacian and the gradient (default 1).
     *
     * @param steps (Input) finite, non-zero steps; copied
     * @return this builder
     */
    public final B sampling(double... steps) {
        this.sampling = steps == null ? null : steps.clone();
        return self();
    }

    /**
     * The scheme (default {@link DerivativeKind#CENTERED}).
     *
     * @param kind the scheme
     * @return this builder
     */
    public final B kind(DerivativeKind kind) {
        this.kind = kind;
        return self();
    }

    /**
     * One-sided formulas on the edge rows of the centered stencils (default false).
     *
     * @param edge whether to use them
     * @return this builder
     */
    public final B edge(boolean edge) {
        this.edge = edge;
        return self();
    }

    /**
     * The operator's dtype (default FLOAT64).
     *
     * @param dtype the dtype
     * @return this builder
     */
    public final B dtype(DType dtype) {
        this.dtype = dtype;
        return self();
    }

    /**
     * The model shape as given (a copy), or null.
     *
     * @return the model shape
     */
    protected final long[] optionDims() {
        return dims == null ? null : dims.clone();
    }

    /**
     * The one sampling step of an operator along one axis.
     *
     * @return the step (1 when none was given)
     * @throws IllegalArgumentException naming {@code sampling} when several steps were given
     */
    protected final double optionStep() {
        if (sampling == null) {
            return 1.0;
        }
        if (sampling.length != 1) {
            throw new IllegalArgumentException("sampling: this operator works along one axis and takes one step, got "
                    + Arrays.toString(sampling));
        }
        return sampling[0];
    }

    /**
     * The sampling steps of {@code n} axes: the ones given, one step repeated, or ones.
     *
     * @param n the number of axes
     * @return the steps (their number is checked by the operator when it differs from {@code n})
     */
    protected final double[] optionSteps(int n) {
        if (sampling == null || sampling.length == 1) {
            double[] s = ones(n);
            Arrays.fill(s, sampling == null ? 1.0 : sampling[0]);
            return s;
        }
        return sampling.clone();
    }

    /**
     * The scheme.
     *
     * @return the scheme
     */
    protected final DerivativeKind optionKind() {
        return kind;
    }

    /**
     * Whether the centered stencils use edge formulas.
     *
     * @return the edge option
     */
    protected final boolean optionEdge() {
        return edge;
    }

    /**
     * The dtype.
     *
     * @return the dtype
     */
    protected final DType optionDtype() {
        return dtype;
    }

    /**
     * {@code n} ones (the default weights and steps).
     *
     * @param n the length
     * @return the array
     */
    protected static double[] ones(int n) {
        double[] v = new double[Math.max(n, 0)];
        Arrays.fill(v, 1.0);
        return v;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
