package org.jlops.mpi.comm;

import java.util.Locale;

/**
 * The communicator backends, as {@link Communicators#world(Backend)} takes them. Each prints as
 * its short name ({@code local}, {@code mpi-ffm}, {@code ompi-java}), which is also what
 * {@link Communicator#backend()} returns and what the system property
 * {@value Communicators#BACKEND_PROPERTY} accepts.
 */
public enum Backend {
    /** In-JVM ranks as threads ({@code LocalCluster}); one rank when it is the world. */
    LOCAL("local"),
    /** The system MPI library through the Foreign Function &amp; Memory API. */
    MPI_FFM("mpi-ffm"),
    /** The Open MPI Java bindings ({@code mpi.jar} + {@code libmpi_java.so}). */
    OMPI_JAVA("ompi-java"),
    /** NCCL collectives on device memory, over one of the others ({@code Communicators.nccl}); never a world. */
    NCCL("nccl");

    private final String printed;

    Backend(String printed) {
        this.printed = printed;
    }

    /** The short name: {@code local}, {@code mpi-ffm} or {@code ompi-java}. */
    @Override
    public String toString() {
        return printed;
    }

    /**
     * The backend a name stands for: its short name, its constant name, or an older alias
     * ({@code ffm} and {@code mpi} for {@link #MPI_FFM}, {@code ompijava} for {@link #OMPI_JAVA});
     * case and surrounding blanks are ignored.
     *
     * @param name the name, not null
     * @return the backend the name stands for
     * @throws IllegalArgumentException naming the value and the known names
     */
    public static Backend parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("backend: must not be null");
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "local" -> LOCAL;
            case "mpi-ffm", "ffm", "mpi" -> MPI_FFM;
            case "ompi-java", "ompijava" -> OMPI_JAVA;
            case "nccl" -> NCCL;
            default -> throw new IllegalArgumentException("backend: unknown backend '" + name
                    + "'; expected one of local, mpi-ffm, ompi-java, nccl");
        };
    }
}
