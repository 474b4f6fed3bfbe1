package org.jlops.mpi.solvers;

import java.util.Locale;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;

/**
 * The thresholds of {@link ISTA} and {@link FISTA} (PyLops' {@code threshkind}): the proximal map of
 * the {@code ℓ_p} penalty applied to every element of the unthresholded update, with the threshold
 * {@code τ = decay[k] · eps · alpha / 2} of iteration {@code k}. For complex values {@code |x|} is the
 * modulus and the phase is kept.
 *
 * <ul>
 *   <li>{@link #SOFT} ({@code p = 1}): {@code max(|x| − τ, 0) · x / |x|};</li>
 *   <li>{@link #HARD} ({@code p = 0}): {@code x}, zeroed where {@code |x| ≤ sqrt(2τ)};</li>
 *   <li>{@link #HALF} ({@code p = 1/2}): {@code φ = (2/3) arccos(clip((τ/8)(|x|/3)^{−3/2}, −1, 1))},
 *       {@code (2/3) x (1 + cos(2π/3 − φ))}, zeroed where {@code |x| ≤ (54^{1/3}/4) τ^{2/3}}.</li>
 * </ul>
 */
public enum Threshold {
    /** Hard thresholding ({@code ℓ0}). */
    HARD,
    /** Soft thresholding ({@code ℓ1}, the default). */
    SOFT,
    /** Half thresholding ({@code ℓ_{1/2}}). */
    HALF;

    /**
     * The threshold of PyLops' name.
     *
     * @param threshkind {@code "hard"}, {@code "soft"} or {@code "half"} (any case)
     * @return the threshold
     * @throws IllegalArgumentException naming the value: {@code threshkind must be hard, soft, half, got foo}
     */
    public static Threshold of(String threshkind) {
        if (threshkind != null) {
            switch (threshkind.toLowerCase(Locale.ROOT)) {
                case "hard":
                    return HARD;
                case "soft":
                    return SOFT;
                case "half":
                    return HALF;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("threshkind must be hard, soft, half, got " + threshkind);
    }

    /**
     * Thresholds every element of {@code v} in place with {@code tau}. Local.
     *
     * @param v   (Input/Output) overwritten with its threshold
     * @param tau the threshold, at least 0
     */
    public void applyInPlace(DistributedVector v, double tau) {
        switch (this) {
            case SOFT -> ElementMaps.soft(v, tau, v);
            case HARD -> ElementMaps.hard(v, Math.sqrt(2 * tau), v);   // PyLops: |x| <= sqrt(2 thresh)
            case HALF -> ElementMaps.half(v, tau, v);
        }
    }

    /** The array layer's name of this threshold (the fused step). */
    ElementMaps.Shrink kind() {
        return switch (this) {
            case SOFT -> ElementMaps.Shrink.SOFT;
            case HARD -> ElementMaps.Shrink.HARD;
            case HALF -> ElementMaps.Shrink.HALF;
        };
    }

    /** The parameter of {@link #kind()}'s kernel for the threshold {@code tau}, as {@link #applyInPlace} passes it. */
    double parameter(double tau) {
        return this == HARD ? Math.sqrt(2 * tau) : tau;
    }

    /** PyLops' name: {@code hard}, {@code soft} or {@code half}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
