package org.jlops.mpi.solvers;

import java.util.Locale;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * Conjugate gradient for a square Hermitian positive-definite operator {@code A} (PyLops-MPI's
 * {@code CG}), step by step. One iteration is one forward product and two dot
 * reductions:
 *
 * <pre>
 * setup: x = x0;  r = y − A x;  c = r;  kold = |r·conj(r)|;  cost = [sqrt(kold)]
 * step:  Ac = A c
 *        a = kold / |c·conj(Ac)|
 *        x += a c;  r −= a Ac                      (one pass each, no temporaries)
 *        k = |r·conj(r)|;  b = k / kold;  c = r + b c
 *        kold = k;  iiter += 1;  cost.append(sqrt(kold))
 * run:   while iiter &lt; niter and kold &gt; tol: step, callback
 * </pre>
 *
 * <p>Note that {@code tol} is compared with the <em>squared</em> residual norm, as in PyLops-MPI.
 * Dots conjugate ({@code |vdot|}, the same magnitudes as PyLops' {@code r.dot(r.conj())}), so
 * complex systems work. Every reduction is collective: every rank runs the same iterations.
 *
 * <pre>{@code
 * CgResult<DistributedArray> res = new CG<>(op).show(true).solve(y, null, 20, 1e-10);  // x0 = 0
 * }</pre>
 *
 * <p><b>Operands.</b> {@code y} and {@code x0} are never modified ({@code setup} copies
 * {@code x0}) except by {@link #setupInPlace}, which iterates in the caller's vector. With
 * {@code x0 == null} the start is zero in {@code y}'s layout (no product needed). Bad operands
 * (null, wrong length, another communicator, another dtype than {@code y}, {@code x0} of another
 * layout than {@code y}, {@code A x0} of another layout than {@code y}) give the same
 * {@link IllegalArgumentException} on every rank before anything is computed.
 *
 * <p>Method names: PyLops' {@code setup/step/run/finalize/solve} are {@link #setup}, {@link #step},
 * {@link #run}, {@link #finish} ({@code finalize} is taken by {@link Object}) and {@link #solve}.
 *
 * @param <V> the vectors of the operator
 */
public final class CG<V extends DistributedVector> extends IterativeSolver<V, CG<V>> {

    private V r;
    private V c;
    /** {@code A c}, held from step to step (null before the first step). */
    private V ac;

    /**
     * A solver for {@code op}. Local.
     *
     * @param op a square operator (Hermitian positive definite for convergence)
     * @throws IllegalArgumentException if {@code op} is null or not square
     */
    public CG(DistributedOperator<V> op) {
        super(op);
        if (op.rows() != op.cols()) {
            throw new IllegalArgumentException("op: " + op.rows() + "x" + op.cols() + ", CG needs a square operator");
        }
    }

    /**
     * Copies {@code x0} and computes the first residual. Collective (one product, one dot, one
     * agreement on the checks).
     *
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point, in {@code y}'s layout, or null for zero; not modified
     * @param niter the maximum number of steps of {@link #run(int) run()}, at least 0
     * @param tol   the tolerance on the squared residual norm
     * @return this
     * @throws IllegalArgumentException on every rank when an operand does not fit (see the class documentation)
     */
    public CG<V> setup(V y, V x0, int niter, double tol) {
        return init(y, x0, niter, tol, true);
    }

    /**
     * As {@link #setup}, but iterates in {@code x} itself: it is overwritten by every step and holds
     * the estimate at the end. Collective.
     *
     * @param x (Input/Output) the starting point, in {@code y}'s layout; overwritten
     * @param y     (Input) the data; not modified
     * @param niter the maximum number of steps, at least 0
     * @param tol   the tolerance
     * @return this solver
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public CG<V> setupInPlace(V y, V x, int niter, double tol) {
        return init(y, x, niter, tol, false);
    }

    private CG<V> init(V y, V x0, int niter, double tol, boolean copy) {
        String error = parameters(niter, tol);
        if (error == null) {
            error = Operands.check("y", y, op.rows(), op, null);
        }
        if (error == null && x0 == null && !copy) {
            error = "x: must not be null for an in-place solve";
        }
        if (error == null && x0 != null) {
            error = Operands.check("x0", x0, op.cols(), op, y.dtype());
            if (error == null) {
                error = Operands.mismatch("x0", x0, y, "the layout of y (CG iterates in the data layout)");
            }
        }
        Operands.agree(op, error, new String[] {"niter", "tol", "x0 (given = 1, null = 0)"},
                new double[] {niter, tol, x0 == null ? 0 : 1}, "y", y, "x0", x0);
        return CollectiveChecks.agreed(() -> start(y, x0, niter, tol, copy));
    }

    /** The first residual, once the operands are agreed on. Collective. */
    private CG<V> start(V y, V x0, int niter, double tol, boolean copy) {
        if (x0 == null) {
            this.x = same(y.zerosLike());
            this.r = copyOf(y);                                           // r = y − A 0
        } else {
            this.x = copy ? copyOf(x0) : x0;
            V ax = op.matvec(x);
            String bad = Operands.mismatch("op", ax, y, "the layout of y:");
            if (bad != null) {
                throw new IllegalArgumentException(bad + " (A x0 must have the layout of y)");
            }
            this.r = same(y.subtract(ax));                                // r = y − A x
        }
        this.c = copyOf(r);                                               // c = r
        this.ac = null;
        this.kold = r.dot(r, true).abs();                                 // kold = |r·conj(r)|
        this.tol = tol;
        begin(niter, Math.sqrt(kold));
        return this;
    }

    @Override
    void doStep() {
        ac = ac == null ? op.matvec(c) : op.matvec(c, ac);                // Ac = A c (into Ac after step 1)
        double a = kold / c.dot(ac, true).abs();                          // a = kold / |c·conj(Ac)|
        double k = r.iaxpyDot(-a, 0, ac);                                 // r −= a Ac; k = |r·conj(r)| (one pass)
        double b = k / kold;
        c.iaxpyAypx(a, x, b, r);                                          // x += a c; c = r + b c (one pass)
        kold = k;
        iiter++;
        appendCost(Math.sqrt(kold));
    }


    /**
     * The result: a copy of the estimate, the iteration count and the cost history. Local (rank 0
     * prints the footer when showing). The solver can keep stepping afterwards.
     *
     * @return the result
     * @throws IllegalStateException before setup
     */
    public CgResult<V> finish() {
        double seconds = end();
        return new CgResult<>(copyOf(x), iiter, costHistory(), seconds);
    }

    /**
     * {@code setup + run + finish}. Collective.
     *
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in {@code y}'s layout, or null for zero; not modified
     * @param niter the maximum number of steps, at least 0
     * @param tol   the tolerance on the squared residual norm
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public CgResult<V> solve(V y, V x0, int niter, double tol) {
        setup(y, x0, niter, tol).run();
        return finish();
    }

    /**
     * {@code setupInPlace + run + finish}: {@code x} is overwritten with the estimate (the result
     * holds a copy). Collective.
     *
     * @param x (Input/Output) the starting point; overwritten
     * @param y     (Input) the data; not modified
     * @param niter the maximum number of steps, at least 0
     * @param tol   the tolerance
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public CgResult<V> solveInPlace(V y, V x, int niter, double tol) {
        setupInPlace(y, x, niter, tol).run();
        return finish();
    }




    @Override
    String logLine() {
        return String.format(Locale.ROOT, "%12.4e", Math.sqrt(kold));
    }

    @Override
    String logParameters() {
        return String.format(Locale.ROOT, "niter = %d    tol = %.3e", niter, tol);
    }

    @Override
    String logColumns() {
        return "  Itn       ||r||";
    }
}
