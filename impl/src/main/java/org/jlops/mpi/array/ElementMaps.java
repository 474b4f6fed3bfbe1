package org.jlops.mpi.array;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ThresholdKernels;

/**
 * Element-wise thresholds and projections of distributed vectors: the proximal maps the sparsity
 * solvers ({@code ISTA}, {@code FISTA}) and the separable proximal functions ({@code L1},
 * {@code L0}, {@code Box}) apply. Every rank maps its own block with its engine's
 * {@link ThresholdKernels}; nothing is communicated (a BROADCAST array holds the same values on
 * every rank, so every rank computes the same result). Stacked vectors are mapped component by
 * component.
 *
 * <table>
 *   <caption>maps (τ ≥ 0; |x| is the modulus for complex dtypes, whose phase is kept)</caption>
 *   <tr><th>method</th><th>value</th><th>PyLops / PyProximal</th></tr>
 *   <tr><td>{@link #soft}</td><td>{@code max(|x| − τ, 0) · x/|x|}</td><td>{@code _softthreshold}, {@code L1.prox}</td></tr>
 *   <tr><td>{@link #hard}</td><td>{@code x} where {@code |x| > t}, else 0</td><td>{@code _hardthreshold}
 *       (ISTA passes {@code t = sqrt(2τ)}, {@code L0.prox} {@code t = τσ})</td></tr>
 *   <tr><td>{@link #half}</td><td>the half threshold</td><td>{@code _halfthreshold}</td></tr>
 *   <tr><td>{@link #clip}</td><td>{@code min(max(x, lower), upper)}, real dtypes</td><td>{@code BoxProj}, {@code Box.prox}</td></tr>
 *   <tr><td>{@link #shrinkToBall}</td><td>{@code x · min(1, r/|x|)}</td><td>{@code L1.proxdual} (a clip to
 *       {@code [−r, r]} for real x)</td></tr>
 * </table>
 *
 * <p>Each map writes into {@code out}, a vector of {@code x}'s layout ({@code out} may be
 * {@code x}: in place), or returns a new vector. All are Local.
 */
public final class ElementMaps {

    private ElementMaps() {
    }

    /**
     * The thresholds by name, for {@link #threshold} and {@link DistributedVector#ishrinkStep}: the
     * array layer's names of the engine's kernels ({@link ThresholdKernels.Kind}), so that the layers
     * above, which do not see the engines, can choose one.
     */
    public enum Shrink {
        /** {@link #soft}. */
        SOFT(ThresholdKernels.Kind.SOFT),
        /** {@link #hard}. */
        HARD(ThresholdKernels.Kind.HARD),
        /** {@link #half}. */
        HALF(ThresholdKernels.Kind.HALF);

        private final ThresholdKernels.Kind kernel;

        Shrink(ThresholdKernels.Kind kernel) {
            this.kernel = kernel;
        }

        /** The engine's kernel of this threshold. */
        ThresholdKernels.Kind kernel() {
            return kernel;
        }
    }

    /** A kernel applied to one leaf: its engine's thresholds, the input block, the output block. */
    @FunctionalInterface
    private interface LeafMap {
        void apply(ThresholdKernels k, Buffer x, Buffer out);
    }

    /**
     * {@code out = soft(x, tau)}. Local; returns {@code out}.
     *
     * @param <V> the vector type of {@code out}
     * @param x   (Input) the vector; not modified unless it is {@code out}
     * @param tau the threshold
     * @param out (Output) a vector of {@code x}'s layout; overwritten, may be {@code x}
     * @return {@code out}
     */
    public static <V extends DistributedVector> V soft(DistributedVector x, double tau, V out) {
        checkNonNegative("tau", tau);
        return apply(x, out, (k, a, b) -> k.soft(a, tau, b));
    }

