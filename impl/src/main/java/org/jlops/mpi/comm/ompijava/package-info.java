/**
 * The Open MPI Java bindings backend ({@code ompi-java}), reached reflectively so that the library
 * builds without {@code mpi.jar}. Layer 1 (comm). May import {@code org.jlops.mpi.comm} only.
 */
package org.jlops.mpi.comm.ompijava;
