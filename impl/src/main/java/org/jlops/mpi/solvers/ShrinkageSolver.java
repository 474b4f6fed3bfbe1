package org.jlops.mpi.solvers;

import java.util.Arrays;
import java.util.Locale;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.Reductions;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * What {@link ISTA} and {@link FISTA} share: the options, the setup (operands agreed on, the step
 * size given or estimated, the first residual and gradient), the threshold, the cost bookkeeping,
 * the stopping rules and the result. The subclasses write the step.
 *
 * <p><b>Stopping rules</b>, tested after every step, every rank alike (each on reduced values):
 * the update {@code ‖x_k − x_{k−1}‖ ≤ tol} ({@link StopReason#UPDATE_BELOW_TOL}); a NaN or infinite
 * cost ({@link StopReason#NON_FINITE_COST}: the run diverged, the result says so); with
 * {@code rtol > 0}, {@code cost_k / cost_0 < rtol}; with {@code rtol1 > 0},
 * {@code cost_k / ‖y‖ < rtol1}. PyLops-MPI registers the last three as callbacks whose stop flag
 * its run loop never reads; here they end the run.
 *
 * @param <V> the vectors of the operator
 * @param <S> the concrete solver type
 */
public abstract sealed class ShrinkageSolver<V extends DistributedVector, S extends ShrinkageSolver<V, S>>
        extends IterativeSolver<V, S> permits ISTA, FISTA {

    IstaOptions options = IstaOptions.DEFAULTS;
    /** The data. */
    V y;
    /** The analysis operator, or null. */
    DistributedOperator<DistributedVector> sop;
    double alpha;
    double thresh;
    private double estimatedAlpha = Double.NaN;
    /** The threshold factors, null for ones. */
    double[] decay;
    double normresold;
    private double ynorm;
    /** {@code ‖x_k − x_{k−1}‖} of the last step (+inf before the first). */
    double xupdate;
    double costdata;
    private double[] costs = new double[0];
    private StopReason stop;
    /** Work vectors of the model layout. */
    V g;
    V work;
    /** {@code A x} and the residual (data layout). */
    V ax;
    V res;
    /** Whether {@link #res} and {@link #g} hold the residual and gradient of the current point (after setup). */
    boolean fresh;
    /** Whether the fused step may be used (tests compare it with the separate passes). */
    private boolean fusable = true;
    /**
     * Whether the fused step sums the norms of {@code x⁺ − x} and {@code x⁺} inside the shrinkage
     * loop ({@link Reductions#shrinkStep}) or reads them again after it (tests and the probe compare
     * the two).
     */
    private boolean foldNorms = true;
    /**
     * Whether this setup steps with the fused passes: the synthesis form (no analysis operator)
     * and model and data vectors whose leaves are plain arrays without masks. Decided from the
     * layouts and options agreed at setup, so the same on every rank.
     */
    boolean fused;

    ShrinkageSolver(DistributedOperator<V> op) {
        super(op);
    }

    @SuppressWarnings("unchecked")
    private S me() {
        return (S) this;
    }

    /**
     * The options of the following setups ({@link IstaOptions#DEFAULTS} until set). Local. Returns this.
     *
     * @param options the options, not null
     * @return the options of the following setups ({@link IstaOptions#DEFAULTS} until set)
     * @throws IllegalArgumentException if {@code options} is null
     */
    public S options(IstaOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: must not be null");
        }
        this.options = options;
        return me();
    }

    /**
     * The step size of the current setup (NaN before setup). Local.
     *
     * @return the step size of the current setup (NaN before setup)
     */
    public double alpha() {
        return ready ? alpha : Double.NaN;
    }

    /**
     * Copies {@code x0}, fixes the step size and computes the first residual and gradient.
     * Collective: one agreement on every operand and option, one forward and one adjoint product,
     * and (when no alpha is given and none was estimated by this solver before) a power iteration
     * on {@code AᴴA}.
     *
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the model layout the operator's adjoint returns, or
     *              null for zero; not modified
     * @param niter the maximum number of steps, at least 0
     * @return this
     * @throws IllegalArgumentException on every rank when an operand or option does not fit on any
     *                                  rank (an option out of its range, {@code eps: NaN, expected
     *                                  ...}), or an option or an operand's layout differs between ranks
     */
    public S setup(V y, V x0, int niter) {
        IstaOptions o = options;
        String error = parameters(niter, 0.0);
        if (error == null) {
            error = o.problem();                                              // options are checked here, not when set
        }
        if (error == null) {
            error = Operands.check("y", y, op.rows(), op, null);
        }
        if (error == null && x0 != null) {
            error = Operands.check("x0", x0, op.cols(), op, y.dtype());
        }
        double[] dec = o.decay();
        if (error == null && dec != null && dec.length < niter) {
            error = "decay: " + dec.length + " factors, expected at least niter = " + niter;
        }
        DistributedOperator<?> s = o.analysis();
        if (error == null && s != null) {
            if (s.rows() != op.cols()) {
                error = "analysis: " + s.rows() + "x" + s.cols() + ", its rows must be the model length " + op.cols();
            } else if (s.communicator() != op.communicator()) {
                error = "analysis: lives on another communicator than the operator's";
            }
        }
        double[] numbers = o.numbers();
        String[] names = IstaOptions.names();
        double[] all = Arrays.copyOf(numbers, numbers.length + 1);
        all[numbers.length] = niter;
        String[] allNames = Arrays.copyOf(names, names.length + 1);
        allNames[names.length] = "niter";
        Operands.agree(op, error, allNames, all, "y", y, "x0", x0);
        return CollectiveChecks.agreed(() -> start(y, x0, niter, o));
    }

    @SuppressWarnings("unchecked")
    private S start(V y, V x0, int niter, IstaOptions o) {
        this.y = y;
        this.sop = o.analysis() == null ? null : DistributedOperator.general(o.analysis());
        V x = x0 != null ? copyOf(x0) : null;
        if (x == null) {
            this.res = copyOf(y);                                             // r = y − A 0
            this.g = op.rmatvec(res);                                         // g = A^H r
            x = same(g.zerosLike());                                          // the adjoint's model layout
            this.ax = same(y.zerosLike());
        } else {
            this.ax = op.matvec(x);                                           // A x0
            String bad = Operands.mismatch("op", ax, y, "the layout of y:");
            if (bad != null) {
                throw new IllegalArgumentException(bad + " (A x0 must have the layout of y)");
            }
            this.res = same(y.subtract(ax));                                  // r = y − A x0
            this.g = op.rmatvec(res);                                         // g = A^H r
            bad = Operands.mismatch("x0", x, g, "the model layout returned by the operator's adjoint");
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
        }
        this.x = x;
        this.work = same(x.zerosLike());
        this.fresh = true;
        if (!Double.isNaN(o.alpha())) {
            this.alpha = o.alpha();
        } else {
            if (Double.isNaN(estimatedAlpha)) {                               // alpha = 1 / λmax(A^H A)
                double maxeig = Solvers.powerIteration(op.adjoint().times(op), x, o.eigsNiter(), o.eigsTol(),
                        o.eigsSeed()).eigenvalue().abs();
                if (!(maxeig > 0) || Double.isInfinite(maxeig)) {
                    throw new IllegalArgumentException("alpha: λmax(A^H A) estimated as " + maxeig + ", so no step size"
                            + " 1/λmax; give alpha in the options");
                }
                estimatedAlpha = 1.0 / maxeig;
            }
            this.alpha = estimatedAlpha;
        }
        this.thresh = o.eps() * alpha * 0.5;                                 // thresh = eps alpha / 2
        this.decay = o.decay();                                              // null: ones
        this.normresold = Double.POSITIVE_INFINITY;
        this.ynorm = o.rtol1() > 0 ? y.norm() : Double.NaN;
        this.xupdate = Double.POSITIVE_INFINITY;
        this.costdata = Double.NaN;
        this.costs = new double[Math.max(1, Math.min(niter, 1 << 20))];
        this.stop = null;
        this.tol = o.tol();
        this.fused = fusable && sop == null && plainLeaves(x) && plainLeaves(y);
        begin(niter, Double.NaN);
        prepare();
        return me();
    }

    /**
     * Whether the following setups may use the fused step (the default) or must make the separate
     * passes: for the tests that compare the two, bit for bit. Local.
     */
    @SuppressWarnings("unchecked")
    S fusedStep(boolean allowed) {
        this.fusable = allowed;
        return (S) this;
    }

    /**
     * Whether the fused step folds its two norms into the shrinkage loop (the default) or reduces
     * them from the vectors afterwards: for the tests and probes that compare the two. Local.
     */
    @SuppressWarnings("unchecked")
    S foldedNorms(boolean folded) {
        this.foldNorms = folded;
        return (S) this;
    }

    /** Whether every leaf of {@code v} is a plain array without a mask. Local. */
    private static boolean plainLeaves(DistributedVector v) {
        if (!(v instanceof DistributedArray) && !(v instanceof StackedDistributedArray)) {
            return false;
        }
        for (DistributedArray a : ElementMaps.leaves(v)) {
            if (a.mask() != null) {
                return false;
            }
        }
        return true;
    }

    /** Solver-specific state after the common setup (FISTA's auxiliary point). */
    void prepare() {
    }

    /** {@code ‖res‖}, checked against the last one when monitoring. */
    double residualNorm(String solver) {
        double normres = res.norm();
        if (options.monitorres()) {
            if (normres > normresold) {
                throw new IllegalArgumentException(solver + " stopped at iteration " + iiter + " due to residual "
                        + "increasing (||y - A x|| from " + fmt(normresold) + " to " + fmt(normres) + "), consider "
                        + "modifying eps and/or alpha (converges for alpha <= 1/lambda_max(A^H A); alpha = "
                        + fmt(alpha) + ")");
            }
            normresold = normres;
        }
        return normres;
    }

    /**
     * The thresholded point: {@code T(xu)}, or {@code S T(Sᴴ xu)} in the analysis form. {@code xu} is
     * overwritten (in the synthesis form it becomes the result).
     */
    V threshold(V xu) {
        double tau = tau();
        if (sop == null) {
            options.threshold().applyInPlace(xu, tau);                         // x = T(xu)
            return xu;
        }
        DistributedVector v = sop.rmatvec(xu);                                 // v = S^H xu
        options.threshold().applyInPlace(v, tau);
        DistributedVector back = sop.matvec(v);                                // x = S T(v)
        String bad = Operands.mismatch("analysis", back, xu, "the model layout");
        if (bad != null) {
            throw new IllegalArgumentException(bad + " (S must return the model layout)");
        }
        return same(back);
    }

    /** The threshold of this step: {@code decay[k] · eps alpha / 2}. */
    double tau() {
        if (decay != null && iiter >= decay.length) {
            throw new IllegalArgumentException("decay: " + decay.length + " factors, but run asked for step "
                    + (iiter + 1) + "; give at least niter factors");
        }
        return (decay == null ? 1.0 : decay[iiter]) * thresh;                  // decay[k] · eps alpha / 2
    }

    /**
     * The fused shrinkage step ({@link Reductions#shrinkStep}) with the threshold
     * {@code tau} ({@link #tau()}): {@code g} becomes {@code x⁺ = T(z + alpha g)}, {@link #work}
     * {@code x⁺ − x}, and with {@code extrapolate} {@code z} becomes {@code x⁺ + omega (x⁺ − x)}; then
     * {@code x} is {@code x⁺} and {@code g} the old {@code x}'s storage. The same bits as
     * {@link #threshold} and the separate passes. Returns the norms {@code ‖x⁺ − x‖₂} and
     * {@code ‖x⁺‖₁} made in the loop, to gather with the step's other reduction, or null when the
     * norms are not folded ({@link #foldedNorms}): then they are to be reduced from {@link #work} and
     * {@link #x}.
     */
    Reductions.ShrinkNorms shrink(double tau, V z, boolean extrapolate, double omega) {
        Threshold kind = options.threshold();
        Reductions.ShrinkNorms norms;
        if (foldNorms) {                                                       // ‖x⁺ − x‖, ‖x⁺‖₁ summed in the loop
            norms = Reductions.shrinkStep(g, kind.kind(), kind.parameter(tau), alpha, z, x, work, extrapolate, omega);
        } else {
            g.ishrinkStep(kind.kind(), kind.parameter(tau), alpha, z, x, work, extrapolate, omega);
            norms = null;
        }
        V next = g;
        g = x;                                                                 // the old x's storage holds the next gradient
        x = next;
        return norms;
    }

    /** Records the cost of the step just done and applies the stopping rules. */
    void record(double cost) {
        if (iiter >= costs.length) {
            costs = Arrays.copyOf(costs, 2 * costs.length);
        }
        costs[iiter] = cost;
        iiter++;
        if (!Double.isFinite(cost) || Double.isNaN(xupdate)) {
            stop = StopReason.NON_FINITE_COST;
        } else if (!(xupdate > tol)) {
            stop = StopReason.UPDATE_BELOW_TOL;
        } else if (options.rtol() > 0 && cost / costs[0] < options.rtol()) {
            stop = StopReason.COST_BELOW_RTOL;
        } else if (options.rtol1() > 0 && cost / ynorm < options.rtol1()) {
            stop = StopReason.COST_BELOW_RTOL1;
        }
    }

    /** {@code eps ‖x‖₁} from {@code ‖x‖₁}. Local. */
    double regularisation(double l1) {
        return options.eps() * l1;
    }

    @Override
    boolean proceed() {
        return stop == null;
    }

    /** The costs so far, one per step (PyLops-MPI's {@code cost}); a copy. Local. */
    @Override
    public double[] costHistory() {
        return Arrays.copyOf(costs, iiter);
    }

    /**
     * Why the run ended so far: null while it may go on. Local.
     *
     * @return why the run ended so far: null while it may go on
     */
    public StopReason stopReason() {
        return stop;
    }

    /**
     * The result: a copy of the estimate, the iteration count, the costs, the stop reason and the
     * step size. Local (rank 0 prints the footer when showing).
     *
     * @return the result: a copy of the estimate, the iteration count, the costs, the stop reason and the step size
     * @throws IllegalStateException before setup
     */
    public IstaResult<V> finish() {
        double seconds = end();
        return new IstaResult<>(copyOf(x), iiter, costHistory(), stop == null ? StopReason.ITERATIONS : stop, alpha,
                seconds);
    }

    /**
     * {@code setup + run + finish}. Collective.
     *
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point, or null for zero; not modified
     * @param niter the maximum number of steps
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand or option does not fit, or
     *                                  (with {@code monitorres}) when the residual grows
     */
    public IstaResult<V> solve(V y, V x0, int niter) {
        setup(y, x0, niter).run(niter);
        return finish();
    }

    @Override
    String logLine() {
        return String.format(Locale.ROOT, "%12.4e %12.4e %12.4e %12.4e", firstEntry(x), costdata,
                costs[iiter - 1], xupdate);
    }

    @Override
    String logParameters() {
        return String.format(Locale.ROOT, "(%s thresholding)  eps = %.6e  tol = %.6e  niter = %d%n"
                + "alpha = %.6e  thresh = %.6e", options.threshold(), options.eps(), tol, niter, alpha, thresh);
    }

    @Override
    String logColumns() {
        return "   Itn         x[0]       r2norm      r12norm      xupdate";
    }

    /** The first local entry of the first leaf on this rank (real part), NaN when it holds none. */
    private static double firstEntry(DistributedVector v) {
        DistributedArray a = ElementMaps.leaves(v).get(0);
        return a.localSize() > 0 ? a.localEntry(0).re() : Double.NaN;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6e", v);
    }
}
