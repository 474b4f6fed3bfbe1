package org.jlops.mpi.solvers;

import java.util.Arrays;
import java.util.Locale;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * Conjugate gradient on the normal equations: minimises {@code ‖y − A x‖² + damp²‖x‖²} for any
 * operator {@code A} (PyLops-MPI's {@code CGLS}), step by step. One iteration is one
 * forward and one adjoint product, four dot reductions and one norm:
 *
 * <pre>
 * setup: x = x0;  s = y − A x;  r = A^H s − damp² x;  c = r;  q = A c;  kold = |r·conj(r)|
 *        cost = [‖s‖];  cost1 = [sqrt(‖s‖² + damp² |x·conj(x)|)]
 * step:  a = |kold / (q·conj(q) + damp² c·conj(c))|
 *        x += a c;  s −= a q
 *        r = A^H s − damp² x
 *        k = |r·conj(r)|;  b = k / kold;  c = r + b c;  q = A c
 *        kold = k;  iiter += 1;  cost.append(‖s‖);  cost1.append(sqrt(‖s‖² + damp² |x·conj(x)|))
 * run:   while iiter &lt; niter and kold &gt; tol: step, callback
 * finish: istop = kold &lt; tol ? 1 : 2;  r1norm = ‖s‖ = ‖y − A x‖;  r2norm = cost1[iiter]
 * </pre>
 *
 * <p>{@code tol} is compared with the <em>squared</em> norm of the normal-equation residual, as in
 * PyLops-MPI. Two differences from PyLops-MPI (which inherits them from serial PyLops): setup uses
 * {@code damp²} like the step (PyLops-MPI uses {@code damp} there, which changes the iterates for a
 * non-zero {@code x0} unless {@code damp} is 0 or 1), and {@code r1norm} is the residual norm
 * {@code ‖y − A x‖} as documented (PyLops-MPI returns {@code kold}; it is kept as
 * {@link CglsResult#normalResidualSquared()}).
 *
 * <p><b>Passes over memory.</b> Without damping an iteration reads and writes each of its five
 * vectors once besides the two products: {@code x += a c} and {@code c = r + b c} are one pass,
 * {@code s −= a q} and {@code ‖s‖²} another, and the two dots ride in the products
 * ({@link DistributedOperator#matvecNormSquared}, {@link DistributedOperator#rmatvecNormSquared}:
 * operators that write their output a few rows at a time, the derivatives, sum each piece while it
 * is in cache). Every reduction is still the same tree sum, so the iterates are bit for bit those
 * of the separate passes.
 *
 * <pre>{@code
 * CglsResult<DistributedArray> res = new CGLS<>(D).solve(y, null, 10, 0.0, 1e-4);  // x0 = 0
 * }</pre>
 *
 * <p><b>Operands.</b> {@code y} and {@code x0} are never modified ({@code setup} copies
 * {@code x0}) except by {@link #setupInPlace}. With {@code x0 == null} the start is zero in the
 * model layout that {@code A^H} returns (taken from the first adjoint product, so no product is
 * added), which is the layout every later {@code x} has. A given {@code x0} must have that layout:
 * bad operands (null, wrong length, another communicator, another dtype than {@code y},
 * {@code x0} of another layout than {@code A^H y}, {@code A x0} of another layout than {@code y})
 * give the same {@link IllegalArgumentException} on every rank, operands unchanged.
 *
 * <p>Method names: PyLops' {@code setup/step/run/finalize/solve} are {@link #setup}, {@link #step},
 * {@link #run}, {@link #finish} and {@link #solve}.
 *
 * @param <V> the vectors of the operator
 */
public final class CGLS<V extends DistributedVector> extends IterativeSolver<V, CGLS<V>> {

    private V s;
    private V r;
    private V c;
    private V q;
    /** {@code Re(q . conj(q))} of the current {@code q}, made with it ({@link DistributedOperator#matvecNormSquared}). */
    private double qq;
    private double damp;
    private double dampSq;
    private double[] cost1 = new double[1];

    /**
     * A solver for {@code op}. Local.
     *
     * @param op the operator
     * @throws IllegalArgumentException if {@code op} is null
     */
    public CGLS(DistributedOperator<V> op) {
        super(op);
    }

    /**
     * Copies {@code x0} and computes the first residuals. Collective (one forward product, or none
     * for {@code x0 == null}; one adjoint and one forward product; two dots and a norm).
     *
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the operator's model layout, or null for zero; not modified
     * @param niter the maximum number of steps of {@link #run()}, at least 0
     * @param damp  the damping ({@code damp²‖x‖²} is added to the objective), finite
     * @param tol   the tolerance on {@code kold}, the squared normal-equation residual norm
     * @return this
     * @throws IllegalArgumentException on every rank when an operand does not fit (see the class documentation)
     */
    public CGLS<V> setup(V y, V x0, int niter, double damp, double tol) {
        return init(y, x0, niter, damp, tol, true);
    }

    /**
     * As {@link #setup}, but iterates in {@code x} itself (overwritten by every step). Collective.
     *
     * @param x (Input/Output) the starting point in the operator's model layout; overwritten
     * @param y     (Input) the data; not modified
     * @param niter the maximum number of steps, at least 0
     * @param damp  the damping, finite
     * @param tol   the tolerance on the squared normal-equation residual norm
     * @return this solver
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public CGLS<V> setupInPlace(V y, V x, int niter, double damp, double tol) {
        return init(y, x, niter, damp, tol, false);
    }

    private CGLS<V> init(V y, V x0, int niter, double damp, double tol, boolean copy) {
        String error = parameters(niter, tol);
        if (error == null && !Double.isFinite(damp)) {
            error = "damp: " + damp + ", expected a finite number";
        }
        if (error == null) {
            error = Operands.check("y", y, op.rows(), op, null);
        }
        if (error == null && x0 == null && !copy) {
            error = "x: must not be null for an in-place solve";
        }
        if (error == null && x0 != null) {
            error = Operands.check("x0", x0, op.cols(), op, y.dtype());
        }
        Operands.agree(op, error, new String[] {"niter", "damp", "tol", "x0 (given = 1, null = 0)"},
                new double[] {niter, damp, tol, x0 == null ? 0 : 1}, "y", y, "x0", x0);
        return CollectiveChecks.agreed(() -> start(y, x0, niter, damp, tol, copy));
    }

    /** The first residuals, once the operands are agreed on. Collective. */
    private CGLS<V> start(V y, V x0, int niter, double damp, double tol, boolean copy) {
        this.damp = damp;
        this.dampSq = damp * damp;
        if (x0 == null) {
            this.s = copyOf(y);                                           // s = y − A 0
            this.r = op.rmatvec(s);                                       // r = A^H s
            this.x = same(r.zerosLike());                                 // the adjoint's model layout
        } else {
            V ax = op.matvec(x0);
            String bad = Operands.mismatch("op", ax, y, "the layout of y:");
            if (bad != null) {
                throw new IllegalArgumentException(bad + " (A x0 must have the layout of y)");
            }
            V s0 = same(y.subtract(ax));                                  // s = y − A x0
            V r0 = op.rmatvec(s0);
            bad = Operands.mismatch("x0", x0, r0, "the model layout returned by the operator's adjoint");
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            this.s = s0;
            this.x = copy ? copyOf(x0) : x0;
            this.r = same(r0.iaxpy(-dampSq, 0, x));                       // r = A^H s − damp² x
        }
        this.c = copyOf(r);                                               // c = r
        this.q = op.matvec(c);                                            // q = A c
        this.qq = q.dot(q, true).re();
        this.kold = r.dot(r, true).abs();                                 // kold = |r·conj(r)|
        this.tol = tol;
        double sn = s.norm();
        begin(niter, sn);
        this.cost1 = new double[cost.length];
        this.cost1[0] = Math.sqrt(sn * sn + dampSq * x.dot(x, true).abs());
        return this;
    }

    @Override
    void doStep() {
        boolean damped = dampSq != 0;                                     // undamped: the damp² terms are zeros, skipped
        double a = Math.abs(kold / (damped ? qq + dampSq * c.dot(c, true).re() : qq)); // a = |kold / (q·q̄ + damp² c·c̄)|
        double xx = damped ? x.iaxpyDot(a, 0, c) : 0;                     // x += a c; xx = |x·conj(x)| (one pass)
        double ss = s.iaxpyDot(-a, 0, q);                                 // s −= a q; ss = ‖s‖² (one pass)
        double k;
        if (damped) {
            op.rmatvec(s, r);                                             // r = A^H s − damp² x (into r)
            k = r.iaxpyDot(-dampSq, 0, x);                                // k = |r·conj(r)|
        } else {
            k = Math.abs(op.rmatvecNormSquared(s, r));                    // r = A^H s; k = |r·conj(r)| (summed as written)
        }
        double b = k / kold;
        if (damped) {
            c.iaypx(b, 0, r);                                             // c = r + b c
        } else {
            c.iaxpyAypx(a, x, b, r);                                      // x += a c; c = r + b c (one pass; x unread until here)
        }
        qq = op.matvecNormSquared(c, q);                                  // q = A c (into q); q·q̄ for the next step
        kold = k;
        iiter++;
        double sn = s.dtype().isDoublePrecision() ? Math.sqrt(ss) : (float) Math.sqrt(ss); // as norm() rounds it
        appendCost(sn);                                                   // cost.append(‖s‖)
        if (iiter >= cost1.length) {
            cost1 = Arrays.copyOf(cost1, cost.length);
        }
        cost1[iiter] = Math.sqrt(sn * sn + dampSq * xx);
    }


    /**
     * The result (see {@link CglsResult}): a copy of the estimate, stop reason, residual norms and
     * histories. Local (rank 0 prints the footer when showing).
     *
     * @return the result
     * @throws IllegalStateException before setup
     */
    public CglsResult<V> finish() {
        double seconds = end();
        int istop = kold < tol ? 1 : 2;
        return new CglsResult<>(copyOf(x), istop, iiter, cost[iiter], cost1[iiter], kold, costHistory(),
                Arrays.copyOf(cost1, iiter + 1), seconds);
    }

    /**
     * The options by name with PyLops-MPI's defaults: {@code CGLS.options().damp(0.1).tol(1e-10)}.
     * Local.
     *
     * @return {@link CglsOptions#DEFAULTS}
     */
    public static CglsOptions options() {
        return CglsOptions.DEFAULTS;
    }

    /**
     * {@code setup + run + finish} with named options. Collective.
     *
     * @param y       (Input) the data; not modified
     * @param x0      (Input) the starting point in the model layout, or null for zero; not modified
     * @param options the options, not null
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand or option does not fit; on
     *                                  this rank when {@code options} is null
     */
    public CglsResult<V> solve(V y, V x0, CglsOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: must not be null");
        }
        return solve(y, x0, options.niter(), options.damp(), options.tol());
    }

    /**
     * {@code setup + run + finish}. Collective.
     *
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the model layout, or null for zero; not modified
     * @param niter the maximum number of steps, at least 0
     * @param damp  the damping
     * @param tol   the tolerance on the squared normal-equation residual norm
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public CglsResult<V> solve(V y, V x0, int niter, double damp, double tol) {
        setup(y, x0, niter, damp, tol).run();
        return finish();
    }

    /**
     * {@code setupInPlace + run + finish}: {@code x} is overwritten with the estimate. Collective.
     *
     * @param x (Input/Output) the starting point; overwritten
     * @param y     (Input) the data; not modified
     * @param niter the maximum number of steps, at least 0
     * @param damp  the damping, finite
     * @param tol   the tolerance on the squared normal-equation residual norm
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public CglsResult<V> solveInPlace(V y, V x, int niter, double damp, double tol) {
        setupInPlace(y, x, niter, damp, tol).run();
        return finish();
    }

    /**
     * The damped objective's square roots so far ({@code cost1}); a copy. Local.
     *
     * @return the copy
     */
    public double[] dampedCostHistory() {
        return Arrays.copyOf(cost1, iiter + 1);
    }




    @Override
    String logLine() {
        return String.format(Locale.ROOT, "%12.4e %12.4e %12.4e", cost[iiter], cost1[iiter], Math.sqrt(kold));
    }

    @Override
    String logParameters() {
        return String.format(Locale.ROOT, "niter = %d    damp = %.3e    tol = %.3e", niter, damp, tol);
    }

    @Override
    String logColumns() {
        return "  Itn     ||y-Ax||   sqrt(obj)   ||A^H r||";
    }
}
