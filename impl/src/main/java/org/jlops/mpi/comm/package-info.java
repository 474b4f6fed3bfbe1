/**
 * Layer 1 of 5 (comm): the {@link org.jlops.mpi.comm.Communicator} seam between computation and
 * communication, its backends ({@link org.jlops.mpi.comm.Backend}) and
 * {@link org.jlops.mpi.comm.Communicators#world()}. Every backend extends
 * {@link org.jlops.mpi.comm.AbstractCommunicator}: its final public methods check the arguments,
 * then call the backend's protected {@code do…} hooks.
 *
 * <p>May import: profile, comm.ffm, comm.local, comm.ompijava, comm.nccl (its backends, which only
 * {@code Communicators} names).
 */
package org.jlops.mpi.comm;
