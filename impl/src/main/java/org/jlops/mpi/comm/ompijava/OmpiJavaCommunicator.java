package org.jlops.mpi.comm.ompijava;

import org.jlops.mpi.comm.Communicator;

/** Open MPI Java bindings backend (placeholder, being written). */
public final class OmpiJavaCommunicator {
    private OmpiJavaCommunicator() {
    }

    /** The world communicator of this MPI job. */
    public static Communicator world() {
        throw new IllegalStateException("ompi-java backend not yet available");
    }
}
