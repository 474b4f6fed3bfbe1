package org.jlops.mpi.solvers;

import java.util.Locale;

/**
 * The options of {@link CGLS} by name, with PyLops-MPI's defaults ({@code niter = 10},
 * {@code damp = 0}, {@code tol = 1e-4}): {@code CGLS.options().niter(50).damp(0.1).tol(1e-10)}.
 * Immutable: every setter returns a new object. Checked when a solve starts (on every rank alike).
 */
public final class CglsOptions {

    /** PyLops-MPI's defaults. */
    public static final CglsOptions DEFAULTS = new CglsOptions(10, 0.0, Solvers.DEFAULT_TOL);

    private final int niter;
    private final double damp;
    private final double tol;

    private CglsOptions(int niter, double damp, double tol) {
        this.niter = niter;
        this.damp = damp;
        this.tol = tol;
    }

    /**
     * The most iterations.
     *
     * @param niter at least 0
     * @return new options
     */
    public CglsOptions niter(int niter) {
        return new CglsOptions(niter, damp, tol);
    }

    /**
     * The damping: {@code damp²‖x‖²} is added to the objective.
     *
     * @param damp finite
     * @return new options
     */
    public CglsOptions damp(double damp) {
        return new CglsOptions(niter, damp, tol);
    }

    /**
     * The tolerance on the squared normal-equation residual norm.
     *
     * @param tol not NaN
     * @return new options
     */
    public CglsOptions tol(double tol) {
        return new CglsOptions(niter, damp, tol);
    }

    /**
     * The most iterations.
     *
     * @return the most iterations
     */
    public int niter() {
        return niter;
    }

    /**
     * The damping.
     *
     * @return the damping
     */
    public double damp() {
        return damp;
    }

    /**
     * The tolerance.
     *
     * @return the tolerance
     */
    public double tol() {
        return tol;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CglsOptions[niter=%d, damp=%s, tol=%s]", niter, damp, tol);
    }
}
