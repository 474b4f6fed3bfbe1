package org.jlops.mpi.proximal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.solvers.IterationListener;
import org.jlops.mpi.solvers.IterationState;
import org.jlops.mpi.solvers.StopReason;

/**
 * The (accelerated) proximal gradient method (PyLops-MPI's and PyProximal's
 * {@code ProximalGradient}): minimises {@code f(x) + ε g(x)} with {@code f}
 * differentiable and {@code g} with a proximal map.
 *
 * <pre>
 * x = y = x0;  t = 1
 * for k = 0 .. niter−1:
 *     xold = x
 *     eta = 1:  x = prox_{ε_k τ g}(y − τ ∇f(y))                          (one gradient of f, one prox of g)
 *     else:     x = x + eta (prox_{ε_k τ g}(x − τ ∇f(x)) − x)
 *     ω = 0 (no acceleration) | k/(k+3) (vandenberghe) | (t − 1)/t⁺, t⁺ = (1 + sqrt(1 + 4t²))/2 (fista)
 *     y = x + ω (x − xold)
 *     callback(x)
 *     tol set:  J = f(x) + ε_k g(x);  stop when |1 − J/J_old| &lt; tol   (J_old = +∞ at first)
 * </pre>
 *
 * <p>With {@link MPIL2} as {@code f} an iteration costs one forward and one adjoint product of its
 * operator (the gradient) and a local threshold; {@code tol} adds the two function values (a
 * forward product and two reductions). Every quantity that decides a branch is reduced, so every
 * rank runs the same iterations; the reductions are tree sums, so the iterates are bit-identical at
 * every rank count.
 *
 * <pre>{@code
 * MPIL2 f = MPIL2.builder().op(A).b(y).x0(x0).build();
 * ProxOperator g = new MPIProxOperator(new L1(0.1));
 * ProximalResult<DistributedArray> r = ProximalGradient.options().tau(1e-3).niter(400)
 *         .acceleration(ProximalGradient.Acceleration.FISTA).solve(f, g, x0);
 * }</pre>
 *
 * <p>Options (immutable; each method returns a copy): {@code tau} (required: PyLops-MPI has no
 * backtracking and fails without it), {@code epsg} (a number or one weight per iteration), {@code
 * eta} (1), {@code niter} (10), {@code acceleration} (none), {@code tol} (off), {@code show},
 * {@code callback}, {@code out}.
 *
 * <p>Differences from PyLops-MPI: the unused {@code niterback} is not an option; a missing or
 * non-positive {@code tau} is an {@link IllegalArgumentException} on every rank (PyLops-MPI fails
 * with a {@code TypeError}); the result carries the iteration count and why the run ended.
 */
public final class ProximalGradient {

    /** The accelerations (PyLops' {@code acceleration}). */
    public enum Acceleration {
        /** No acceleration: {@code y = x}. */
        NONE,
        /** {@code ω = k / (k + 3)}. */
        VANDENBERGHE,
        /** FISTA's sequence {@code ω = (t − 1)/t⁺}. */
        FISTA
    }

    private static final ProximalGradient DEFAULTS = new ProximalGradient(Double.NaN, new double[] {1.0}, 1.0, 10,
            Acceleration.NONE, Double.NaN, false, null, System.out);

    private final double tau;
    private final double[] epsg;
    private final double eta;
    private final int niter;
    private final Acceleration acceleration;
    private final double tol;
    private final boolean show;
    private final IterationListener<? super DistributedVector> callback;
    private final PrintStream out;

    private ProximalGradient(double tau, double[] epsg, double eta, int niter, Acceleration acceleration, double tol,
            boolean show, IterationListener<? super DistributedVector> callback, PrintStream out) {
        this.tau = tau;
        this.epsg = epsg;
        this.eta = eta;
        this.niter = niter;
        this.acceleration = acceleration;
        this.tol = tol;
        this.show = show;
        this.callback = callback;
        this.out = out;
    }

    /**
     * PyLops-MPI's defaults (tau still to be given). Local.
     *
     * @return the defaults
     */
    public static ProximalGradient options() {
        return DEFAULTS;
    }

