/**
 * The {@code mpi-ffm} communicator: MPI through the Foreign Function &amp; Memory API, layer
 * {@code comm}. {@link org.jlops.mpi.comm.ffm.FfmCommunicator} is the entry point; the rest
 * (library loading, the per-implementation ABI tables, chunk planning) is package-private.
 *
 * <p>May import: comm, profile. Not exported: reached through {@code Communicators}.
 */
package org.jlops.mpi.comm.ffm;
