package org.jlops.mpi.comm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.ffm.FfmCommunicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.comm.nccl.NcclCommunicator;
import org.jlops.mpi.comm.nccl.StagingCommunicator;
import org.jlops.mpi.comm.ompijava.OmpiJavaCommunicator;
import org.jlops.mpi.profile.LogView;
import org.jlops.mpi.profile.RankLog;

/**
 * Entry point to the communicators: {@link #world()} returns the communicator of all ranks of
 * this job, {@link #world(Backend)} the one of a named backend.
 *
 * <p>Backend choice of {@link #world()}, in order:
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
 * {@value #CHUNK_PROPERTY} lowers it, which the conformance suite uses to exercise chunking. It
 * is read here once, when the world communicator is created, and handed to the backend.
 */
public final class Communicators {

    /** System property selecting the backend. */
    public static final String BACKEND_PROPERTY = "jlops.comm.backend";
    /** Environment variable selecting the backend (the property wins). */
    public static final String BACKEND_ENV = "JLOPS_COMM_BACKEND";
    /** System property with the largest element count one MPI call may carry. */
    public static final String CHUNK_PROPERTY = "jlops.comm.chunkElements";

    private static final System.Logger LOG = RankLog.of(Communicators.class);

    private static Communicator world;
    private static Backend worldBackend;

    private Communicators() {
    }

    /**
     * The communicator of every rank of this job on the backend {@link #requestedBackend()}
     * names (created on first call, then cached: later calls return it whatever the property
     * says then).
     *
     * @return the world communicator
     * @throws IllegalStateException if the requested backend cannot be loaded
     */
    public static synchronized Communicator world() {
        if (world == null) {
            return world(requestedBackend());
        }
        return world;
    }

