/**
 * Linear operators: the distributed templates ({@link org.jlops.mpi.ops.MPILinearOperator},
 * {@link org.jlops.mpi.ops.MPIStackedLinearOperator}) and their algebra, the serial
 * {@link org.jlops.mpi.ops.LocalOperator}s ranks apply to their own data, and the re-splitting
 * of vectors into the layouts kernels need ({@link org.jlops.mpi.ops.Rebalance}), and the adjoint
 * dot-test with distributed dots ({@link org.jlops.mpi.ops.Dottest}).
 *
 * <p>Operators never call MPI directly: they use arrays and the communicator. Every product is
 * collective over the operator's communicator and returns a new vector, leaving its input
 * unchanged.
 */
package org.jlops.mpi.ops;
