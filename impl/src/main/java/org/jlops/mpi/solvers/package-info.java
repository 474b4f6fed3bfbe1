/**
 * Matrix-free solvers on distributed vectors: {@link org.jlops.mpi.solvers.CG} (square Hermitian
 * positive-definite systems), {@link org.jlops.mpi.solvers.CGLS} (damped least squares) and power
 * iteration ({@link org.jlops.mpi.solvers.Solvers#powerIteration}), with the one-call facade
 * {@link org.jlops.mpi.solvers.Solvers} (PyLops-MPI's {@code pylops_mpi.optimization}).
 *
 * <p>The solvers see operators through {@link org.jlops.mpi.ops.DistributedOperator} and vectors
 * through {@link org.jlops.mpi.array.DistributedVector}, so plain and stacked operators and arrays
 * of every dtype work alike (complex: conjugating dots). They use only products, vector updates and
 * reductions; every reduction is collective, so every rank runs the same iterations and takes the
 * same branches. Step-wise classes follow PyLops' template: {@code setup}, {@code step},
 * {@code run}, {@code finish} (PyLops' {@code finalize}), {@code solve}; a
 * {@link org.jlops.mpi.solvers.IterationListener} is called after every step with a read-only
 * {@link org.jlops.mpi.solvers.IterationState}; the iteration log ({@code show}) prints on rank 0
 * only.
 *
 * <p>Layer: solvers, the top layer; never MPI directly and never engines. May import: array,
 * comm (collective checks), ops, profile.
 */
package org.jlops.mpi.solvers;
