package org.jlops.mpi.comm.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Communicator;

/**
 * In-JVM ranks as threads: the embedded backend when no MPI launcher is present, and the fast
 * way to run a distributed computation over many rank counts inside one JVM (like Spark's
 * {@code local[N]}). It is not a distributed engine: scale-out is MPI.
 *
 * <pre>{@code
 * List<Double> sums = LocalCluster.call(4, comm -> comm.allreduce((double) comm.rank(), ReduceOp.SUM));
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>reductions are computed in rank order, so results are bit-identical run after run;</li>
 *   <li>an exception in any rank makes every other rank's pending or next collective or receive
 *       fail promptly with a {@link CollectiveException} whose cause is that exception, and
 *       {@link #run}/{@link #call} rethrow the <em>first</em> failure;</li>
 *   <li>a rank that returns while others wait for it in a collective makes them fail (no hang).</li>
 * </ul>
 */
public final class LocalCluster {

    /** A task run by every rank, with a result. */
    @FunctionalInterface
    public interface RankTask<T> {
        /**
         * Runs on one rank.
         *
         * @param comm this rank's communicator over all ranks of the cluster
         */
        T call(Communicator comm) throws Exception;
    }

    /** A task run by every rank, without a result. */
    @FunctionalInterface
    public interface RankBody {
        /**
         * Runs on one rank.
         *
         * @param comm this rank's communicator over all ranks of the cluster
         */
        void run(Communicator comm) throws Exception;
    }

    /** Thrown by {@link #run}/{@link #call} when a rank failed; the cause is the first failure. */
    public static final class RankFailedException extends CollectiveException {
        private static final long serialVersionUID = 1L;
        private final int rank;

        RankFailedException(int rank, Throwable cause) {
            super("rank " + rank + " failed: " + cause, cause);
            this.rank = rank;
        }

        /** The rank whose failure came first. */
        public int rank() {
            return rank;
        }
    }

    // ---- shared state of one cluster ----
    private final int worldSize;
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final boolean[] finished;
    private final List<LocalGroup> groups = new CopyOnWriteArrayList<>();

    private record Failure(int worldRank, Throwable cause) {
    }

    private LocalCluster(int worldSize) {
        this.worldSize = worldSize;
        this.finished = new boolean[worldSize];
    }

    /**
     * Runs {@code body} on {@code n} in-JVM ranks and waits for all of them.
     *
     * @param n    number of ranks, at least 1
     * @param body the per-rank program; receives that rank's communicator
     * @throws RankFailedException if any rank threw (the cause is the first failure)
     */
    public static void run(int n, RankBody body) {
        call(n, comm -> {
            body.run(comm);
            return null;
        });
    }

    /**
     * Runs {@code task} on {@code n} in-JVM ranks and returns each rank's result, by rank.
     *
     * @param n    number of ranks, at least 1
     * @param task the per-rank program
     * @return the results, index = rank (may contain nulls)
     * @throws RankFailedException if any rank threw (the cause is the first failure)
     */
    public static <T> List<T> call(int n, RankTask<T> task) {
        if (n < 1) {
            throw new IllegalArgumentException("n: number of ranks must be at least 1, got " + n);
        }
        LocalCluster cluster = new LocalCluster(n);
        int[] members = new int[n];
        Arrays.setAll(members, i -> i);
        LocalGroup world = cluster.newGroup(members);
        Object[] results = new Object[n];
        Thread[] threads = new Thread[n];
        for (int r = 0; r < n; r++) {
            final int rank = r;
            threads[r] = Thread.ofPlatform().name("jlops-rank-" + r).unstarted(() -> {
                try {
                    results[rank] = task.call(LocalCommunicator.world(world, rank));
                    cluster.markFinished(rank);
                } catch (Throwable t) {
                    cluster.fail(rank, t);
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    cluster.fail(-1, e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Failure f = cluster.failure.get();
        if (f != null) {
            throw new RankFailedException(f.worldRank(), f.cause());
        }
        List<T> out = new ArrayList<>(n);
        for (Object o : results) {
            @SuppressWarnings("unchecked")
            T t = (T) o;
            out.add(t);
        }
        return out;
    }

    /** A one-rank communicator (the default world when no MPI launcher is present). */
    public static Communicator self() {
        LocalCluster cluster = new LocalCluster(1);
        return LocalCommunicator.world(cluster.newGroup(new int[] {0}), 0);
    }

    LocalGroup newGroup(int[] worldRanks) {
        LocalGroup g = new LocalGroup(this, worldRanks);
        groups.add(g);
        return g;
    }

    void forget(LocalGroup g) {
        groups.remove(g);
    }

    private void fail(int worldRank, Throwable t) {
        failure.compareAndSet(null, new Failure(worldRank, t));
        wakeAll();
    }

    private void markFinished(int worldRank) {
        synchronized (finished) {
            finished[worldRank] = true;
        }
        wakeAll();
    }

    private void wakeAll() {
        for (LocalGroup g : groups) {
            g.wake();
        }
    }

    /**
     * Throws if the cluster failed, or if a rank that the waiter needs has returned: any member
     * of {@code g} for a collective ({@code peerWorldRank < 0}), else that peer.
     */
    void checkAlive(LocalGroup g, int waitingWorldRank, String what, int peerWorldRank) {
        Failure f = failure.get();
        if (f != null) {
            String who = f.worldRank() < 0 ? "the cluster was interrupted" : "rank " + f.worldRank() + " failed";
            throw new CollectiveException(what + " on rank " + waitingWorldRank + " aborted: " + who
                    + " (" + f.cause() + ")", f.cause());
        }
        synchronized (finished) {
            for (int w : g.worldRanks) {
                if (finished[w] && (peerWorldRank < 0 || w == peerWorldRank)) {
                    throw new CollectiveException(what + " on rank " + waitingWorldRank + " cannot complete: rank "
                            + w + " returned from its task without joining it");
                }
            }
        }
    }

    int worldSize() {
        return worldSize;
    }
}
