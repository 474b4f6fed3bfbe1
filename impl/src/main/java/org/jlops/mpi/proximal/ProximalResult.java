package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.solvers.StopReason;

/**
 * The outcome of {@link ProximalGradient}.
 *
 * @param x              the estimate, a new vector of the start's layout; owned by the caller
 * @param iterations     the number of iterations done
 * @param objective      {@code J_k = f(x_k) + ε_k g(x_k)} for each iteration when {@code tol} was set or
 *                       the log shown (NaN where it was not computed); owned by the caller
 * @param stopReason     {@link StopReason#ITERATIONS} or {@link StopReason#OBJECTIVE_STALLED}
 * @param elapsedSeconds wall time of the run on this rank
 * @param <V>            the vector type
 */
public record ProximalResult<V extends DistributedVector>(V x, int iterations, double[] objective,
        StopReason stopReason, double elapsedSeconds) {
}
