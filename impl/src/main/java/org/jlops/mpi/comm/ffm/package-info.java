/**
 * The {@code mpi-ffm} communicator: MPI through the Foreign Function &amp; Memory API, layer
 * {@code comm}. {@link org.jlops.mpi.comm.ffm.FfmCommunicator} is the entry point; the rest
 * (library loading, the per-implementation ABI tables, chunk planning) is package-private.
 *
 * <p>Allowed imports: {@code java.*} and {@code org.jlops.mpi.comm}; nothing above the
 * communicator layer.
 */
package org.jlops.mpi.comm.ffm;
