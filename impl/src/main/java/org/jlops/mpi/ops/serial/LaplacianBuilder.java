package org.jlops.mpi.ops.serial;

/**
 * The options of the Laplacians ({@link Laplacian} and {@code MPILaplacian}) on top of those of
 * every derivative ({@link DerivativeBuilder}): the axes of the terms (default the two last) and
 * their weights (default 1 each). One sampling step stands for every axis.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class LaplacianBuilder<B extends LaplacianBuilder<B>> extends DerivativeBuilder<B> {

    private int[] axes = {-2, -1};
    private double[] weights;

    /**
     * A builder for a model of shape {@code dims}, with PyLops' defaults.
     *
     * @param dims (Input) the model shape; copied
     */
    protected LaplacianBuilder(long[] dims) {
        super(dims);
    }

    /**
     * The axes of the terms (default the two last, {@code -2, -1}).
     *
     * @param axes (Input) each in {@code [-ndim, ndim)}; copied
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public final B axes(int... axes) {
        this.axes = axes == null ? null : axes.clone();
        return (B) this;
    }

    /**
     * The weight of each term (default 1 for every axis).
     *
     * @param weights (Input) one per axis, finite; copied
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public final B weights(double... weights) {
        this.weights = weights == null ? null : weights.clone();
        return (B) this;
    }

    /**
     * The axes as given (a copy), or null.
     *
     * @return the axes
     */
    protected final int[] optionAxes() {
        return axes == null ? null : axes.clone();
    }

    /**
     * The weights as given, or ones for every axis.
     *
     * @return the weights
     */
    protected final double[] optionWeights() {
        return weights == null ? ones(axes == null ? 0 : axes.length) : weights.clone();
    }

    /**
     * The sampling steps of the axes ({@link #optionSteps} for their number).
     *
     * @return the steps
     */
    protected final double[] optionAxisSteps() {
        return optionSteps(axes == null ? 0 : axes.length);
    }
}
