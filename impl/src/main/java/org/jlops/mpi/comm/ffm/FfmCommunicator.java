package org.jlops.mpi.comm.ffm;

import org.jlops.mpi.comm.Communicator;

/** MPI through the Foreign Function &amp; Memory API (placeholder, being written). */
public final class FfmCommunicator {
    private FfmCommunicator() {
    }

    /** The world communicator of this MPI job. */
    public static Communicator world() {
        throw new IllegalStateException("mpi-ffm backend not yet available");
    }
}
