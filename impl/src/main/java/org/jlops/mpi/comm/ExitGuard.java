package org.jlops.mpi.comm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The end of an MPI process, for the MPI backends: {@code MPI_Finalize} at JVM exit, bounded in
 * time and never concurrent with another MPI call; SIGTERM and SIGINT ending the process at once.
 *
 * <p>A backend calls {@link #enter(String)} before and {@link #leave()} after every MPI call, and
 * {@link #install(String)} once MPI is initialised. At JVM exit (the end of {@code main} or
 * {@code System.exit}) the shutdown hook then:
 * <ul>
 *   <li>when a thread is inside an MPI call ({@code System.exit} on another thread): ends this
 *       process at once with status {@value #EXIT_STATUS}, without {@code MPI_Finalize}, which
 *       would run concurrently with that call and crash the JVM; the launcher then ends the other
 *       ranks;</li>
 *   <li>otherwise: runs {@code MPI_Finalize} on a helper thread and waits for it at most
 *       {@value #FINALIZE_TIMEOUT_PROPERTY} seconds (default {@value #DEFAULT_FINALIZE_TIMEOUT_S}).
 *       {@code MPI_Finalize} waits for every rank; when one rank exits while the others wait for
 *       it in a collective it never joins, they would wait forever. Past the bound this process
 *       ends with status {@value #EXIT_STATUS}, and the launcher ends the job.</li>
 * </ul>
 * Ranks that legitimately reach their end more than the bound apart (rank 0 writing a large file
 * while the others have finished) must raise the bound, or meet in a barrier as the last thing
 * each rank does. Ending "at once" is C's {@code _exit}: it needs no safepoint of the JVM.
 *
 * <p><b>Signals.</b> {@link #install(String)} makes SIGTERM and SIGINT end the process at once,
 * with the signal's number as exit status (15, 2; C's {@code _exit} is their handler), unless they
 * are ignored or {@value #SIGNALS_PROPERTY}{@code =jvm}: no JVM code runs, as for a C MPI program,
 * and the launcher ends the job with a non-zero status. (When SIGINT reaches MPICH's
 * {@code mpiexec} alone, it forwards it and may report 0 whatever the processes return, as it does
 * for a C program.) The JVM's own handling runs
 * Java code (the shutdown hooks), which cannot happen while a thread waits inside an MPI call made
 * as a critical downcall (heap buffers): that thread holds off every JVM safepoint, and the signal
 * would be ignored until the launcher kills the process. Under the MPI backends shutdown hooks
 * therefore do not run on these signals; with {@code -D}{@value #SIGNALS_PROPERTY}{@code =jvm}
 * they do, and a signal that arrives while a thread is inside an MPI call ends the process as
 * {@code System.exit} on another thread does (above).
 *
 * <p>Once the hook has begun, {@link #enter(String)} refuses new MPI calls with
 * {@link IllegalStateException}. One exception: with the log view on ({@code -Djlops.logView=true}),
 * the helper thread first gathers the ranks' log view and rank 0 prints it (one allgather on the
 * world communicator), within the same time bound, and only then refuses new calls and finalises.
 */
public final class ExitGuard {

    /**
     * System property: seconds {@code MPI_Finalize} may take at JVM exit before the process ends
     * without it (a decimal number; 0 waits as long as it takes).
     */
    public static final String FINALIZE_TIMEOUT_PROPERTY = "jlops.mpi.finalizeTimeout";
    /** The default of {@value #FINALIZE_TIMEOUT_PROPERTY}, in seconds. */
    public static final double DEFAULT_FINALIZE_TIMEOUT_S = 5;
    /**
     * System property: {@code default} (the default) makes SIGTERM and SIGINT end the process at
     * once with the signal's number as status; {@code jvm} keeps the JVM's handling (shutdown hooks run).
     */
    public static final String SIGNALS_PROPERTY = "jlops.mpi.signals";
    /** Exit status of a process this guard ends. */
    public static final int EXIT_STATUS = 1;

    /** C's {@code _exit}, also installed as the handler of SIGTERM and SIGINT. */
    private static final MemorySegment EXIT_ADDRESS = Linker.nativeLinker().defaultLookup().find("_exit")
            .orElse(MemorySegment.NULL);
    private static final MethodHandle EXIT = libc("_exit", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
    private static final MethodHandle SIGNAL = libc("signal",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    /** Signal numbers (the same on Linux and macOS). */
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    /** {@code SIG_IGN} of C's {@code signal}. */
    private static final long SIG_IGN = 1;

    private final Runnable finalizer;
    private final long timeoutMillis;
    /**
     * Run at exit before {@code MPI_Finalize}, on the bounded helper thread, when no MPI call is in
     * flight (the log view's report, set by {@code Communicators}); null for none.
     */
    static volatile Runnable beforeFinalize;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean ending = new AtomicBoolean();
    private volatile boolean closing;
    /** How messages name this process, set by {@link #install(String)}. */
    private String who = "[jlops-mpi]";
    /** The MPI function last entered (for messages only, hence not volatile). */
    private String current = "an MPI call";

    /**
     * A guard for one MPI library; {@link #install(String)} arms it.
     *
     * @param finalizer     calls {@code MPI_Finalize}
     * @param timeoutMillis how long the finalizer may take at exit; 0 or less: unbounded
     */
    public ExitGuard(Runnable finalizer, long timeoutMillis) {
        if (finalizer == null) {
            throw new IllegalArgumentException("finalizer: must not be null");
        }
        this.finalizer = finalizer;
        this.timeoutMillis = Math.max(0, timeoutMillis);
    }

    /**
     * The bound of {@value #FINALIZE_TIMEOUT_PROPERTY} in milliseconds.
     *
     * @param value the property's value; null or blank gives the default
     * @return the bound of {@value #FINALIZE_TIMEOUT_PROPERTY} in milliseconds
     * @throws IllegalArgumentException naming the property when the value is not a number &ge; 0
     */
    public static long finalizeTimeoutMillis(String value) {
        if (value == null || value.isBlank()) {
            return Math.round(DEFAULT_FINALIZE_TIMEOUT_S * 1000);
        }
        double s;
        try {
            s = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FINALIZE_TIMEOUT_PROPERTY + " must be a number of seconds, got '"
                    + value + "'", e);
        }
        if (!(s >= 0) || s > 1e6) {
            throw new IllegalArgumentException(FINALIZE_TIMEOUT_PROPERTY + " must be in [0, 1e6] seconds (0: no bound),"
                    + " got " + value);
        }
        return Math.round(s * 1000);
    }

    /**
     * Registers the shutdown hook; call once, after MPI is initialised.
     *
     * @param name how messages name this process, e.g. {@code "[jlops-mpi] rank 1 of 3"}
     */
    public void install(String name) {
        this.who = name;
        boolean jvmSignals = jvmSignals(System.getProperty(SIGNALS_PROPERTY));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("jlops-mpi-exit").unstarted(this::atExit));
        if (!jvmSignals) {
            exitOn(SIGTERM);
            exitOn(SIGINT);
        }
    }

    /**
     * Whether {@value #SIGNALS_PROPERTY} keeps the JVM's handling of SIGTERM and SIGINT.
     *
     * @param value the property's value; null or blank is {@code default}
     * @return whether {@value #SIGNALS_PROPERTY} keeps the JVM's handling of SIGTERM and SIGINT
     * @throws IllegalArgumentException naming the property for a value other than default or jvm
     */
    public static boolean jvmSignals(String value) {
        if (value == null || value.isBlank() || value.trim().equals("default")) {
            return false;
        }
        if (value.trim().equals("jvm")) {
            return true;
        }
        throw new IllegalArgumentException(SIGNALS_PROPERTY + " must be default or jvm, got '" + value + "'");
    }

    /**
     * Makes {@code signal} end the process at once with its number as exit status: C's
     * {@code _exit} is the handler (async-signal-safe, and it takes the signal's number as its
     * status), unless the signal is ignored (nohup, a background shell job).
     */
    private static void exitOn(int signal) {
        if (SIGNAL == null || EXIT_ADDRESS.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            MemorySegment previous = (MemorySegment) SIGNAL.invokeExact(signal, EXIT_ADDRESS);
            if (previous.address() == SIG_IGN) {
                MemorySegment ours = (MemorySegment) SIGNAL.invokeExact(signal, MemorySegment.ofAddress(SIG_IGN));
            }
        } catch (Throwable e) {
            // the JVM's handling stays; the shutdown hook covers what it can
        }
    }

    /**
     * Counts an MPI call as in flight; pair with {@link #leave()} in a {@code finally}.
     *
     * @param call the MPI function, for messages
     * @throws IllegalStateException when the JVM is shutting down (MPI is, or is being, finalised)
     */
    public void enter(String call) {
        inFlight.incrementAndGet();
        if (closing) {
            inFlight.decrementAndGet();
            throw new IllegalStateException("communicator: MPI was finalised (the JVM is shutting down)");
        }
        current = call;
    }

    /** Ends what {@link #enter(String)} began. */
    public void leave() {
        inFlight.decrementAndGet();
    }

    /**
     * Whether the JVM is shutting down (MPI is, or is being, finalised): no MPI call may follow.
     *
     * @return whether the JVM is shutting down (MPI is, or is being, finalised): no MPI call may follow
     */
    public boolean closing() {
        return closing;
    }

    /**
     * Claims the end of this process for an abort (the caller then calls {@code MPI_Abort}); the
     * shutdown hook does nothing afterwards.
     *
     * @return false when the hook or another abort already claimed it
     */
    public boolean claimForAbort() {
        closing = true;
        return ending.compareAndSet(false, true);
    }

    private void atExit() {
        if (!ending.compareAndSet(false, true)) {
            return; // an abort is under way
        }
        Runnable last = beforeFinalize;
        closing = last == null;                // with last words, new calls are refused after them
        if (inFlight.get() > 0) {
            closing = true;
            report(who + ": the JVM is shutting down (a signal, or System.exit on another thread) while a thread"
                    + " is inside " + current + "; ending this process without MPI_Finalize, which must not run"
                    + " concurrently with another MPI call");
            exitNow(EXIT_STATUS);
        }
        Runnable end = last == null ? finalizer : () -> {
            try {
                last.run();
            } catch (RuntimeException | Error e) {
                report(who + ": at exit: " + e);
            }
            closing = true;
            finalizer.run();
        };
        if (timeoutMillis == 0) {
            end.run();
            return;
        }
        Thread t = Thread.ofPlatform().daemon().name("jlops-mpi-finalize").start(end);
        try {
            t.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            report(who + ": MPI_Finalize did not return within " + timeoutMillis / 1000.0 + " s: another rank has not"
                    + " reached its end (it waits in a call this rank left, e.g. after System.exit on one rank, or"
                    + " still works; -D" + FINALIZE_TIMEOUT_PROPERTY + "=SECONDS waits longer); ending this process"
                    + " with status " + EXIT_STATUS + ", and the launcher the job");
            exitNow(EXIT_STATUS);
        }
    }

    private static void report(String message) {
        System.out.flush();
        System.err.println(message);
        System.err.flush();
    }

    /**
     * Ends this process now with {@code status} (C's {@code _exit}): no shutdown hooks, no
     * finalisation, and no wait for a JVM safepoint. Falls back to {@link Runtime#halt} when
     * native access is not allowed. Never returns.
     *
     * @param status the exit status
     */
    public static void exitNow(int status) {
        System.out.flush();
        System.err.flush();
        if (EXIT != null) {
            try {
                EXIT.invokeExact(status);
            } catch (Throwable ignored) {
                // halt below
            }
        }
        Runtime.getRuntime().halt(status);
    }

    @SuppressWarnings("restricted") // the JVM needs --enable-native-access, as every MPI backend does
    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, descriptor))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null; // native access refused: Runtime.halt instead of _exit, the JVM's signal handling stays
        }
    }
}
