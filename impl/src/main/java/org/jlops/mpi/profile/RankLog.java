package org.jlops.mpi.profile;

import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The library's loggers: {@link System.Logger}s named after the class that logs
 * ({@code org.jlops.mpi.…}), whose messages start with this rank's tag ({@code [rank 1/4] }), so
 * that the interleaved output of an MPI job says which process wrote each line. The backend is
 * whatever {@link System.LoggerFinder} the application installs ({@code java.util.logging} when
 * none); configure levels there (e.g. {@code org.jlops.mpi.level = FINE} in a
 * {@code logging.properties}). The library logs what it chose (backend, MPI library, BLAS) at
 * {@code DEBUG} and what it wrote at {@code INFO}. The last words of a failing MPI process (an
 * uncaught exception, {@code MPI_Finalize} not returning) go to {@code stderr} directly instead:
 * {@code java.util.logging} may already be shut down when they are written.
 */
public final class RankLog {

    private static volatile String processTag = "";
    private static final ThreadLocal<String> THREAD_TAG = new ThreadLocal<>();

    private RankLog() {
    }

    /**
     * The logger of {@code type}, tagged with the rank of the calling thread or process. Local.
     *
     * @param type the class that logs
     * @return the logger
     */
    public static System.Logger of(Class<?> type) {
        return tagged(System.getLogger(type.getName()), RankLog::tag);
    }

    /**
     * Tags every message of {@code delegate} with {@code tag}'s value at the time of the call.
     *
     * @param delegate the logger that writes
     * @param tag      the prefix of each message
     * @return the tagged logger
     */
    public static System.Logger tagged(System.Logger delegate, Supplier<String> tag) {
        return new System.Logger() {
            @Override
            public String getName() {
                return delegate.getName();
            }

            @Override
            public boolean isLoggable(Level level) {
                return delegate.isLoggable(level);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                if (delegate.isLoggable(level)) {
                    delegate.log(level, bundle, tag.get() + msg, thrown);
                }
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                if (delegate.isLoggable(level)) {
                    delegate.log(level, bundle, tag.get() + format, params);
                }
            }
        };
    }

    /**
     * Sets this process's tag: under MPI a rank is a process. Local.
     *
     * @param rank its rank
     * @param size the ranks of the world
     */
    public static void process(int rank, int size) {
        processTag = "[rank " + rank + "/" + size + "] ";
    }

    /**
     * Sets the calling thread's tag, which wins over the process's: in the in-JVM backend a rank is
     * a thread. Local.
     *
     * @param rank its rank
     * @param size the ranks of its cluster
     */
    public static void thread(int rank, int size) {
        THREAD_TAG.set("[local rank " + rank + "/" + size + "] ");
    }

    /**
     * The tag of the calling thread: its own, else the process's ({@code ""} before either is set).
     *
     * @return the tag of the calling thread: its own, else the process's ({@code ""} before either is set)
     */
    public static String tag() {
        String t = THREAD_TAG.get();
        return t != null ? t : processTag;
    }
}
