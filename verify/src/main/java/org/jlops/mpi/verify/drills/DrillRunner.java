package org.jlops.mpi.verify.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.comm.local.LocalCluster;

/**
 * Runs {@link Drill}s and checks their verdict collectively, on every rank:
 *
 * <ol>
 *   <li>every rank stages the drill (the operands, the bad argument on the victim rank), snapshots
 *       its operands and makes the call, catching what it throws;</li>
 *   <li>an allreduce of 1 must give the rank count: the communicator still works;</li>
 *   <li>one allgather of every rank's outcome (threw an {@link IllegalArgumentException}, threw
 *       something else, or returned; the message or a trace of the result; whether an operand
 *       changed), from which every rank computes the same {@link Status}: {@link Status#REJECTED}
 *       when every rank threw the same {@code IllegalArgumentException}, whose message starts
 *       with the argument's name and names the bad rank (its {@code (reported by rank r)} or
 *       {@code rank r passed ...}), and no operand changed; {@link Status#ACCEPTED} when every rank
 *       returned, the results agree and no input changed; {@link Status#FAILED} otherwise.</li>
 * </ol>
 *
 * <p><b>Hangs.</b> In one JVM each case runs on a fresh {@link LocalCluster} with a time limit: a
 * case that does not end fails as {@link Status#HANG}, naming where the ranks wait, and the run goes
 * on. Under MPI each case runs on its own duplicate of the world ({@code split}), watched by the
 * process's {@link Watchdog}, which ends the job with {@code DRILL HANG <case>}.
 */
public final class DrillRunner {

    private static final int RETURNED = 0;
    private static final int REJECTED = 1;
    private static final int OTHER = 2;
    private static final int SETUP = 3;

    private final int np;
    private final Communicator world;
    private final Duration timeout;
    private final Watchdog watchdog;

