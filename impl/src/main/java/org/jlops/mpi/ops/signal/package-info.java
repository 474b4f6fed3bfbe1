/**
 * Distributed signal-processing operators: {@link org.jlops.mpi.ops.signal.MPIFredholm1}, the
 * Fredholm integral of the first kind over a kernel split by slices (PyLops-MPI's
 * {@code pylops_mpi.signalprocessing}).
 * <p>Layer: ops; never MPI directly. May import: array, comm, engine, ops, ops.internal,
 * ops.serial. Construction is collective (checks agreed on every rank); every product is
 * collective over the operator's communicator and leaves its input unchanged.
 */
package org.jlops.mpi.ops.signal;