    private ProximalGradient with(double tau, double[] epsg, double eta, int niter, Acceleration acceleration,
            double tol, boolean show, IterationListener<? super DistributedVector> callback, PrintStream out) {
        return new ProximalGradient(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * The step τ, positive and finite (convergence needs {@code τ < 2/L}, L the Lipschitz constant of ∇f). Local.
     *
     * @param tau the step
     * @return these options
     */
    public ProximalGradient tau(double tau) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * One weight ε of g for every iteration. Local.
     *
     * @param epsg the weight
     * @return these options
     */
    public ProximalGradient epsg(double epsg) {
        return with(tau, new double[] {epsg}, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * The weights ε_k of g, one per iteration (at least niter; copied). Local.
     *
     * @param epsg (Input) the weights; not modified
     * @return these options
     */
    public ProximalGradient epsg(double[] epsg) {
        return with(tau, epsg == null ? null : epsg.clone(), eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * The relaxation η ({@code 1}: none). Local.
     *
     * @param eta the relaxation
     * @return these options
     */
    public ProximalGradient eta(double eta) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * The number of iterations, at least 0. Local.
     *
     * @param niter the iterations
     * @return these options
     */
    public ProximalGradient niter(int niter) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * The acceleration. Local.
     *
     * @param acceleration the acceleration
     * @return these options
     */
    public ProximalGradient acceleration(Acceleration acceleration) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * The tolerance on the objective's relative change ({@code NaN}: off, PyLops' {@code None}). Local.
     *
     * @param tol the tolerance, or NaN
     * @return these options
     */
    public ProximalGradient tol(double tol) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * Whether rank 0 prints the log. Local.
     *
     * @param show whether it prints
     * @return these options
     */
    public ProximalGradient show(boolean show) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * A hook called after every iteration on every rank (null: none). Local.
     *
     * @param callback the hook, or null
     * @return these options
     */
    public ProximalGradient callback(IterationListener<? super DistributedVector> callback) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * Where rank 0 prints the log. Local.
     *
     * @param out the stream
     * @return these options
     */
    public ProximalGradient out(PrintStream out) {
        return with(tau, epsg, eta, niter, acceleration, tol, show, callback, out);
    }

    /**
     * Runs the method from {@code x0}. Collective.
     *
     * @param proxf (Input) the smooth function (its gradient is used)
     * @param proxg (Input) the function with a proximal map
     * @param x0    (Input) the start; not modified
     * @param <V>   the vector type
     * @return the estimate and the run's history
     * @throws IllegalArgumentException on every rank for a missing or bad option, or a bad operand
     */
    @SuppressWarnings("unchecked")
    public <V extends DistributedVector> ProximalResult<V> solve(DifferentiableProx proxf, ProxOperator proxg, V x0) {
        if (x0 == null) {
            throw new IllegalArgumentException("x0: must not be null");
        }
        double[] weights = epsg == null ? null : epsg.length == 1 ? filled(epsg[0], niter) : epsg;
        Consensus.on(x0.communicator()).same("x0 (its layout)", x0.layout()).same("tau", tau).same("eta", eta)
                .same("niter", niter).same("acceleration", acceleration).same("tol", tol)
                .same("epsg", weights).check(() -> {
                    if (proxf == null || proxg == null) {
                        throw new IllegalArgumentException((proxf == null ? "proxf" : "proxg") + ": must not be null");
                    }
                    if (!(tau > 0) || Double.isInfinite(tau)) {
                        throw new IllegalArgumentException("tau: " + tau + ", expected a positive step (tau must be"
                                + " given: no backtracking)");
                    }
                    if (niter < 0) {
                        throw new IllegalArgumentException("niter: " + niter + ", expected at least 0");
                    }
                    if (acceleration == null) {
                        throw new IllegalArgumentException("acceleration: must be NONE, VANDENBERGHE or FISTA");
                    }
                    if (weights == null || weights.length < niter) {
                        throw new IllegalArgumentException("epsg: " + (weights == null ? "null" : weights.length
                                + " weights") + ", expected a number or at least niter = " + niter + " weights");
                    }
                    for (int k = 0; k < niter; k++) {
                        if (!Double.isFinite(weights[k])) {
                            throw new IllegalArgumentException("epsg: weight " + k + " is " + weights[k]
                                    + ", expected finite weights");
                        }
                    }
                    if (!Double.isFinite(eta)) {
                        throw new IllegalArgumentException("eta: " + eta + ", expected a finite number");
                    }
                    return null;
                });
        return CollectiveChecks.agreed(() -> (ProximalResult<V>) iterate(proxf, proxg, x0, weights));
    }

    private ProximalResult<DistributedVector> iterate(DifferentiableProx proxf, ProxOperator proxg,
            DistributedVector x0, double[] weights) {
        long start = System.nanoTime();
        boolean log = show && x0.communicator().rank() == 0;
        if (log) {
            out.println("Accelerated Proximal Gradient");
            out.println("---------------------------------------------------------");
            out.println("Proximal operator (f): " + proxf);
            out.println("Proximal operator (g): " + proxg);
            out.printf(Locale.ROOT, "tau = %s\tepsg = %s%nniter = %d\ttol = %s%nacceleration = %s%n%n", tau,
                    epsg.length == 1 ? epsg[0] : "Multi", niter, Double.isNaN(tol) ? "None" : tol, acceleration);
            out.println("   Itn       x[0]          f           g       J=f+eps*g       tau");
        }
        double t = 1.0;
        DistributedVector x = x0.copy();
        DistributedVector y = x.copy();
        DistributedVector g = null;        // storage of the next gradient (then of the next x): the previous x
        double pfg = Double.POSITIVE_INFINITY;
        double[] history = new double[Math.max(1, Math.min(niter, 1 << 20))];
        int done = 0;
        StopReason stop = StopReason.ITERATIONS;
        Threshold shrink = eta == 1.0 ? Threshold.of(proxg) : null;
        DistributedVector d = null;        // x⁺ − x of the fused step
        for (int k = 0; k < niter; k++) {
            DistributedVector xold = x;
            double told = t;
            double omega = 0;
            if (acceleration == Acceleration.VANDENBERGHE) {
                omega = k / (k + 3.0);                                                   // ω = k/(k+3)
            } else if (acceleration == Acceleration.FISTA) {
                t = (1.0 + Math.sqrt(1.0 + 4.0 * t * t)) / 2.0;                          // t⁺
                omega = (told - 1.0) / t;                                                // ω = (t − 1)/t⁺
            }
            DistributedVector at = eta == 1.0 ? y : x;
            g = g == null ? proxf.grad(at) : proxf.grad(at, g);                         // ∇f, into held storage
            double step = weights[k] * tau;
            if (shrink != null && step > 0 && g.sameLayout(y) && g.sameLayout(xold)) {
                // an element-wise threshold: FISTA's fused step, x⁺ = T(y − τ∇f) into g,
                // d = x⁺ − x, y = x⁺ + ω d, one pass (the bits of the separate passes below)
                d = d == null ? g.emptyLike() : d;
                x = g.ishrinkStep(shrink.kind(), step * shrink.sigma(), -tau, y, xold, d, true, omega);
            } else {
                DistributedVector v = g.iaypx(-tau, 0, at);                              // at − τ ∇f(at), in place
                x = proxg.prox(v, step, v);                                              // prox_{ε τ g}, in place
                if (eta != 1.0) {
                    x.isub(xold).iaypx(eta, 0, xold);                                    // x + η (prox − x), in place
                }
                x.subtract(xold, y).iaypx(omega, 0, x);                                  // y = x + ω (x − xold), in y's storage
            }
            g = xold.sameLayout(x) ? xold : null;                                         // xold is dead: the next gradient's storage
            done = k + 1;
            if (callback != null) {
                callback.onIteration(state(done, history, x));
            }
            boolean logged = show && (k < 10 || niter - k < 10 || k % Math.max(1, niter / 10) == 0);
            double pf = Double.NaN;
            double pg = Double.NaN;
            boolean stalled = false;
            if (!Double.isNaN(tol) || logged) {
                double pfgold = pfg;
                pf = proxf.f(x);
                pg = proxg.f(x);
                pfg = pf + weights[k] * pg;                                              // J = f + ε g
                if (!Double.isNaN(tol) && Math.abs(1.0 - pfg / pfgold) < tol) {
                    stalled = true;
                }
            }
            history[Math.min(k, history.length - 1)] = pfg;
            if (log && logged) {
                out.printf(Locale.ROOT, "%6d  %12.5e  %10.3e  %10.3e  %10.3e  %10.3e%n", k + 1, first(x), pf, pg, pfg,
                        tau);
            }
            if (stalled) {
                stop = StopReason.OBJECTIVE_STALLED;
                break;
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        if (log) {
            out.printf(Locale.ROOT, "%nTotal time (s) = %.2f%n---------------------------------------------------------%n",
                    seconds);
        }
        return new ProximalResult<>(x, done, Arrays.copyOf(history, Math.min(done, history.length)), stop, seconds);
    }

    private static double[] filled(double v, int n) {
        double[] a = new double[Math.max(n, 0)];
        Arrays.fill(a, v);
        return a;
    }

    private static double first(DistributedVector v) {
        DistributedArray a = ElementMaps.leaves(v).get(0);
        return a.localSize() > 0 ? a.localEntry(0).re() : Double.NaN;
    }

    /** The threshold {@code prox} applies for an element-wise ℓ1 or ℓ0 term with weight {@code sigma}. */
    private record Threshold(ElementMaps.Shrink kind, double sigma) {
        /** The term's threshold (through {@link MPIProxOperator} too), or null for any other term. */
        static Threshold of(ProxOperator g) {
            ProxOperator f = g instanceof MPIProxOperator m ? m.function() : g;
            if (f instanceof L1 l1) {
                return new Threshold(ElementMaps.Shrink.SOFT, l1.sigma());
            }
            return f instanceof L0 l0 ? new Threshold(ElementMaps.Shrink.HARD, l0.sigma()) : null;
        }
    }

    private static IterationState<DistributedVector> state(int k, double[] history, DistributedVector x) {
        double[] h = Arrays.copyOf(history, Math.min(k, history.length));
        return new IterationState<>() {
            @Override
            public int iteration() {
                return k;
            }

            @Override
            public double cost() {
                return h.length == 0 ? Double.NaN : h[h.length - 1];
            }

            @Override
            public double[] costHistory() {
                return h.clone();
            }

            @Override
            public DistributedVector x() {
                return x.copy();
            }
        };
    }
}
