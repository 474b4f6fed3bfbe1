package org.jlops.mpi.engine;

/**
 * The element reductions behind vector norms, each of a function of {@code |x_i|}: the local step
 * of a distributed norm. Partial results of two blocks combine with {@link #combine}; a block
 * with no elements yields {@link #identity()}.
 */
public enum Reduction {
    /** Number of non-zero elements (ord 0). */
    COUNT_NONZERO,
    /** {@code max |x_i|} (ord +inf). */
    MAX_ABS,
    /** {@code min |x_i|} (ord -inf). */
    MIN_ABS,
    /** {@code sum |x_i|} (ord 1). */
    SUM_ABS,
    /** {@code sum |x_i|^2} (ord 2, without the final square root). */
    SUM_SQUARES,
    /** {@code sum |x_i|^p} for a given p (any other ord, without the final 1/p power). */
    SUM_POW;

    /**
     * The value of the reduction over no elements: 0, except +inf for {@link #MIN_ABS}.
     *
     * @return the value of the reduction over no elements: 0, except +inf for {@link #MIN_ABS}
     */
    public double identity() {
        return this == MIN_ABS ? Double.POSITIVE_INFINITY : 0.0;
    }

    /**
     * Combines two partial results (sum, max or min; NaN propagates).
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination of two partial results (sum, max or min)
     */
    public double combine(double a, double b) {
        return switch (this) {
            case MAX_ABS -> Math.max(a, b);
            case MIN_ABS -> Math.min(a, b);
            default -> a + b;
        };
    }
}
