package org.jlops.mpi.proximal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.solvers.CGLS;
import org.jlops.mpi.solvers.IterationListener;

/**
 * ADMM with a least-squares x-update (PyLops-MPI's and PyProximal's {@code ADMML2}):
 *
 * <pre>
 *     min_x  ½‖Op x − b‖² + g(A x)      as      min ½‖Op x − b‖² + g(z)  subject to  A x = z
 *
 * z = z0 or A x0;  u = 0;  s = 1/sqrt(τ)
 * for k = 0 .. niter−1:
 *     x = CGLS([Op ; s A], [b ; s (z − u)], x0 = x)     (niter and tol of the inner CGLS; PyLops-MPI: 10, 1e-4)
 *     Ax = A x;  z = prox_{τ g}(Ax + u)                  (gfirst: this z-update before the x-update)
 *     u = u + Ax − z
 *     callback(x)
 * </pre>
 *
 * <p>{@code A} may map the model to another kind of vector (a gradient to a stacked array); {@code z}
 * and {@code u} have its output layout. With {@code show}, rank 0 prints {@code ½‖Op x − b‖²} and
 * {@code g(A x)} (computed on every rank).
 *
 * <pre>{@code
 * AdmmResult r = ADMML2.options().tau(0.99 / 12).niter(40).innerNiter(20)
 *         .solve(new MPIProxOperator(new L1(0.01)), B, d, new MPIGradient(dims, comm), m0);
 * }</pre>
 *
 * <p>Differences from PyLops-MPI: the dual variable {@code u} keeps {@code z}'s layout and mask
 * (PyLops-MPI's {@code zeros_like} drops the mask); the inner solver's options are
 * named ({@code innerNiter}, {@code innerTol}) instead of a {@code kwargs_solver} dictionary.
 */
public final class ADMML2 {

    private static final ADMML2 DEFAULTS = new ADMML2(Double.NaN, 10, false, 10, 1e-4, false, null, System.out);

    private final double tau;
    private final int niter;
    private final boolean gfirst;
    private final int innerNiter;
    private final double innerTol;
    private final boolean show;
    private final IterationListener<? super DistributedVector> callback;
    private final PrintStream out;

    private ADMML2(double tau, int niter, boolean gfirst, int innerNiter, double innerTol, boolean show,
            IterationListener<? super DistributedVector> callback, PrintStream out) {
        this.tau = tau;
        this.niter = niter;
        this.gfirst = gfirst;
        this.innerNiter = innerNiter;
        this.innerTol = innerTol;
        this.show = show;
        this.callback = callback;
        this.out = out;
    }

    /**
     * PyLops-MPI's defaults (tau still to be given): 10 outer iterations, x-update first, inner CGLS 10 iterations, tol 1e-4.
     *
     * @return the defaults
     */
    public static ADMML2 options() {
        return DEFAULTS;
    }

    /**
     * The step τ, positive. Local.
     *
     * @param tau the step
     * @return these options
     */
    public ADMML2 tau(double tau) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * The outer iterations, at least 0. Local.
     *
     * @param niter the iterations
     * @return these options
     */
    public ADMML2 niter(int niter) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * Whether the z-update comes before the x-update. Local.
     *
     * @param gfirst whether g is applied first
     * @return these options
     */
    public ADMML2 gfirst(boolean gfirst) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * The inner CGLS's iterations, at least 0. Local.
     *
     * @param innerNiter the inner iterations
     * @return these options
     */
    public ADMML2 innerNiter(int innerNiter) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * The inner CGLS's tolerance (on its squared normal-equation residual). Local.
     *
     * @param innerTol the inner tolerance
     * @return these options
     */
    public ADMML2 innerTol(double innerTol) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * Whether rank 0 prints the log. Local.
     *
     * @param show whether rank 0 prints
     * @return these options
     */
    public ADMML2 show(boolean show) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * A hook called with x after every iteration (null: none). Local.
     *
     * @param callback the hook, or null
     * @return these options
     */
    public ADMML2 callback(IterationListener<? super DistributedVector> callback) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * Where rank 0 prints the log. Local.
     *
     * @param out the stream
     * @return these options
     */
    public ADMML2 out(PrintStream out) {
        return new ADMML2(tau, niter, gfirst, innerNiter, innerTol, show, callback, out);
    }

    /**
     * The estimates {@code x} and {@code z}.
     *
     * @param x the estimate (the model's layout)
     * @param z the auxiliary variable {@code ≈ A x} (A's output layout)
     */
    public record AdmmResult(DistributedVector x, DistributedVector z) {
    }

