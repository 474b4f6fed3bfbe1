package org.jlops.mpi.solvers;

import java.util.Arrays;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * The options of {@link ISTA} and {@link FISTA} (PyLops-MPI's keyword arguments of {@code ista} and
 * {@code fista}), immutable: each method returns a copy with one option changed, starting from
 * PyLops-MPI's defaults.
 *
 * <pre>{@code
 * IstaOptions o = ISTA.options().eps(0.5).threshold(Threshold.HALF).tol(0).rtol(1e-3);
 * IstaResult<DistributedArray> r = Solvers.fista(A, y, null, 200, o);
 * }</pre>
 *
 * <table>
 *   <caption>options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #eps(double) eps}</td><td>0.1</td><td>sparsity weight; the threshold is
 *       {@code eps · alpha / 2}</td></tr>
 *   <tr><td>{@link #alpha(double) alpha}</td><td>estimated</td><td>step size; by default
 *       {@code 1 / λmax(AᴴA)} from {@link #eigs power iteration} on {@code AᴴA}</td></tr>
 *   <tr><td>{@link #eigs(int, double, long) eigs}</td><td>10, 1e-5, seed 0</td><td>niter, tol and
 *       seed of that power iteration (PyLops-MPI's {@code eigsdict})</td></tr>
 *   <tr><td>{@link #tol(double) tol}</td><td>1e-10</td><td>stop when {@code ‖x_k − x_{k−1}‖ ≤ tol}</td></tr>
 *   <tr><td>{@link #rtol(double) rtol}</td><td>0 (off)</td><td>stop when {@code cost_k / cost_0 < rtol}</td></tr>
 *   <tr><td>{@link #rtol1(double) rtol1}</td><td>0 (off)</td><td>stop when {@code cost_k / ‖y‖ < rtol1}</td></tr>
 *   <tr><td>{@link #threshold(Threshold) threshold}</td><td>{@link Threshold#SOFT}</td><td>hard, soft or half</td></tr>
 *   <tr><td>{@link #decay(double[]) decay}</td><td>ones</td><td>per-iteration factor of the threshold
 *       (at least {@code niter} entries)</td></tr>
 *   <tr><td>{@link #monitorres(boolean) monitorres}</td><td>false</td><td>throw when {@code ‖y − A x‖}
 *       grows from one iteration to the next</td></tr>
 *   <tr><td>{@link #analysis(DistributedOperator) analysis}</td><td>none</td><td>PyLops' {@code SOp}:
 *       threshold {@code Sᴴ x_u} and map back with {@code S} (the analysis form)</td></tr>
 * </table>
 *
 * <p>The non-finite-cost rule (stop when the cost is NaN or infinite, {@link StopReason#NON_FINITE_COST})
 * is always on, as PyLops-MPI's functions register it.
 *
 * <p><b>Checked when a solve starts</b>, on every rank alike (as {@link CglsOptions}): the option
 * methods are local and store any value; the setup of {@link ISTA} or {@link FISTA} checks every
 * option and agrees on the verdict and on the values across the ranks, so an option out of its
 * range, or one that differs, on one rank only gives the same {@link IllegalArgumentException} on
 * every rank ({@code eps: NaN, expected a finite number at least 0 (reported by rank 2)}) instead of
 * an exception on that rank alone while the others wait in the solve.
 */
public final class IstaOptions {

    /** PyLops-MPI's defaults. */
    public static final IstaOptions DEFAULTS = new IstaOptions(0.1, Double.NaN, 1e-10, 0.0, 0.0, Threshold.SOFT, null,
            false, null, 10, 1e-5, 0L);

    private final double eps;
    private final double alpha;
    private final double tol;
    private final double rtol;
    private final double rtol1;
    private final Threshold threshold;
    private final double[] decay;
    private final boolean monitorres;
    private final DistributedOperator<?> sop;
    private final int eigsNiter;
    private final double eigsTol;
    private final long eigsSeed;

    private IstaOptions(double eps, double alpha, double tol, double rtol, double rtol1, Threshold threshold,
            double[] decay, boolean monitorres, DistributedOperator<?> sop, int eigsNiter, double eigsTol,
            long eigsSeed) {
        this.eps = eps;
        this.alpha = alpha;
        this.tol = tol;
        this.rtol = rtol;
        this.rtol1 = rtol1;
        this.threshold = threshold;
        this.decay = decay;
        this.monitorres = monitorres;
        this.sop = sop;
        this.eigsNiter = eigsNiter;
        this.eigsTol = eigsTol;
        this.eigsSeed = eigsSeed;
    }

    /**
     * The sparsity weight {@code eps}, finite and at least 0 (checked at setup). Local.
     *
     * @param eps the weight
     * @return new options
     */
    public IstaOptions eps(double eps) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop, eigsNiter, eigsTol,
                eigsSeed);
    }

    /**
     * The step size {@code alpha}, finite and positive (converges for {@code alpha <= 1/λmax(AᴴA)});
     * NaN restores the estimate by power iteration (checked at setup). Local.
     *
     * @param alpha the step size, or NaN
     * @return new options
     */
    public IstaOptions alpha(double alpha) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop, eigsNiter, eigsTol,
                eigsSeed);
    }

    /**
     * The tolerance on the update norm {@code ‖x_k − x_{k−1}‖} (not NaN; 0 or less never stops;
     * checked at setup). Local.
     *
     * @param tol the tolerance
     * @return new options
     */
    public IstaOptions tol(double tol) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop, eigsNiter, eigsTol,
                eigsSeed);
    }

    /**
     * The relative tolerance on the cost against the first iteration's cost, finite and at least 0
     * (0: off; checked at setup). Local.
     *
     * @param rtol the tolerance
     * @return new options
     */
    public IstaOptions rtol(double rtol) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop,
                eigsNiter, eigsTol, eigsSeed);
    }

    /**
     * The relative tolerance on the cost against the data norm {@code ‖y‖}, finite and at least 0
     * (0: off; checked at setup). Local.
     *
     * @param rtol1 the tolerance
     * @return new options
     */
    public IstaOptions rtol1(double rtol1) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop,
                eigsNiter, eigsTol, eigsSeed);
    }

    /**
     * The threshold kind (PyLops' {@code threshkind}; {@link Threshold#of(String)} parses its names),
     * not null (checked at setup). Local.
     *
     * @param threshold the kind
     * @return new options
     */
    public IstaOptions threshold(Threshold threshold) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop, eigsNiter, eigsTol,
                eigsSeed);
    }

    /**
     * The per-iteration factors of the threshold (copied; finite, at least 0; null for ones), at
     * least {@code niter} of them (checked at setup). Local.
     *
     * @param decay (Input) the factors, or null; not modified (copied)
     * @return new options
     */
    public IstaOptions decay(double[] decay) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay == null ? null : decay.clone(),
                monitorres, sop, eigsNiter, eigsTol, eigsSeed);
    }

    /**
     * Whether to throw when the residual norm grows between iterations. Local.
     *
     * @param monitorres whether to watch the residual
     * @return new options
     */
    public IstaOptions monitorres(boolean monitorres) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop, eigsNiter, eigsTol,
                eigsSeed);
    }

    /**
     * The sparsifying operator {@code S} of the analysis form (PyLops' {@code SOp}), or null for
     * the synthesis form: {@code S}'s rows must be the model length, and {@code S} must take and
     * return vectors of the solver's kind. Local.
     *
     * @param sop the operator {@code S}, or null
     * @return new options
     */
    public IstaOptions analysis(DistributedOperator<?> sop) {
        return new IstaOptions(eps, alpha, tol, rtol, rtol1, threshold, decay, monitorres, sop, eigsNiter, eigsTol,
                eigsSeed);
    }

    /**
     * The power iteration that estimates {@code λmax(AᴴA)} when no alpha is given (PyLops-MPI's
     * {@code eigsdict}): at most {@code niter} iterations (at least 1), relative tolerance
     * {@code tol} (not NaN), random start from {@code seed} (checked at setup). Local.
     *
     * @param niter the most iterations, at least 1
     * @param tol   the relative tolerance
     * @param seed  the seed of the random start
     * @return new options
     */
    public IstaOptions eigs(int niter, double tol, long seed) {
        return new IstaOptions(eps, alpha, this.tol, rtol, rtol1, threshold, decay, monitorres, sop, niter, tol, seed);
    }

    /**
     * The first option out of its range, as the message of the exception, or null. Local: the
     * setup agrees on it across the ranks.
     */
    String problem() {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            return "eps: " + eps + ", expected a finite number at least 0";
        }
        if (!Double.isNaN(alpha) && !(alpha > 0 && Double.isFinite(alpha))) {
            return "alpha: " + alpha + ", expected a finite step size above 0 (or NaN to estimate 1/λmax(A^H A))";
        }
        if (Double.isNaN(tol)) {
            return "tol: NaN, expected a number";
        }
        if (!(rtol >= 0) || Double.isInfinite(rtol)) {
            return "rtol: " + rtol + ", expected a finite number at least 0";
        }
        if (!(rtol1 >= 0) || Double.isInfinite(rtol1)) {
            return "rtol1: " + rtol1 + ", expected a finite number at least 0";
        }
        if (threshold == null) {
            return "threshkind must be hard, soft, half, got null";
        }
        if (decay != null) {
            for (int k = 0; k < decay.length; k++) {
                if (!(decay[k] >= 0) || Double.isInfinite(decay[k])) {
                    return "decay: entry " + k + " is " + decay[k] + ", expected finite factors at least 0";
                }
            }
        }
        if (eigsNiter < 1) {
            return "eigs niter: " + eigsNiter + ", expected at least 1";
        }
        if (Double.isNaN(eigsTol)) {
            return "eigs tol: NaN, expected a number";
        }
        return null;
    }

    /**
     * The sparsity weight.
     *
     * @return the sparsity weight
     */
    public double eps() {
        return eps;
    }

    /**
     * The step size, NaN when it is to be estimated.
     *
     * @return the step size (NaN: estimated)
     */
    public double alpha() {
        return alpha;
    }

    /**
     * The update tolerance.
     *
     * @return the tolerance on the update norm
     */
    public double tol() {
        return tol;
    }

    /**
     * The cost-to-first-cost tolerance (0: off).
     *
     * @return the tolerance on the cost against the first cost
     */
    public double rtol() {
        return rtol;
    }

    /**
     * The cost-to-data-norm tolerance (0: off).
     *
     * @return the tolerance on the cost against the data norm
     */
    public double rtol1() {
        return rtol1;
    }

    /**
     * The threshold kind.
     *
     * @return the threshold kind
     */
    public Threshold threshold() {
        return threshold;
    }

    /**
     * The threshold factors (a copy), or null for ones.
     *
     * @return a copy of the factors, or null
     */
    public double[] decay() {
        return decay == null ? null : decay.clone();
    }

    /**
     * Whether the residual is monitored.
     *
     * @return whether the residual is watched
     */
    public boolean monitorres() {
        return monitorres;
    }

    /**
     * The analysis operator, or null.
     *
     * @return the operator {@code S}, or null
     */
    public DistributedOperator<?> analysis() {
        return sop;
    }

    /**
     * The power iteration's iteration budget.
     *
     * @return the power iteration's most iterations
     */
    public int eigsNiter() {
        return eigsNiter;
    }

    /**
     * The power iteration's tolerance.
     *
     * @return the power iteration's tolerance
     */
    public double eigsTol() {
        return eigsTol;
    }

    /**
     * The power iteration's seed.
     *
     * @return the power iteration's seed
     */
    public long eigsSeed() {
        return eigsSeed;
    }

    /** The scalar options as numbers, for the collective agreement of a setup. */
    double[] numbers() {
        return new double[] {eps, alpha, tol, rtol, rtol1, threshold == null ? -1 : threshold.ordinal(), monitorres ? 1 : 0,
            sop == null ? 0 : 1, eigsNiter, eigsTol, eigsSeed, decay == null ? -1 : decay.length,
            decay == null ? 0 : Arrays.hashCode(decay)};
    }

    /** The names of {@link #numbers()}. */
    static String[] names() {
        return new String[] {"eps", "alpha", "tol", "rtol", "rtol1", "threshold", "monitorres", "analysis (given = 1)",
            "eigs niter", "eigs tol", "eigs seed", "decay length", "decay (hash)"};
    }

    @Override
    public String toString() {
        return "IstaOptions[eps=" + eps + ", alpha=" + (Double.isNaN(alpha) ? "estimated" : alpha) + ", tol=" + tol
                + ", rtol=" + rtol + ", rtol1=" + rtol1 + ", threshold=" + threshold + ", decay="
                + (decay == null ? "ones" : decay.length + " factors") + ", monitorres=" + monitorres + ", analysis="
                + (sop == null ? "none" : sop) + "]";
    }
}
