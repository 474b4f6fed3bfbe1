/**
 * The {@code nccl} communicator: NCCL collectives on device memory, layer {@code comm}, built over
 * a plain communicator that carries the unique id and every call on host memory
 * ({@link org.jlops.mpi.comm.nccl.NcclCommunicator}); and the staging communicator, which moves
 * device memory over a plain communicator through page-locked host buffers
 * ({@link org.jlops.mpi.comm.nccl.StagingCommunicator}). Not exported: reached through
 * {@code Communicators.nccl} and {@code Communicators.staging}.
 *
 * <p>May import: comm, cuda.
 */
package org.jlops.mpi.comm.nccl;
