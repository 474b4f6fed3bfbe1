package org.jlops.mpi.solvers;

import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DistributedVector;

/**
 * The outcome of {@link Solvers#powerIteration} (PyLops-MPI's {@code (maxeig, b_k, iiter)}).
 *
 * @param eigenvalue the last Rayleigh quotient {@code vdot(b, A b)} (imaginary part 0 for real dtypes)
 * @param vector     the last normalised vector {@code b}; owned by the caller
 * @param iterations the number of iterations performed
 * @param <V>        the vector type
 */
public record PowerIterationResult<V extends DistributedVector>(Complex eigenvalue, V vector, int iterations) {
}
