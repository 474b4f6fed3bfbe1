/**
 * The in-JVM backend: ranks as threads ({@link org.jlops.mpi.comm.local.LocalCluster}).
 * Layer 1 (comm).
 *
 * <p>May import: comm, profile.
 */
package org.jlops.mpi.comm.local;
