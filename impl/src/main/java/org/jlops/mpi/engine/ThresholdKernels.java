package org.jlops.mpi.engine;

/**
 * Element-wise proximal maps on local blocks: the thresholds of the sparsity solvers and the
 * projections of the separable proximal functions. Each reads {@code x} and writes {@code out}
 * (the same type and length; {@code out} may be {@code x}, in place), element by element, so a
 * distributed array is mapped by mapping every rank's block, without communication. For complex
 * types {@code |x|} is the modulus and a shrinkage keeps the phase ({@code x · s} with a real factor
 * {@code s}); single precision computes in double and rounds once.
 *
 * <ul>
 *   <li>{@link #soft}: {@code max(|x| − τ, 0) · x / |x|} (0 where {@code x = 0}) — the proximal map
 *       of {@code τ‖·‖₁};</li>
 *   <li>{@link #hard}: {@code x}, or 0 where {@code |x| ≤ t};</li>
 *   <li>{@link #half}: the half threshold of Xu et al. (the proximal map of {@code τ‖·‖_{1/2}^{1/2}}):
 *       {@code φ = (2/3) arccos(clip((τ/8)(|x|/3)^{−3/2}, −1, 1))},
 *       {@code (2/3) x (1 + cos(2π/3 − φ))}, or 0 where {@code |x| ≤ (54^{1/3}/4) τ^{2/3}};</li>
 *   <li>{@link #clip}: {@code min(max(x, lower), upper)} (real types only);</li>
 *   <li>{@link #shrinkToBall}: {@code x · min(1, r/|x|)}, the projection of every element onto the
 *       disc {@code |x| ≤ r};</li>
 *   <li>{@link #countOutside}: the number of elements outside {@code [lower, upper]} (NaN counts as
 *       outside; real types only).</li>
 * </ul>
 *
 * <p>NaN in {@code x} gives NaN in {@code out} (none is hidden by a threshold). The results are
 * deterministic. An {@link Engine} supplies them through {@link Engine#thresholds()}.
 */
public interface ThresholdKernels {

    /** The thresholds by name, for kernels that apply one chosen at run time ({@link #apply}). */
    enum Kind {
        /** {@link #soft}. */
        SOFT,
        /** {@link #hard}. */
        HARD,
        /** {@link #half}. */
        HALF
    }

    /**
     * {@code out = kind(x, t)}: {@link #soft}, {@link #hard} or {@link #half} with their own
     * parameter ({@code tau} or {@code t}).
     *
     * @param kind the threshold
     * @param x    (Input) the buffer; not modified unless it is {@code out}
     * @param t    the threshold's parameter
     * @param out  (Output) overwritten; may be {@code x}
     */
    default void apply(Kind kind, Buffer x, double t, Buffer out) {
        switch (kind) {
            case SOFT -> soft(x, t, out);
            case HARD -> hard(x, t, out);
            case HALF -> half(x, t, out);
        }
    }

    /**
     * {@code out = soft(x, tau)}, {@code tau >= 0}.
     *
     * @param x   (Input) the buffer; not modified unless it is {@code out}
     * @param tau the threshold
     * @param out (Output) overwritten; may be {@code x}
     */
    void soft(Buffer x, double tau, Buffer out);

    /**
     * {@code out = x} where {@code |x| > t}, else 0.
     *
     * @param x   (Input) the buffer; not modified unless it is {@code out}
     * @param t   the threshold
     * @param out (Output) overwritten; may be {@code x}
     */
    void hard(Buffer x, double t, Buffer out);

    /**
     * {@code out = half(x, tau)}, {@code tau >= 0}.
     *
     * @param x   (Input) the buffer; not modified unless it is {@code out}
     * @param tau the threshold
     * @param out (Output) overwritten; may be {@code x}
     */
    void half(Buffer x, double tau, Buffer out);

    /**
     * {@code out = min(max(x, lower), upper)}.
     *
     * @param x     (Input) the buffer; not modified unless it is {@code out}
     * @param lower the lower bound
     * @param upper the upper bound
     * @param out   (Output) overwritten; may be {@code x}
     * @throws IllegalArgumentException for complex buffers (complex numbers have no order)
     */
    void clip(Buffer x, double lower, double upper, Buffer out);

    /**
     * {@code out = x · min(1, r / |x|)}, {@code r >= 0}.
     *
     * @param x   (Input) the buffer; not modified unless it is {@code out}
     * @param r   the radius
     * @param out (Output) overwritten; may be {@code x}
     */
    void shrinkToBall(Buffer x, double r, Buffer out);

    /**
     * The number of elements outside {@code [lower, upper]} (NaN is outside).
     *
     * @param x     (Input) the buffer; not modified
     * @param lower the lower bound
     * @param upper the upper bound
     * @return the count
     * @throws IllegalArgumentException for complex buffers
     */
    long countOutside(Buffer x, double lower, double upper);
}
