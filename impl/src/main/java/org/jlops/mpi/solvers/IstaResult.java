package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;

/**
 * The outcome of {@link ISTA} or {@link FISTA} (PyLops-MPI's {@code (x, iiter, cost)}, with why the
 * run ended and the step size used).
 *
 * @param x              the estimate, a new vector in the model layout; owned by the caller. When
 *                       {@link #diverged()} it holds non-finite or meaningless values: not an answer
 * @param iterations     the number of steps done ({@code iiter})
 * @param cost           the cost after each step, {@code iterations} entries (PyLops-MPI's bookkeeping:
 *                       {@code ½‖y − A x_{k−1}‖² + eps‖x_k‖₁} for ISTA, {@code ½‖y − A x_k‖² + eps‖x_k‖₁}
 *                       for FISTA); owned by the caller
 * @param stopReason     why the run ended
 * @param alpha          the step size used (given, or {@code 1/λmax} estimated)
 * @param elapsedSeconds wall time from setup to finish on this rank
 * @param <V>            the vector type
 */
public record IstaResult<V extends DistributedVector>(V x, int iterations, double[] cost, StopReason stopReason,
        double alpha, double elapsedSeconds) {

    /**
     * Whether the cost became NaN or infinite: the estimate is not an answer.
     *
     * @return whether the cost became NaN or infinite: the estimate is not an answer
     */
    public boolean diverged() {
        return stopReason.diverged();
    }
}
