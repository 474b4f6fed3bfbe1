package org.jlops.mpi.solvers;

/**
 * Why an iterative run ended. Every rank reaches the same reason (the rules test reduced values).
 */
public enum StopReason {
    /** The iteration budget {@code niter} was used up. */
    ITERATIONS,
    /** The update {@code ‖x_k − x_{k−1}‖} fell to {@code tol} or below (ISTA, FISTA). */
    UPDATE_BELOW_TOL,
    /** The cost became NaN or infinite: the run diverged and its estimate is not an answer. */
    NON_FINITE_COST,
    /** {@code cost_k / cost_0 < rtol}: the cost fell below the fraction {@code rtol} of the first one. */
    COST_BELOW_RTOL,
    /** {@code cost_k / ‖y‖ < rtol1}: the cost fell below the fraction {@code rtol1} of the data norm. */
    COST_BELOW_RTOL1,
    /** {@code |1 − J_k / J_{k−1}| < tol} on the objective {@code J = f + ε g} (ProximalGradient). */
    OBJECTIVE_STALLED;

    /**
     * Whether the run diverged (its estimate must not be used as an answer).
     *
     * @return whether the run diverged (its estimate must not be used as an answer)
     */
    public boolean diverged() {
        return this == NON_FINITE_COST;
    }
}