    /**
     * {@code out = x} where {@code |x| > t}, else 0. Local; returns {@code out}.
     *
     * @param <V> the vector type of {@code out}
     * @param x   (Input) the vector; not modified unless it is {@code out}
     * @param t   the threshold
     * @param out (Output) a vector of {@code x}'s layout; overwritten, may be {@code x}
     * @return {@code out}
     */
    public static <V extends DistributedVector> V hard(DistributedVector x, double t, V out) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t: NaN, expected a threshold");
        }
        return apply(x, out, (k, a, b) -> k.hard(a, t, b));
    }

    /**
     * {@code out = half(x, tau)}. Local; returns {@code out}.
     *
     * @param <V> the vector type of {@code out}
     * @param x   (Input) the vector; not modified unless it is {@code out}
     * @param tau the threshold
     * @param out (Output) a vector of {@code x}'s layout; overwritten, may be {@code x}
     * @return {@code out}
     */
    public static <V extends DistributedVector> V half(DistributedVector x, double tau, V out) {
        checkNonNegative("tau", tau);
        return apply(x, out, (k, a, b) -> k.half(a, tau, b));
    }

    /**
     * {@code out = kind(x, t)}: {@link #soft soft(x, t, out)}, {@link #hard hard(x, t, out)} or
     * {@link #half half(x, t, out)}. Local; returns {@code out}.
     *
     * @param <V>  the vector type of {@code out}
     * @param kind the threshold, not null
     * @param x    (Input) the vector; not modified unless it is {@code out}
     * @param t    the threshold's parameter ({@code tau} or {@code t})
     * @param out  (Output) a vector of {@code x}'s layout; overwritten, may be {@code x}
     * @return {@code out}
     * @throws IllegalArgumentException as the chosen map, or for a null kind
     */
    public static <V extends DistributedVector> V threshold(Shrink kind, DistributedVector x, double t,
            V out) {
        if (kind == null) {
            throw new IllegalArgumentException("kind: must not be null");
        }
        return switch (kind) {
            case SOFT -> soft(x, t, out);
            case HARD -> hard(x, t, out);
            case HALF -> half(x, t, out);
        };
    }

    /** What makes {@code t} unfit for the threshold {@code kind} (the checks of its map), or null. Local. */
    static String thresholdProblem(Shrink kind, double t) {
        if (kind == null) {
            return "kind: must not be null";
        }
        if (kind == Shrink.HARD) {
            return Double.isNaN(t) ? "t: NaN, expected a threshold" : null;
        }
        return t >= 0 ? null : "tau: " + t + ", expected a number at least 0";
    }

    /**
     * What makes the operands of {@link DistributedVector#ishrinkStep} unfit, apart from their
     * layouts: the threshold, null operands, or storage shared where it must not be. Local.
     */
    static String shrinkStepProblem(DistributedVector g, Shrink kind, double t, DistributedVector z,
            DistributedVector x, DistributedVector d, boolean extrapolate) {
        String problem = thresholdProblem(kind, t);
        if (problem != null) {
            return problem;
        }
        if (z == null || x == null || d == null) {
            return (z == null ? "z" : x == null ? "x" : "d") + ": must not be null";
        }
        if (g == z || g == x || g == d) {
            return "this: must be another vector than z, x and d (it becomes the thresholded point)";
        }
        if (d == z || d == x) {
            return "d: must be another vector than z and x";
        }
        if (extrapolate && z == x) {
            return "z: must be another vector than x when extrapolating (it is overwritten)";
        }
        return null;
    }

    /**
     * {@code out = min(max(x, lower), upper)}. Local; returns {@code out}.
     *
     * @param <V>   the vector type of {@code out}
     * @param x     (Input) the vector; not modified unless it is {@code out}
     * @param lower the lower bound
     * @param upper the upper bound
     * @param out   (Output) a vector of {@code x}'s layout; overwritten, may be {@code x}
     * @return {@code out}
     * @throws IllegalArgumentException for complex vectors or NaN bounds
     */
    public static <V extends DistributedVector> V clip(DistributedVector x, double lower, double upper, V out) {
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("lower/upper: NaN, expected bounds");
        }
        requireReal(x, "clip");
        return apply(x, out, (k, a, b) -> k.clip(a, lower, upper, b));
    }

    /**
     * {@code out = x · min(1, r/|x|)}, every element projected onto the disc of radius r. Local; returns {@code out}.
     *
     * @param <V> the vector type of {@code out}
     * @param x   (Input) the vector; not modified unless it is {@code out}
     * @param r   the radius
     * @param out (Output) a vector of {@code x}'s layout; overwritten, may be {@code x}
     * @return {@code out}
     */
    public static <V extends DistributedVector> V shrinkToBall(DistributedVector x, double r, V out) {
        checkNonNegative("r", r);
        return apply(x, out, (k, a, b) -> k.shrinkToBall(a, r, b));
    }

    /**
     * The number of this rank's elements outside {@code [lower, upper]} (NaN counts as outside),
     * over every leaf. Local: a distributed count adds the ranks' counts (SCATTER leaves) with
     * one reduction; a BROADCAST leaf holds every element on every rank.
     *
     * @param x     (Input) the vector; not modified
     * @param lower the lower bound
     * @param upper the upper bound
     * @return this rank's count
     * @throws IllegalArgumentException for complex vectors
     */
    public static long countOutside(DistributedVector x, double lower, double upper) {
        requireReal(x, "countOutside");
        long n = 0;
        for (DistributedArray a : leaves(x)) {
            n += a.engine().thresholds().countOutside(a.localBuffer(), lower, upper);
        }
        return n;
    }

    /**
     * The plain arrays of a vector, depth first.
     *
     * @param v the vector
     * @return its plain arrays
     */
    public static List<DistributedArray> leaves(DistributedVector v) {
        List<DistributedArray> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    private static void collect(DistributedVector v, List<DistributedArray> out) {
        if (v instanceof DistributedArray a) {
            out.add(a);
        } else {
            for (DistributedVector c : ((StackedDistributedArray) v).arrays()) {
                collect(c, out);
            }
        }
    }

    private static <V extends DistributedVector> V apply(DistributedVector x, V out, LeafMap f) {
        if (x == null || out == null) {
            throw new IllegalArgumentException((x == null ? "x" : "out") + ": must not be null");
        }
        if (!x.sameLayout(out)) {
            throw new IllegalArgumentException("out: layout " + out.layout() + " differs from x's " + x.layout());
        }
        List<DistributedArray> in = leaves(x);
        List<DistributedArray> to = leaves(out);
        for (int i = 0; i < in.size(); i++) {
            DistributedArray a = in.get(i);
            f.apply(a.engine().thresholds(), a.localBuffer(), to.get(i).localBuffer());
        }
        return out;
    }

    private static void checkNonNegative(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(name + ": " + v + ", expected a number at least 0");
        }
    }

    private static void requireReal(DistributedVector x, String what) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        if (x.dtype().isComplex()) {
            throw new IllegalArgumentException("x: " + what + " needs real values (complex numbers have no order), got "
                    + x.dtype());
        }
    }
}
