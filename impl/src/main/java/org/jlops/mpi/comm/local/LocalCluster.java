package org.jlops.mpi.comm.local;

import java.util.List;
import org.jlops.mpi.comm.Communicator;

/** In-JVM ranks as threads (API placeholder; implementation being written). */
public final class LocalCluster {
    private LocalCluster() {
    }

    /** A task run by every rank. */
    @FunctionalInterface
    public interface RankTask<T> {
        /** Runs on one rank. */
        T call(Communicator comm) throws Exception;
    }

    /** A task run by every rank, without a result. */
    @FunctionalInterface
    public interface RankBody {
        /** Runs on one rank. */
        void run(Communicator comm) throws Exception;
    }

    /** Runs {@code body} on {@code n} in-JVM ranks and waits for all of them. */
    public static void run(int n, RankBody body) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Runs {@code task} on {@code n} in-JVM ranks; returns each rank's result by rank. */
    public static <T> List<T> call(int n, RankTask<T> task) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A one-rank communicator. */
    public static Communicator self() {
        throw new UnsupportedOperationException("not yet");
    }
}
