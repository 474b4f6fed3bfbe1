/**
 * Proximal operators and proximal solvers on distributed vectors (PyLops-MPI's
 * {@code pylops_mpi.proximal}): the interface {@link org.jlops.mpi.proximal.ProxOperator}
 * (a function with its proximal map), the separable functions {@link org.jlops.mpi.proximal.L1},
 * {@link org.jlops.mpi.proximal.L0} and {@link org.jlops.mpi.proximal.Box} evaluated on
 * distributed vectors by {@link org.jlops.mpi.proximal.MPIProxOperator}, the squared norm
 * {@link org.jlops.mpi.proximal.MPIL2} (with a distributed operator and the CG or CGLS inner
 * solvers), and the solvers {@link org.jlops.mpi.proximal.ProximalGradient} and
 * {@link org.jlops.mpi.proximal.ADMML2}.
 *
 * <p>Layer: proximal, beside solvers at the top; it never sees MPI or an engine directly.
 * May import: array, comm, ops, ops.serial, ops.stack, solvers.
 */
package org.jlops.mpi.proximal;
