/**
 * Distributed block operators: {@link org.jlops.mpi.ops.stack.MPIBlockDiag},
 * {@link org.jlops.mpi.ops.stack.MPIVStack} and {@link org.jlops.mpi.ops.stack.MPIHStack} combine
 * every rank's serial {@link org.jlops.mpi.ops.LocalOperator}s into one global operator;
 * {@link org.jlops.mpi.ops.stack.MPIStackedBlockDiag} and
 * {@link org.jlops.mpi.ops.stack.MPIStackedVStack} combine distributed operators and work on
 * {@link org.jlops.mpi.array.StackedDistributedArray}s.
 *
 * <p>Layer: ops; never MPI directly. May import: array, comm, engine, ops, ops.internal,
 * ops.serial. Construction is collective (checks agreed on every rank, shapes gathered once);
 * every product is collective over the operator's communicator and leaves its input unchanged.
 */
package org.jlops.mpi.ops.stack;
