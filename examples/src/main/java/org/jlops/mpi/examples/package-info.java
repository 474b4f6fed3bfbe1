/**
 * Runnable programs for users: PyLops-MPI's examples ({@link org.jlops.mpi.examples.Example} and
 * its subclasses, run together by {@link org.jlops.mpi.examples.Examples} and
 * {@code scripts/examples.sh}, each printing what PyLops-MPI's example shows and writing its
 * figures as PNGs), PyLops-MPI's first demo ({@link org.jlops.mpi.examples.SeedExample}) and the
 * project's main job ({@link org.jlops.mpi.examples.MainJob}, run by {@code scripts/run.sh}:
 * communicator self-check, seed example, a short benchmark). Every program runs on the MPI world
 * under {@code mpirun} and on in-JVM ranks without it.
 *
 * <p>May import impl's public API, XChart for the figures, and verify for the main job's
 * communicator self-check; nothing imports this package.
 */
package org.jlops.mpi.examples;
