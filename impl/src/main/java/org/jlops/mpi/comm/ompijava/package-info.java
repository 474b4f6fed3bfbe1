/**
 * The Open MPI Java bindings backend ({@code ompi-java}), reached reflectively so that the library
 * builds without {@code mpi.jar}. Layer 1 (comm).
 *
 * <p>May import: comm. Not exported: reached through {@code Communicators}.
 */
package org.jlops.mpi.comm.ompijava;