    private DrillRunner(int np, Communicator world, Duration timeout, Watchdog watchdog) {
        if (np < 2) {
            throw new IllegalArgumentException("np: a drill needs at least 2 ranks (a bad argument on one of them), got "
                    + np);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, got " + timeout);
        }
        this.np = np;
        this.world = world;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    /**
     * Cases on in-JVM ranks, a fresh cluster of {@code np} ranks per case.
     *
     * @param np      the rank count, at least 2
     * @param timeout the time limit of one case
     * @return the runner
     */
    public static DrillRunner inJvm(int np, Duration timeout) {
        return new DrillRunner(np, null, timeout, null);
    }

    /**
     * Cases on {@code world} (under MPI: every rank runs the same drills in the same order), each on
     * its own duplicate of it and watched by {@code watchdog}.
     *
     * @param world    the communicator, at least 2 ranks
     * @param timeout  the time limit of one case
     * @param watchdog this process's watchdog
     * @return the runner
     */
    public static DrillRunner on(Communicator world, Duration timeout, Watchdog watchdog) {
        return new DrillRunner(world.size(), world, timeout, watchdog);
    }

    /** The rank count of the cases. */
    public int np() {
        return np;
    }

    /**
     * Runs one drill and returns its verdict. Collective over the world when the runner has one.
     *
     * @param drill the drill
     * @return the verdict, the same on every rank
     */
    public Result run(Drill drill) {
        if (world != null) {
            watchdog.arm(drill.name(), timeout);
            try {
                Communicator c = world.split(0, world.rank());
                try {
                    return onRank(drill, c);
                } finally {
                    c.close();
                }
            } finally {
                watchdog.disarm();
            }
        }
        long t0 = System.nanoTime();
        int bad = drill.victim().rank(np);
        try {
            return LocalCluster.call(np, timeout, comm -> onRank(drill, comm)).get(0);
        } catch (LocalCluster.RankTimeoutException e) {
            return new Result(drill, np, bad, Status.HANG, "no verdict within " + timeout.toMillis() / 1000.0 + " s: "
                    + e.getMessage(), (System.nanoTime() - t0) / 1e9);
        } catch (LocalCluster.RankFailedException e) {
            return new Result(drill, np, bad, Status.FAILED, "rank " + e.rank() + " failed outside the call: "
                    + e.getCause(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * One rank's part of a case: stage, call, verdict. Collective over {@code comm}. Public for tests
     * that run a drill on a communicator of their own.
     *
     * @param drill the drill
     * @param comm  the communicator of the case
     * @return the verdict, the same on every rank
     */
    public static Result onRank(Drill drill, Communicator comm) {
        long t0 = System.nanoTime();
        int bad = drill.victim().rank(comm.size());
        int kind;
        String text;
        int changedInput = -1;
        int changedOutput = -1;
        Scene scene = null;
        try {
            scene = drill.stage().stage(comm, bad);
            kind = RETURNED;
            text = "";
        } catch (RuntimeException e) {
            kind = SETUP;
            text = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (scene != null) {
            Traces.Snapshot inputs = new Traces.Snapshot(scene.inputs());
            Traces.Snapshot outputs = new Traces.Snapshot(scene.outputs());
            try {
                text = Traces.of(scene.call().run());
                kind = RETURNED;
            } catch (IllegalArgumentException e) {
                kind = REJECTED;
                text = String.valueOf(e.getMessage());
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                kind = OTHER;
                text = e.getClass().getName() + ": " + e.getMessage();
            }
            changedInput = inputs.firstChanged();
            changedOutput = outputs.firstChanged();
        }
        long alive = comm.allreduce(1L, ReduceOp.SUM);
        long[][] all = comm.allgatherv(encode(kind, changedInput, changedOutput, text));
        String[] problem = {null};
        Status status = verdict(drill, comm.size(), bad, alive, all, problem);
        return new Result(drill, comm.size(), bad, status, problem[0], (System.nanoTime() - t0) / 1e9);
    }

    /** The verdict from every rank's outcome; {@code detail[0]} receives the message, result or problem. */
    static Status verdict(Drill drill, int np, int bad, long alive, long[][] all, String[] detail) {
        int[] kinds = new int[np];
        String[] texts = new String[np];
        int[] changedIn = new int[np];
        int[] changedOut = new int[np];
        for (int r = 0; r < np; r++) {
            kinds[r] = (int) all[r][0];
            changedIn[r] = (int) all[r][1];
            changedOut[r] = (int) all[r][2];
            StringBuilder t = new StringBuilder();
            for (int i = 3; i < all[r].length; i++) {
                t.append((char) all[r][i]);
            }
            texts[r] = t.toString();
        }
        if (alive != np) {
            detail[0] = "the communicator no longer works: an allreduce of 1 over " + np + " ranks gave " + alive;
            return Status.FAILED;
        }
        for (int r = 0; r < np; r++) {
            if (kinds[r] == SETUP) {
                detail[0] = "staging failed on rank " + r + " (a bug of the drill, not of the method): " + texts[r];
                return Status.FAILED;
            }
        }
        for (int r = 0; r < np; r++) {
            if (kinds[r] == OTHER) {
                detail[0] = "rank " + r + " threw " + texts[r];
                return Status.FAILED;
            }
        }
        List<Integer> threw = new ArrayList<>();
        List<Integer> returned = new ArrayList<>();
        for (int r = 0; r < np; r++) {
            (kinds[r] == REJECTED ? threw : returned).add(r);
        }
        if (!threw.isEmpty() && !returned.isEmpty()) {
            detail[0] = "divergent: " + ranks(threw) + " threw IllegalArgumentException(\"" + texts[threw.get(0)]
                    + "\") but " + ranks(returned) + " returned";
            return Status.FAILED;
        }
        for (int r = 1; r < np; r++) {
            if (!texts[r].equals(texts[0])) {
                detail[0] = (threw.isEmpty() ? "results" : "messages") + " differ: rank 0 " + (threw.isEmpty()
                        ? "returned " : "threw \"") + texts[0] + (threw.isEmpty() ? "" : "\"") + ", rank " + r + " "
                        + (threw.isEmpty() ? "returned " : "threw \"") + texts[r] + (threw.isEmpty() ? "" : "\"");
                return Status.FAILED;
            }
        }
        for (int r = 0; r < np; r++) {
            if (changedIn[r] >= 0) {
                detail[0] = "input operand " + changedIn[r] + " changed on rank " + r + " (" + (threw.isEmpty()
                        ? "returned " : "threw \"") + texts[0] + (threw.isEmpty() ? "" : "\"") + ")";
                return Status.FAILED;
            }
            if (!threw.isEmpty() && changedOut[r] >= 0) {
                detail[0] = "output operand " + changedOut[r] + " changed on rank " + r + " although the call was"
                        + " rejected: \"" + texts[0] + "\"";
                return Status.FAILED;
            }
        }
        if (threw.isEmpty()) {
            detail[0] = "every rank returned " + texts[0];
            return Status.ACCEPTED;
        }
        String message = texts[0];
        if (!namesArgument(message, drill.argument())) {
            detail[0] = "the message does not start with the argument '" + drill.argument() + "': \"" + message + "\"";
            return Status.FAILED;
        }
        if (np > 1 && !Pattern.compile("\\brank " + bad + "\\b").matcher(message).find()) {
            detail[0] = "the message does not name the bad rank " + bad + ": \"" + message + "\"";
            return Status.FAILED;
        }
        detail[0] = message;
        return Status.REJECTED;
    }

    /** Whether {@code message} starts with {@code argument} as a word ({@code x:}, {@code x (its layout)}, {@code x[1]}). */
    static boolean namesArgument(String message, String argument) {
        if (!message.startsWith(argument)) {
            return false;
        }
        if (message.length() == argument.length()) {
            return true;
        }
        char next = message.charAt(argument.length());
        return next == ':' || next == ' ' || next == '[' || next == '(' || next == '/' || next == '.';
    }

    private static String ranks(List<Integer> ranks) {
        return (ranks.size() == 1 ? "rank " : "ranks ") + ranks.toString().replaceAll("[\\[\\]]", "");
    }

    private static long[] encode(int kind, int changedInput, int changedOutput, String text) {
        String t = text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
        long[] out = new long[3 + t.length()];
        out[0] = kind;
        out[1] = changedInput;
        out[2] = changedOutput;
        for (int i = 0; i < t.length(); i++) {
            out[3 + i] = t.charAt(i);
        }
        return out;
    }
}
