package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;

/**
 * The outcome of {@link CGLS} (PyLops-MPI's {@code (x, istop, iit, r1norm, r2norm, cost)}, with
 * {@code r1norm} as documented there rather than as computed: see {@link #r1norm()}).
 *
 * @param x                the estimate, a new vector in the model layout of the operator's adjoint; owned by the caller
 * @param istop            1 when the stopping rule ended the run ({@code kold < tol}), else 2 (niter reached)
 * @param iterations       the number of steps done ({@code iiter})
 * @param r1norm           {@code ‖y − A x‖}, the residual norm tracked by the recursion ({@code cost[iterations]});
 *                         PyLops-MPI returns {@code kold} here, see {@link #normalResidualSquared()}
 * @param r2norm           {@code sqrt(‖y − A x‖² + damp²‖x‖²)}, the square root of the damped objective
 * @param normalResidualSquared {@code kold = ‖A^H (y − A x) − damp² x‖²}, the quantity the stopping rule compares
 *                         with {@code tol} (what PyLops-MPI calls {@code r1norm})
 * @param cost             {@code ‖y − A x_k‖} for {@code k = 0..iterations}; owned by the caller
 * @param cost1            {@code sqrt(‖y − A x_k‖² + damp²‖x_k‖²)} for {@code k = 0..iterations}; owned by the caller
 * @param elapsedSeconds   wall time from setup to finish on this rank
 * @param <V>              the vector type of {@code x}
 */
public record CglsResult<V extends DistributedVector>(V x, int istop, int iterations, double r1norm, double r2norm,
        double normalResidualSquared, double[] cost, double[] cost1, double elapsedSeconds) {
}
