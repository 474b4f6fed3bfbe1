/**
 * Linear operators: the distributed templates ({@link org.jlops.mpi.ops.MPILinearOperator},
 * {@link org.jlops.mpi.ops.MPIStackedLinearOperator}) and their algebra, the serial
 * {@link org.jlops.mpi.ops.LocalOperator}s ranks apply to their own data, and the adjoint
 * dot-test with distributed dots ({@link org.jlops.mpi.ops.Dottest}). One contract,
 * {@link org.jlops.mpi.ops.DistributedOperator}, with one template,
 * {@link org.jlops.mpi.ops.AbstractDistributedOperator}: adding an operator is one class that
 * extends a kind and one entry in the verification catalog (CONTRIBUTING.md).
 *
 * <p>Operators never call MPI directly: they use arrays and the communicator. Every product is
 * collective over the operator's communicator and returns a new vector, leaving its input
 * unchanged.
 *
 * <p>May import: array, comm, engine, ops.internal, profile.
 */
package org.jlops.mpi.ops;
