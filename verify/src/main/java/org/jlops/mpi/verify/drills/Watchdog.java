package org.jlops.mpi.verify.drills;

import java.io.PrintStream;
import java.time.Duration;
import org.jlops.mpi.comm.ExitGuard;

/**
 * The hang detector of the drills under mpirun, one per process: a daemon thread that, when the
 * case it watches has not ended by its deadline, prints {@code DRILL HANG <case>} on stdout and
 * stderr and ends the process at once with a non-zero status ({@link ExitGuard#exitNow}, C's
 * {@code _exit}), so that the launcher ends the whole job and its output names the case. A rank stuck
 * inside an MPI call cannot be woken, so ending the process is the only way out; {@code MPI_Finalize}
 * would wait for the other ranks, and {@link Runtime#halt} for a JVM safepoint, which a thread
 * waiting inside a critical MPI downcall holds off (seen: both ranks printed the line and lived on).
 */
public final class Watchdog {

    /** The exit status of a process ended by the watchdog. */
    public static final int HANG_STATUS = 3;

    private final int rank;
    private final PrintStream out;
    private volatile String watched;
    private volatile long deadline;
    private volatile long limitMillis;

    /**
     * Starts the watchdog of this process.
     *
     * @param rank this process's rank, for the message
     * @param out  where the message goes (besides stderr)
     */
    public Watchdog(int rank, PrintStream out) {
        this.rank = rank;
        this.out = out;
        Thread t = Thread.ofPlatform().name("jlops-drill-watchdog").daemon(true).unstarted(this::watch);
        t.start();
    }

    /**
     * Watches the case {@code name}, which must end within {@code limit}. Local.
     *
     * @param name  the case's name
     * @param limit its time limit
     */
    public void arm(String name, Duration limit) {
        limitMillis = limit.toMillis();
        deadline = System.nanoTime() + limit.toNanos();
        watched = name;
    }

    /** Stops watching (the case ended). Local. */
    public void disarm() {
        watched = null;
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            String name = watched;
            if (name != null && System.nanoTime() - deadline > 0 && name.equals(watched)) {
                String line = "DRILL HANG " + name + " (rank " + rank + ": no verdict within " + limitMillis / 1000.0
                        + " s; ending the job)";
                out.println(line);
                out.flush();
                System.err.println(line);
                System.err.flush();
                ExitGuard.exitNow(HANG_STATUS);
            }
        }
    }
}