    /**
     * The communicator of every rank of this job on {@code backend} (created on first call, then
     * cached): {@link Backend#LOCAL} gives a one-rank in-JVM communicator. One process has one
     * world, so asking for another backend afterwards fails.
     *
     * @param backend the backend, not null
     * @return the world communicator on {@code backend}
     * @throws IllegalArgumentException if {@code backend} is null, or {@value #CHUNK_PROPERTY}
     *                                  is not an integer in [1, 2<sup>31</sup>&minus;1]
     * @throws IllegalStateException    if the backend cannot be loaded (the message says what is
     *                                  missing), or the world of this process is on another backend
     */
    public static synchronized Communicator world(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend: must not be null");
        }
        if (world != null) {
            if (worldBackend != backend) {
                throw new IllegalStateException("backend: this process's world communicator is " + worldBackend
                        + "; it cannot also have a world on " + backend);
            }
            return world;
        }
        Communicator created = switch (backend) {
            case LOCAL -> LocalCluster.self();
            case MPI_FFM -> FfmCommunicator.world(chunkElements());
            case OMPI_JAVA -> OmpiJavaCommunicator.world(chunkElements());
            case NCCL -> throw new IllegalArgumentException("backend: nccl is not a world backend: build it over "
                    + "one with Communicators.nccl(Communicators.world())");
        };
        world = created;
        worldBackend = backend;
        if (backend != Backend.LOCAL) {
            RankLog.process(created.rank(), created.size());
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "world: backend " + backend + ", rank " + created.rank() + " of "
                + created.size());
        if (LogView.enabled() && backend != Backend.LOCAL) {
            ExitGuard.beforeFinalize = () -> printLogViewAtExit(created);
        }
        return created;
    }

    /**
     * The log view of every rank of {@code comm} ({@link LogView}): each rank's record (this thread's
     * on the in-JVM backend, where a rank is a thread; this process's on the MPI backends) is
     * gathered, and every rank returns the same report. Collective (one allgather of the records'
     * lengths, one of the records); the exchange itself is not in the report.
     *
     * @param comm the ranks, not null
     * @return the report, the same on every rank
     * @throws IllegalArgumentException if {@code comm} is null
     */
    public static LogView.Report logView(Communicator comm) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        String mine = Backend.LOCAL.toString().equals(comm.backend()) ? LogView.localRecord() : LogView.processRecord();
        byte[] bytes = mine.getBytes(StandardCharsets.UTF_8);
        long[] packed = new long[1 + (bytes.length + 7) / 8];
        packed[0] = bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            packed[1 + i / 8] |= (bytes[i] & 0xFFL) << (8 * (i % 8));
        }
        long[][] all = LogView.unrecorded(() -> comm.allgatherv(packed));   // not part of the run
        List<String> records = new ArrayList<>(all.length);
        for (long[] p : all) {
            byte[] b = new byte[(int) p[0]];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (p[1 + i / 8] >>> (8 * (i % 8)));
            }
            records.add(new String(b, StandardCharsets.UTF_8));
        }
        return LogView.Report.of(comm.backend(), records);
    }

    /** At the end of an MPI run with the log view on: the report on rank 0's stdout, and the CSV. */
    private static void printLogViewAtExit(Communicator world) {
        LogView.Report report = logView(world);
        if (world.rank() == 0) {
            System.out.print(report.format());
            System.out.flush();
            String csv = System.getProperty(LogView.CSV_PROPERTY);
            if (csv != null && !csv.isBlank()) {
                report.writeCsv(Path.of(csv));
                LOG.log(System.Logger.Level.INFO, () -> "log view: wrote " + csv);
            }
        }
    }

    /**
     * The backend {@link #world()} uses: the system property {@value #BACKEND_PROPERTY}, else the
     * environment variable {@value #BACKEND_ENV}, else {@link Backend#MPI_FFM} under an MPI
     * launcher and {@link Backend#LOCAL} without one.
     *
     * @return the requested backend
     * @throws IllegalArgumentException naming the property or variable when its value is not a backend
     */
    public static Backend requestedBackend() {
        String source = BACKEND_PROPERTY;
        String explicit = System.getProperty(BACKEND_PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            source = BACKEND_ENV;
            explicit = System.getenv(BACKEND_ENV);
        }
        if (explicit != null && !explicit.isBlank()) {
            try {
                return Backend.parse(explicit);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": unknown backend '" + explicit
                        + "'; expected one of local, mpi-ffm, ompi-java", e);
            }
        }
        return launchedByMpi() ? Backend.MPI_FFM : Backend.LOCAL;
    }

    /**
     * Whether an MPI launcher (Open MPI, MPICH Hydra, PMI/PMIx) started this process.
     *
     * @return whether an MPI launcher (Open MPI, MPICH Hydra, PMI/PMIx) started this process
     */
    public static boolean launchedByMpi() {
        return Launcher.detected(System.getenv());
    }

    /**
     * The largest element count a backend passes to one native call: the value of
     * {@value #CHUNK_PROPERTY}, or 2<sup>31</sup>&minus;1 when it is unset (see class doc).
     *
     * @return the largest element count of one native call
     * @throws IllegalArgumentException naming the property when its value is not an integer in
     *                                  [1, 2<sup>31</sup>&minus;1]
     */
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

    /**
     * The NCCL communicator of {@code base}'s ranks: collectives on device memory through NCCL
     * (one GPU per rank, GPU {@code rank % deviceCount}), calls on host memory through
     * {@code base}. Collective over {@code base}: rank 0 makes NCCL's unique id and broadcasts it.
     *
     * @param base the plain communicator (MPI or in-JVM)
     * @return the NCCL communicator
     * @throws IllegalStateException naming what is missing: a CUDA library, the driver, a device
     */
    public static Communicator nccl(Communicator base) {
        return NcclCommunicator.over(base);
    }

    /**
     * Device memory over a plain communicator: calls on device buffers staged through page-locked
     * host buffers, calls on host memory unchanged. For ranks that share a GPU (NCCL needs one
     * per rank). Local.
     *
     * @param base the plain communicator
     * @return the staging communicator
     * @throws IllegalStateException naming the CUDA library that is missing
     */
    public static Communicator staging(Communicator base) {
        return StagingCommunicator.over(base);
    }
}
