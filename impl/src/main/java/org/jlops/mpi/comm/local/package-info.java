/**
 * The in-JVM backend: ranks as threads ({@link org.jlops.mpi.comm.local.LocalCluster}).
 * Layer 1 (comm). May import {@code org.jlops.mpi.comm} only.
 */
package org.jlops.mpi.comm.local;
