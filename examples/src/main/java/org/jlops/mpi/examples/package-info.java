/**
 * Runnable programs for users: PyLops-MPI's examples (for now its first demo, {@link
 * org.jlops.mpi.examples.SeedExample}) and the project's main job ({@link
 * org.jlops.mpi.examples.MainJob}, run by {@code scripts/run.sh}: communicator self-check, seed
 * example, a short benchmark). Every program runs on the MPI world under {@code mpirun} and on
 * in-JVM ranks without it.
 *
 * <p>May import impl's public API, and verify for the main job's communicator self-check; nothing
 * imports this package.
 */
package org.jlops.mpi.examples;
