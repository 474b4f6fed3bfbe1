package org.jlops.mpi.comm;

import java.util.Locale;
import org.jlops.mpi.comm.ffm.FfmCommunicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.comm.ompijava.OmpiJavaCommunicator;

/**
 * Entry point to the communicators: {@link #world()} returns the communicator of all ranks of
 * this job.
 *
 * <p>Backend choice, in order:
 * <ol>
 *   <li>the system property {@value #BACKEND_PROPERTY} or the environment variable
 *       {@value #BACKEND_ENV}: {@code local}, {@code mpi-ffm} or {@code ompi-java};</li>
 *   <li>{@code mpi-ffm} when the process was started by an MPI launcher (Open MPI's
 *       {@code mpirun}, or MPICH's Hydra / any PMI launcher);</li>
 *   <li>otherwise a one-rank in-JVM communicator (use {@code LocalCluster.run(n, ...)} for
 *       several in-JVM ranks).</li>
 * </ol>
 * Asking for a backend whose native part is missing fails with an {@link IllegalStateException}
 * that says what is missing.
 *
 * <p>Large messages are cut into chunks of at most {@link #chunkElements()} elements (default
 * 2<sup>31</sup>&minus;1, the largest count MPI's {@code int} arguments take); the property
 * {@value #CHUNK_PROPERTY} lowers it, which the conformance suite uses to exercise chunking.
 */
public final class Communicators {

    /** System property selecting the backend. */
    public static final String BACKEND_PROPERTY = "jlops.comm.backend";
    /** Environment variable selecting the backend (the property wins). */
    public static final String BACKEND_ENV = "JLOPS_COMM_BACKEND";
    /** System property with the largest element count one MPI call may carry. */
    public static final String CHUNK_PROPERTY = "jlops.comm.chunkElements";

    private static Communicator world;

    private Communicators() {
    }

    /**
     * The communicator of every rank of this job (created on first call, then cached).
     *
     * @throws IllegalStateException if the requested backend cannot be loaded
     */
    public static synchronized Communicator world() {
        if (world == null) {
            world = create(requestedBackend());
        }
        return world;
    }

    /** The backend {@link #world()} uses: explicit choice, else detected from the launcher. */
    public static String requestedBackend() {
        String explicit = System.getProperty(BACKEND_PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(BACKEND_ENV);
        }
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim().toLowerCase(Locale.ROOT);
        }
        return launchedByMpi() ? "mpi-ffm" : "local";
    }

    /** Whether an MPI launcher (Open MPI, MPICH Hydra, PMI/PMIx) started this process. */
    public static boolean launchedByMpi() {
        return System.getenv("OMPI_COMM_WORLD_SIZE") != null
                || System.getenv("PMI_SIZE") != null
                || System.getenv("PMIX_RANK") != null
                || System.getenv("MPI_LOCALNRANKS") != null;
    }

    /** Largest element count a backend passes to one native call (see class doc). */
    public static long chunkElements() {
        String v = System.getProperty(CHUNK_PROPERTY);
        if (v == null || v.isBlank()) {
            return Integer.MAX_VALUE;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CHUNK_PROPERTY + " must be a positive integer, got '" + v + "'", e);
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(CHUNK_PROPERTY + " must be in [1, 2^31-1], got " + n);
        }
        return n;
    }

    private static Communicator create(String backend) {
        return switch (backend) {
            case "local" -> LocalCluster.self();
            case "mpi-ffm", "ffm", "mpi" -> FfmCommunicator.world();
            case "ompi-java", "ompijava" -> OmpiJavaCommunicator.world();
            default -> throw new IllegalArgumentException(BACKEND_PROPERTY + ": unknown backend '" + backend
                    + "'; expected one of local, mpi-ffm, ompi-java");
        };
    }
}
