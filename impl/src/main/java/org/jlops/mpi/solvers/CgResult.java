package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;

/**
 * The outcome of {@link CG} (PyLops-MPI's {@code (x, iit, cost)}).
 *
 * @param x              the estimate, a new vector in the layout of the data {@code y}; owned by the caller
 * @param iterations     the number of steps done ({@code iiter})
 * @param cost           {@code ‖r_k‖ = ‖y − A x_k‖} (as tracked by the recursion) for
 *                       {@code k = 0..iterations}: {@code iterations + 1} entries; owned by the caller
 * @param elapsedSeconds wall time from setup to finish on this rank
 * @param <V>            the vector type of {@code x}
 */
public record CgResult<V extends DistributedVector>(V x, int iterations, double[] cost, double elapsedSeconds) {
}