    /**
     * Runs ADMM. Collective.
     *
     * @param proxg (Input) g, applied to {@code A x}
     * @param op    the data operator Op
     * @param b     (Input) the data; not modified
     * @param a     the constraint operator A
     * @param x0    (Input) the start; not modified
     * @param z0    (Input) the start of z, or null for {@code A x0}; not modified
     * @return x and z
     * @throws IllegalArgumentException on every rank for a bad option or operand, also when it is bad
     *                                  on one rank only (a null {@code x0} included: the ranks agree
     *                                  over the communicator of {@code op}, else of {@code a},
     *                                  {@code x0} or {@code b}); on this rank alone when all four
     *                                  are null
     */
    public AdmmResult solve(ProxOperator proxg, DistributedOperator<?> op, DistributedVector b,
            DistributedOperator<?> a, DistributedVector x0, DistributedVector z0) {
        Communicator comm = op != null ? op.communicator() : a != null ? a.communicator()
                : x0 != null ? x0.communicator() : b != null ? b.communicator() : null;
        if (comm == null) {
            throw new IllegalArgumentException("op/a/x0/b: all null, expected the operators and vectors of the problem"
                    + " (no communicator to agree through)");
        }
        Consensus.on(comm).same("x0 (its layout)", x0 == null ? null : x0.layout()).same("tau", tau)
                .same("niter", niter).same("gfirst", gfirst).same("innerNiter", innerNiter).same("innerTol", innerTol)
                .same("b (its layout)", b == null ? null : b.layout())
                .same("z0 (its layout)", z0 == null ? null : z0.layout()).check(() -> {
                    if (x0 == null || op == null || a == null || proxg == null || b == null) {
                        throw new IllegalArgumentException((x0 == null ? "x0" : op == null ? "op" : a == null ? "a"
                                : proxg == null ? "proxg" : "b") + ": must not be null");
                    }
                    if (!(tau > 0) || Double.isInfinite(tau)) {
                        throw new IllegalArgumentException("tau: " + tau + ", expected a positive step");
                    }
                    if (niter < 0) {
                        throw new IllegalArgumentException("niter: " + niter + ", expected at least 0");
                    }
                    if (innerNiter < 0) {
                        throw new IllegalArgumentException("innerNiter: " + innerNiter + ", expected at least 0");
                    }
                    if (Double.isNaN(innerTol)) {
                        throw new IllegalArgumentException("innerTol: NaN, expected a number");
                    }
                    if (x0.globalSize() != op.cols()) {
                        throw new IllegalArgumentException("x0: global length " + x0.globalSize() + " but Op is "
                                + op.rows() + "x" + op.cols() + ", expected its " + op.cols() + " columns");
                    }
                    if (b.globalSize() != op.rows()) {
                        throw new IllegalArgumentException("b: global length " + b.globalSize() + " but Op is "
                                + op.rows() + "x" + op.cols() + ", expected its " + op.rows() + " rows");
                    }
                    if (a.cols() != op.cols()) {
                        throw new IllegalArgumentException("a: " + a.rows() + "x" + a.cols() + " but Op is " + op.rows()
                                + "x" + op.cols() + ", expected the same " + op.cols() + " columns");
                    }
                    return null;
                });
        return CollectiveChecks.agreed(() -> iterate(proxg, DistributedOperator.general(op), b,
                DistributedOperator.general(a), x0, z0));
    }

    private AdmmResult iterate(ProxOperator proxg, DistributedOperator<DistributedVector> op, DistributedVector b,
            DistributedOperator<DistributedVector> a, DistributedVector x0, DistributedVector z0) {
        long start = System.nanoTime();
        boolean log = show && x0.communicator().rank() == 0;
        if (log) {
            out.printf(Locale.ROOT, "ADMM%n---------------------------------------------------------%n"
                    + "Proximal operator (g): %s%ntau = %e\tniter = %d%n%n", proxg, tau, niter);
            out.println("   Itn       x[0]          f           g       J = f + g");
        }
        DistributedVector x = x0.copy();
        DistributedVector z = z0 != null ? z0.copy() : a.matvec(x);                 // z = A x0
        DistributedVector u = z.zerosLike();
        double s = 1.0 / Math.sqrt(tau);
        MPIStackedVStack stacked = new MPIStackedVStack(List.of(op, a.times(s)));     // [Op ; A/√τ]
        DistributedVector ax = null;
        for (int k = 0; k < niter; k++) {
            if (gfirst) {
                ax = a.matvec(x);
                z = proxg.prox(ax.add(u), tau);                                      // z = prox_{τg}(A x + u)
            }
            DistributedVector data = StackedDistributedArray.of(b, z.subtract(u).imultiply(s, 0));   // [b ; (z − u)/√τ]
            x = new CGLS<>(stacked).solve(data, x, innerNiter, 0.0, innerTol).x();  // x-update
            if (!gfirst) {
                ax = a.matvec(x);
                z = proxg.prox(ax.add(u), tau);
            }
            u.iadd(ax).isub(z);                                                      // u = u + A x − z
            if (callback != null) {
                DistributedVector xs = x;
                int it = k + 1;
                callback.onIteration(new org.jlops.mpi.solvers.IterationState<>() {
                    @Override
                    public int iteration() {
                        return it;
                    }

                    @Override
                    public double cost() {
                        return Double.NaN;
                    }

                    @Override
                    public double[] costHistory() {
                        return new double[0];
                    }

                    @Override
                    public DistributedVector x() {
                        return xs.copy();
                    }
                });
            }
            if (show && (k < 10 || niter - k < 10 || k % Math.max(1, niter / 10) == 0)) {
                double rn = op.matvec(x).subtract(b).norm();
                double pf = 0.5 * rn * rn;
                double pg = proxg.f(ax);
                if (log) {
                    out.printf(Locale.ROOT, "%6d  %12.5e  %10.3e  %10.3e  %10.3e%n", k + 1, first(x), pf, pg, pf + pg);
                }
            }
        }
        if (log) {
            out.printf(Locale.ROOT, "%nTotal time (s) = %.2f%n---------------------------------------------------------%n",
                    (System.nanoTime() - start) * 1e-9);
        }
        return new AdmmResult(x, z);
    }

    private static double first(DistributedVector v) {
        DistributedArray arr = ElementMaps.leaves(v).get(0);
        return arr.localSize() > 0 ? arr.localEntry(0).re() : Double.NaN;
    }
}
