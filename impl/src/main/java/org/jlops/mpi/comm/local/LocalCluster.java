package org.jlops.mpi.comm.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jlops.mpi.comm.AbstractCommunicator;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.profile.RankLog;

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
 *   <li>a rank that returns while others wait for it in a collective makes them fail (no hang);</li>
 *   <li>with a time limit ({@link #call(int, Duration, RankTask)}), ranks still running at the
 *       deadline (a deadlock between ranks, say) make the call throw a
 *       {@link RankTimeoutException} naming them and where each one waits, instead of hanging; their
 *       pending and next collectives fail as after a failure, and the rank threads are daemons, so
 *       even a rank that never returns does not keep the JVM alive.</li>
 * </ul>
 */
public final class LocalCluster {

    /**
     * A task run by every rank, with a result.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface RankTask<T> {
        /**
         * Runs on one rank.
         *
         * @param comm this rank's communicator over all ranks of the cluster
         * @return this rank's result
         * @throws Exception anything the task throws: it fails the run
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
         * @throws Exception anything the body throws: it fails the run
         */
        void run(Communicator comm) throws Exception;
    }

    /** Thrown by {@link #run}/{@link #call} when a rank failed; the cause is the first failure. */
    public static final class RankFailedException extends CollectiveException {
        /** The serialisation version. */
        private static final long serialVersionUID = 1L;
        /** The rank whose failure came first. */
        private final int rank;

        RankFailedException(int rank, Throwable cause) {
            super("rank " + rank + " failed: " + cause, cause);
            this.rank = rank;
        }

        /**
         * The rank whose failure came first.
         *
         * @return the rank whose failure came first
         */
        public int rank() {
            return rank;
        }
    }

    /**
     * Thrown by {@link #call(int, Duration, RankTask)} when ranks were still running at the
     * deadline; the message names them and what each one was doing (e.g. {@code rank 1 in recv,
     * called from ...}).
     */
    public static final class RankTimeoutException extends CollectiveException {
        /** The serialisation version. */
        private static final long serialVersionUID = 1L;
        /** The ranks still running at the deadline. */
        private final int[] ranks;

        RankTimeoutException(String message, int[] ranks) {
            super(message, new TimeoutException(message));
            this.ranks = ranks.clone();
        }

        /**
         * The ranks that had not returned at the deadline, in increasing order.
         *
         * @return the ranks, ascending
         */
        public int[] ranks() {
            return ranks.clone();
        }
    }

    /** The failure's "rank" when the cluster was interrupted. */
    private static final int INTERRUPTED = -1;
    /** The failure's "rank" when the cluster ran past its time limit. */
    private static final int TIMED_OUT = -2;
    /** How long ranks may take to leave their waits once a timed-out cluster has failed. */
    private static final Duration GRACE = Duration.ofSeconds(2);

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
     * Runs {@code body} on {@code n} in-JVM ranks for at most {@code timeout}; see
     * {@link #call(int, Duration, RankTask)}.
     *
     * @param n       number of ranks, at least 1
     * @param timeout the time limit, positive; null for none
     * @param body    the per-rank program
     * @throws RankTimeoutException if ranks were still running at the deadline
     * @throws RankFailedException  if any rank threw (the cause is the first failure)
     */
    public static void run(int n, Duration timeout, RankBody body) {
        call(n, timeout, comm -> {
            body.run(comm);
            return null;
        });
    }

    /**
     * Runs {@code task} on {@code n} in-JVM ranks and returns each rank's result, by rank.
     *
     * @param n    number of ranks, at least 1
     * @param task the per-rank program
     * @param <T> the result type
     * @return the results, index = rank (may contain nulls)
     * @throws RankFailedException if any rank threw (the cause is the first failure)
     */
    public static <T> List<T> call(int n, RankTask<T> task) {
        return call(n, null, task);
    }

    /**
     * Runs {@code task} on {@code n} in-JVM ranks like {@link #call(int, RankTask)}, for at most
     * {@code timeout}: when ranks are still running at the deadline, the cluster fails (their
     * waits in collectives and receives end with a {@link CollectiveException}), they get a short
     * grace period to leave, the ones still running are interrupted and abandoned, and this call
     * throws. So a deadlock between ranks fails the caller, naming the ranks and where they wait,
     * rather than hanging it.
     *
     * @param n       number of ranks, at least 1
     * @param timeout the time limit, positive; null for none
     * @param task    the per-rank program
     * @param <T> the result type
     * @return the results, index = rank (may contain nulls)
     * @throws RankTimeoutException if ranks were still running at the deadline
     * @throws RankFailedException  if any rank threw (the cause is the first failure)
     */
    public static <T> List<T> call(int n, Duration timeout, RankTask<T> task) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout: must be positive, got " + timeout);
        }
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
            threads[r] = Thread.ofPlatform().name("jlops-rank-" + r).daemon(true).unstarted(() -> {
                RankLog.thread(rank, n);
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
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            // until the thread is seen to have ended, or the deadline has passed
            while (t.isAlive() && (timeout == null || deadline - System.nanoTime() > 0)) {
                try {
                    if (timeout == null) {
                        t.join();
                    } else {
                        t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    cluster.fail(INTERRUPTED, e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (timeout != null) {
            cluster.abandonStuck(threads, timeout);
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

    /**
     * A one-rank communicator (the default world when no MPI launcher is present).
     *
     * @return a one-rank communicator
     */
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

    /**
     * After the deadline: if ranks are still running, fails the cluster (ending their waits), lets
     * them leave for {@link #GRACE}, interrupts the rest and throws.
     */
    private void abandonStuck(Thread[] threads, Duration timeout) {
        List<Integer> stuck = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (int r = 0; r < threads.length; r++) {
            if (threads[r].isAlive()) {             // only past the deadline (see call)
                stuck.add(r);
                where.append(where.isEmpty() ? "" : "; ").append("rank ").append(r).append(' ')
                        .append(whereWaiting(threads[r].getStackTrace()));
            }
        }
        if (stuck.isEmpty()) {
            return;
        }
        String message = "ranks " + stuck + " of " + threads.length + " did not finish within " + timeout.toMillis()
                + " ms: " + where;
        fail(TIMED_OUT, new TimeoutException(message));
        long graceEnd = System.nanoTime() + GRACE.toNanos();
        for (int r : stuck) {
            try {
                long left = graceEnd - System.nanoTime();
                if (left > 0) {
                    threads[r].join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int r : stuck) {
            threads[r].interrupt();                 // a rank that ignores the failure is left behind (a daemon)
        }
        throw new RankTimeoutException(message, stuck.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Where a rank's thread is, from its stack: the in-JVM communicator's method it waits in and its
     * caller, or its top frame.
     */
    static String whereWaiting(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(LocalCommunicator.class.getName())) {
                String method = stack[i].getMethodName();
                String op = method.startsWith("do") && method.length() > 2
                        ? Character.toLowerCase(method.charAt(2)) + method.substring(3) : method;
                for (int j = i + 1; j < stack.length; j++) {
                    if (!isCommunicatorFrame(stack[j].getClassName())) {
                        return "in " + op + ", called from " + stack[j];
                    }
                }
                return "in " + op;
            }
        }
        return stack.length == 0 ? "(no stack)" : "at " + stack[0];
    }

    /** Whether a frame belongs to the communicator's implementation (not to its caller). */
    private static boolean isCommunicatorFrame(String className) {
        for (Class<?> c : new Class<?>[] {LocalCommunicator.class, LocalGroup.class, AbstractCommunicator.class,
            Communicator.class}) {
            if (className.equals(c.getName()) || className.startsWith(c.getName() + "$")) {
                return true;
            }
        }
        return false;
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
            String who = f.worldRank() == TIMED_OUT ? "the cluster ran past its time limit"
                    : f.worldRank() == INTERRUPTED ? "the cluster was interrupted" : "rank " + f.worldRank() + " failed";
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
