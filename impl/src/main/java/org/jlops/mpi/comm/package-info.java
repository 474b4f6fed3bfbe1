/**
 * Layer 1 of 5 (comm): the {@link org.jlops.mpi.comm.Communicator} seam between computation and
 * communication, its backends and {@link org.jlops.mpi.comm.Communicators#world()}.
 *
 * <p>May import: comm.ffm, comm.local, comm.ompijava (its backends, which only
 * {@code Communicators} names).
 */
package org.jlops.mpi.comm;
