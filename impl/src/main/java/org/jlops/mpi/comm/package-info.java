/**
 * Layer 1 of 5 (comm): the {@link org.jlops.mpi.comm.Communicator} seam between computation and
 * communication, its backends and {@link org.jlops.mpi.comm.Communicators#world()}.
 *
 * <p>May import: nothing of this library outside {@code comm}. Must not import engine, array,
 * ops, solvers.
 */
package org.jlops.mpi.comm;
