package org.jlops.mpi.comm.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.ExitGuard;
import org.jlops.mpi.comm.Launcher;
import org.jlops.mpi.profile.RankLog;

/**
 * The loaded MPI library of this process: its {@link MpiAbi}, one downcall handle per MPI function
 * the backend uses, and the life cycle ({@code MPI_Init_thread} once, {@code MPI_Finalize} once at
 * JVM exit through an {@link ExitGuard}, {@code MPI_Abort} on an uncaught exception). After
 * {@code MPI_Init_thread}, {@code MPI_Comm_size} is compared with the process count the launcher
 * put in the environment ({@link Launcher}): a library that is not the launcher's fails there.
 *
 * <p>Every wrapper below calls and checks: a return code other than {@code MPI_SUCCESS} becomes a
 * {@link CollectiveException} carrying {@code MPI_Error_string}'s text (the world communicator is
 * switched to {@code MPI_ERRORS_RETURN} at start-up, so errors come back instead of killing the
 * job; sub-communicators inherit that handler). Handles are passed as {@code long} whatever the
 * ABI (see {@link MpiAbi}).
 *
 * <p>The calls that move data exist twice: a <em>critical</em> downcall
 * ({@code Linker.Option.critical(true)}), which accepts heap segments and hands MPI the array's
 * own memory without a copy, used when any buffer is on the heap; and a plain downcall, used when
 * every buffer is off-heap, which lets the garbage collector run while this thread waits in MPI.
 * The life-cycle and communicator-management calls are plain.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM needs --enable-native-access
final class MpiLibrary {

    private static MpiLibrary instance;

    /** The MPI family of the loaded library. */
    final MpiAbi abi;
    /** The loaded library. */
    final NativeLibrary library;
    /** Rank of this process in {@code MPI_COMM_WORLD}. */
    final int worldRank;
    /** Size of {@code MPI_COMM_WORLD}. */
    final int worldSize;
    /** Largest tag point-to-point calls accept ({@code MPI_TAG_UB}). */
    final int tagUpperBound;

    private final boolean ownsInit;
    /** Counts the MPI calls in flight and finalises MPI at JVM exit (bounded, never during a call). */
    private final ExitGuard guard;

    private final MethodHandle initializedCall;
    private final MethodHandle initThreadCall;
    private final MethodHandle finalizeCall;
    private final MethodHandle abortCall;
    private final MethodHandle errorStringCall;
    private final MethodHandle setErrhandlerCall;
    private final MethodHandle commGetAttrCall;
    private final MethodHandle commRankCall;
    private final MethodHandle commSizeCall;
    private final MethodHandle commSplitCall;
    private final MethodHandle commFreeCall;
    private final MethodHandle barrierCall;
    private final MethodHandle getCountCall;
    // Data-moving calls: [0] plain (off-heap buffers only), [1] critical (heap buffers allowed).
    private final MethodHandle[] allreduceCall;
    private final MethodHandle[] allgatherCall;
    private final MethodHandle[] allgathervCall;
    private final MethodHandle[] bcastCall;
    private final MethodHandle[] sendCall;
    private final MethodHandle[] recvCall;
    private final MethodHandle[] sendrecvCall;
    private final MethodHandle[] alltoallvCall;

    /** Kinds of C arguments of the MPI functions bound here. */
    private enum Arg {
        INT, PTR, HANDLE
    }

    private MpiLibrary(MpiAbi abi, NativeLibrary library) {
        this.abi = abi;
        this.library = library;
        this.guard = new ExitGuard(this::finalizeNow,
                ExitGuard.finalizeTimeoutMillis(System.getProperty(ExitGuard.FINALIZE_TIMEOUT_PROPERTY)));
        initializedCall = bind("MPI_Initialized", false, Arg.PTR);
        initThreadCall = bind("MPI_Init_thread", false, Arg.PTR, Arg.PTR, Arg.INT, Arg.PTR);
        finalizeCall = bind("MPI_Finalize", false);
        abortCall = bind("MPI_Abort", false, Arg.HANDLE, Arg.INT);
        errorStringCall = bind("MPI_Error_string", false, Arg.INT, Arg.PTR, Arg.PTR);
        setErrhandlerCall = bind("MPI_Comm_set_errhandler", false, Arg.HANDLE, Arg.HANDLE);
        commGetAttrCall = bind("MPI_Comm_get_attr", false, Arg.HANDLE, Arg.INT, Arg.PTR, Arg.PTR);
        commRankCall = bind("MPI_Comm_rank", false, Arg.HANDLE, Arg.PTR);
        commSizeCall = bind("MPI_Comm_size", false, Arg.HANDLE, Arg.PTR);
        commSplitCall = bind("MPI_Comm_split", false, Arg.HANDLE, Arg.INT, Arg.INT, Arg.PTR);
        commFreeCall = bind("MPI_Comm_free", false, Arg.PTR);
        barrierCall = bind("MPI_Barrier", false, Arg.HANDLE);
        getCountCall = bind("MPI_Get_count", false, Arg.PTR, Arg.HANDLE, Arg.PTR);
        allreduceCall = bindBoth("MPI_Allreduce", Arg.PTR, Arg.PTR, Arg.INT, Arg.HANDLE, Arg.HANDLE, Arg.HANDLE);
        allgatherCall = bindBoth("MPI_Allgather",
                Arg.PTR, Arg.INT, Arg.HANDLE, Arg.PTR, Arg.INT, Arg.HANDLE, Arg.HANDLE);
        allgathervCall = bindBoth("MPI_Allgatherv",
                Arg.PTR, Arg.INT, Arg.HANDLE, Arg.PTR, Arg.PTR, Arg.PTR, Arg.HANDLE, Arg.HANDLE);
        bcastCall = bindBoth("MPI_Bcast", Arg.PTR, Arg.INT, Arg.HANDLE, Arg.INT, Arg.HANDLE);
        sendCall = bindBoth("MPI_Send", Arg.PTR, Arg.INT, Arg.HANDLE, Arg.INT, Arg.INT, Arg.HANDLE);
        recvCall = bindBoth("MPI_Recv", Arg.PTR, Arg.INT, Arg.HANDLE, Arg.INT, Arg.INT, Arg.HANDLE, Arg.PTR);
        sendrecvCall = bindBoth("MPI_Sendrecv", Arg.PTR, Arg.INT, Arg.HANDLE, Arg.INT, Arg.INT,
                Arg.PTR, Arg.INT, Arg.HANDLE, Arg.INT, Arg.INT, Arg.HANDLE, Arg.PTR);
        alltoallvCall = bindBoth("MPI_Alltoallv", Arg.PTR, Arg.PTR, Arg.PTR, Arg.HANDLE,
                Arg.PTR, Arg.PTR, Arg.PTR, Arg.HANDLE, Arg.HANDLE);

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
            check(call(initializedCall, flag), "MPI_Initialized");
            ownsInit = flag.get(ValueLayout.JAVA_INT, 0) == 0;
            if (ownsInit) {
                MemorySegment provided = arena.allocate(ValueLayout.JAVA_INT);
                int level = MpiAbi.threadLevel(System.getProperty(MpiAbi.THREAD_LEVEL_PROPERTY));
                check(call(initThreadCall, MemorySegment.NULL, MemorySegment.NULL, level, provided),
                        "MPI_Init_thread");
            }
            check(call(setErrhandlerCall, abi.commWorld(), abi.errorsReturn()), "MPI_Comm_set_errhandler");
            worldRank = commRank(abi.commWorld());
            worldSize = commSize(abi.commWorld());
            tagUpperBound = queryTagUpperBound(arena);
        }
    }

    /**
     * Fails when the launcher started another number of processes than MPI sees (the library is
     * not the launcher's), after finalising the MPI this process initialised alone; else installs
     * the exit handling.
     *
     * @param env       the environment, not modified
     * @param requested the family {@value MpiAbi#ABI_PROPERTY} asked for, or empty
     * @param explicit  the value of {@value MpiAbi#LIBRARY_PROPERTY}, or null
     */
    private void checkLauncherAndInstall(Map<String, String> env, Optional<String> requested, String explicit) {
        String chosen = explicit != null && !explicit.isBlank() ? "named by -D" + MpiAbi.LIBRARY_PROPERTY + "=" + explicit
                : requested.map(f -> "forced by -D" + MpiAbi.ABI_PROPERTY + "=" + f)
                        .orElse("found for the launcher's environment");
        String launcherFamily = MpiAbi.detect(env).orElse("unknown");
        String own = abi.name().equals(MpiAbi.OPENMPI) ? "Open MPI's mpirun" : "MPICH's mpiexec.hydra";
        String fix = "Launch it with " + own + ", or " + (explicit != null && !explicit.isBlank()
                ? "point -D" + MpiAbi.LIBRARY_PROPERTY + " at the launcher's MPI library"
                : requested.isPresent() ? "drop -D" + MpiAbi.ABI_PROPERTY + " (or set it to " + launcherFamily
                        + ", the family the launcher's environment points to)"
                : "name the launcher's library with -D" + MpiAbi.LIBRARY_PROPERTY) + ".";
        Optional<String> mismatch = Launcher.sizeMismatch(env, worldSize, "mpi-ffm (" + abi.name() + " ABI, "
                + library.name() + ", " + chosen + ")", fix);
        if (mismatch.isPresent()) {
            if (ownsInit) {
                finalizeNow();
            }
            throw new IllegalStateException(mismatch.get());
        }
        if (ownsInit) {
            guard.install("[jlops-mpi] rank " + worldRank + " of " + worldSize);
        }
        installAbortOnUncaughtException();
    }

    /**
     * The MPI library of this process, loaded and initialised on first call.
     *
     * <p>Choice of library: the system property {@value MpiAbi#LIBRARY_PROPERTY} when set, else
     * the sonames of the family named by {@value MpiAbi#ABI_PROPERTY} or, when that is unset, by
     * the launcher's environment (see {@link MpiAbi#detect}); with neither, Open MPI then MPICH.
     *
     * @throws IllegalStateException when no MPI library can be loaded (the message says which
     *                               were tried and how to install one)
     */
    static synchronized MpiLibrary get() {
        if (instance == null) {
            instance = load();
        }
        return instance;
    }

    /** The library if {@link #get()} already loaded it, else empty; loads nothing. */
    static synchronized Optional<MpiLibrary> loaded() {
        return Optional.ofNullable(instance);
    }

    private static MpiLibrary load() {
        Optional<String> requested = MpiAbi.parse(System.getProperty(MpiAbi.ABI_PROPERTY));
        Optional<String> family = requested.or(() -> MpiAbi.detect(System.getenv()));
        String explicit = System.getProperty(MpiAbi.LIBRARY_PROPERTY);
        List<String> candidates = explicit != null && !explicit.isBlank()
                ? List.of(explicit.trim()) : MpiAbi.libraryCandidates(family);
        List<String> failures = new ArrayList<>();
        for (String name : candidates) {
            NativeLibrary.Opened opened = open(name);
            if (opened.library().isPresent()) {
                NativeLibrary lib = opened.library().get();
                MpiLibrary mpi = new MpiLibrary(MpiAbi.of(requested, lib), lib);
                mpi.checkLauncherAndInstall(System.getenv(), requested, explicit);
                RankLog.of(MpiLibrary.class).log(System.Logger.Level.DEBUG, () -> "mpi-ffm: loaded " + name + " ("
                        + mpi.abi.name() + " ABI)" + (failures.isEmpty() ? "" : "; not loaded: " + failures));
                return mpi;
            }
            failures.add(name + " (" + opened.error() + ")");
        }
        throw new IllegalStateException("mpi-ffm: cannot load an MPI library; tried " + String.join(", ", failures)
                + ". Install Open MPI (apt-get install openmpi-bin libopenmpi-dev) or MPICH (apt-get install mpich"
                + " libmpich-dev), or name the library with -D" + MpiAbi.LIBRARY_PROPERTY + "=/path/to/libmpi.so");
    }

    /**
     * Opens an MPI library ({@code RTLD_NOW | RTLD_GLOBAL}) without initialising it.
     *
     * <p>First sets {@code UCX_HANDLE_ERRORS=none} unless the environment sets it: UCX (which
     * MPICH links, and which Open MPI's {@code ucx} components load) installs SIGSEGV and SIGBUS
     * handlers when loaded, which take the signals the JVM raises on purpose (implicit null
     * checks) and crash it.
     */
    static NativeLibrary.Opened open(String name) {
        NativeLibrary.setenvIfAbsent("UCX_HANDLE_ERRORS", "none");
        return NativeLibrary.open(name);
    }

    // -----------------------------------------------------------------------------------------
    // Life cycle.

    /**
     * Ends the whole MPI job: {@code MPI_Abort(MPI_COMM_WORLD, errorCode)}, unless the JVM is
     * already shutting down (then the exit hook ends the process). Skips {@code MPI_Finalize} at
     * exit. Does not return: ends this process should MPI return.
     */
    void abort(int errorCode) {
        int code = errorCode == 0 ? 1 : errorCode;
        System.out.flush();
        System.err.flush();
        if (guard.claimForAbort()) {
            call(abortCall, abi.commWorld(), code);
        }
        ExitGuard.exitNow(code);
    }

    /** Whether the JVM is shutting down: MPI is, or is being, finalised, and no MPI call may follow. */
    boolean isFinalized() {
        return guard.closing();
    }

    /** {@code MPI_Finalize}; the exit guard calls it once, at JVM exit. */
    private void finalizeNow() {
        call(finalizeCall);
    }

    private void installAbortOnUncaughtException() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            try {
                System.err.println("[jlops-mpi] rank " + worldRank + " of " + worldSize + ": uncaught exception in"
                        + " thread \"" + thread.getName() + "\"; aborting the MPI job");
                if (previous != null) {
                    previous.uncaughtException(thread, error);
                } else {
                    error.printStackTrace(System.err);
                }
            } finally {
                abort(1);
            }
        });
    }

    // -----------------------------------------------------------------------------------------
    // Communicator management (plain downcalls).

    int commRank(long comm) {
        return queryInt(commRankCall, comm, "MPI_Comm_rank");
    }

    int commSize(long comm) {
        return queryInt(commSizeCall, comm, "MPI_Comm_size");
    }

    /** {@code MPI_Comm_split}; returns the new handle, which may be {@link MpiAbi#commNull()}. */
    long commSplit(long comm, int color, int key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(abi.handleLayout());
            check(guarded("MPI_Comm_split", commSplitCall, comm, color, key, out), "MPI_Comm_split");
            return abi.readHandle(out);
        }
    }

    void commFree(long comm) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment inOut = arena.allocate(abi.handleLayout());
            abi.writeHandle(inOut, comm);
            check(guarded("MPI_Comm_free", commFreeCall, inOut), "MPI_Comm_free");
        }
    }

    void barrier(long comm) {
        check(guarded("MPI_Barrier", barrierCall, comm), "MPI_Barrier");
    }

    /** {@code MPI_Get_count} of a received message, in elements of {@code datatype}. */
    int getCount(MemorySegment status, long datatype, MemorySegment intOut) {
        check(guarded("MPI_Get_count", getCountCall, status, datatype, intOut), "MPI_Get_count");
        return intOut.get(ValueLayout.JAVA_INT, 0);
    }

    // -----------------------------------------------------------------------------------------
    // Data movement; heap = whether any buffer argument is a heap segment.

    void allreduce(boolean heap, MemorySegment send, MemorySegment recv, int count, long type, long op, long comm) {
        int rc;
        guard.enter("MPI_Allreduce");
        try {
            rc = (int) allreduceCall[heap ? 1 : 0].invokeExact(send, recv, count, type, op, comm);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Allreduce");
    }

    void allgather(boolean heap, MemorySegment send, int count, long type, MemorySegment recv, long comm) {
        int rc;
        guard.enter("MPI_Allgather");
        try {
            rc = (int) allgatherCall[heap ? 1 : 0].invokeExact(send, count, type, recv, count, type, comm);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Allgather");
    }

    void allgatherv(boolean heap, MemorySegment send, int sendCount, long type, MemorySegment recv,
            MemorySegment recvCounts, MemorySegment displs, long comm) {
        int rc;
        guard.enter("MPI_Allgatherv");
        try {
            rc = (int) allgathervCall[heap ? 1 : 0].invokeExact(send, sendCount, type, recv, recvCounts, displs,
                    type, comm);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Allgatherv");
    }

    void bcast(boolean heap, MemorySegment buf, int count, long type, int root, long comm) {
        int rc;
        guard.enter("MPI_Bcast");
        try {
            rc = (int) bcastCall[heap ? 1 : 0].invokeExact(buf, count, type, root, comm);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Bcast");
    }

    void send(boolean heap, MemorySegment buf, int count, long type, int dest, int tag, long comm) {
        int rc;
        guard.enter("MPI_Send");
        try {
            rc = (int) sendCall[heap ? 1 : 0].invokeExact(buf, count, type, dest, tag, comm);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Send");
    }

    void recv(boolean heap, MemorySegment buf, int count, long type, int source, int tag, long comm,
            MemorySegment status) {
        int rc;
        guard.enter("MPI_Recv");
        try {
            rc = (int) recvCall[heap ? 1 : 0].invokeExact(buf, count, type, source, tag, comm, status);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Recv");
    }

    void sendrecv(boolean heap, MemorySegment sendBuf, int sendCount, int dest, int sendTag,
            MemorySegment recvBuf, int recvCount, int source, int recvTag, long type, long comm, MemorySegment status) {
        int rc;
        guard.enter("MPI_Sendrecv");
        try {
            rc = (int) sendrecvCall[heap ? 1 : 0].invokeExact(sendBuf, sendCount, type, dest, sendTag,
                    recvBuf, recvCount, type, source, recvTag, comm, status);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Sendrecv");
    }

    void alltoallv(boolean heap, MemorySegment send, MemorySegment sendCounts, MemorySegment sendDispls,
            MemorySegment recv, MemorySegment recvCounts, MemorySegment recvDispls, long type, long comm) {
        int rc;
        guard.enter("MPI_Alltoallv");
        try {
            rc = (int) alltoallvCall[heap ? 1 : 0].invokeExact(send, sendCounts, sendDispls, type,
                    recv, recvCounts, recvDispls, type, comm);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            guard.leave();
        }
        check(rc, "MPI_Alltoallv");
    }

    // -----------------------------------------------------------------------------------------
    // Binding and checking.

    /** Throws a {@link CollectiveException} with MPI's error text unless {@code rc} is success. */
    void check(int rc, String function) {
        if (rc != MpiAbi.SUCCESS) {
            String where = worldSize == 0 ? "" : " on rank " + worldRank + " of " + worldSize;
            throw new CollectiveException(function + " failed" + where + " (" + abi.name() + " " + library.name()
                    + "): " + errorString(rc) + " [error code " + rc + "]");
        }
    }

    /** {@code MPI_Error_string} of {@code code}, or a generic text when MPI cannot describe it. */
    String errorString(int code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(1024);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            int rc = guarded("MPI_Error_string", errorStringCall, code, text, length);
            int n = length.get(ValueLayout.JAVA_INT, 0);
            if (rc != MpiAbi.SUCCESS || n <= 0 || n >= text.byteSize()) {
                return "MPI error " + code;
            }
            return text.getString(0);
        }
    }

    private int queryInt(MethodHandle mh, long comm, String function) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            check(guarded(function, mh, comm, out), function);
            return out.get(ValueLayout.JAVA_INT, 0);
        }
    }

    private int queryTagUpperBound(Arena arena) {
        MemorySegment value = arena.allocate(ValueLayout.ADDRESS);
        MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
        check(call(commGetAttrCall, abi.commWorld(), abi.tagUbKeyval(), value, flag), "MPI_Comm_get_attr(MPI_TAG_UB)");
        if (flag.get(ValueLayout.JAVA_INT, 0) == 0) {
            return 32767; // the least upper bound the MPI standard guarantees
        }
        return value.get(ValueLayout.ADDRESS, 0).reinterpret(Integer.BYTES).get(ValueLayout.JAVA_INT, 0);
    }

    /** {@link #call} counted as an MPI call in flight (see {@link ExitGuard#enter}). */
    private int guarded(String function, MethodHandle mh, Object... args) {
        guard.enter(function);
        try {
            return call(mh, args);
        } finally {
            guard.leave();
        }
    }

    /** Calls a plain binding with boxed arguments (life-cycle calls, where speed does not matter). */
    private static int call(MethodHandle mh, Object... args) {
        try {
            return (int) mh.invokeWithArguments(args);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private MethodHandle[] bindBoth(String symbol, Arg... args) {
        return new MethodHandle[] {bind(symbol, false, args), bind(symbol, true, args)};
    }

    /**
     * Downcall handle of {@code int symbol(args...)} whose handle arguments take a {@code long}.
     */
    private MethodHandle bind(String symbol, boolean critical, Arg... args) {
        MemorySegment address = library.find(symbol).orElseThrow(() -> new IllegalStateException(
                "mpi-ffm: " + library.name() + " has no symbol " + symbol + "; is it an MPI-3 library?"));
        MemoryLayout[] layouts = new MemoryLayout[args.length];
        for (int i = 0; i < args.length; i++) {
            layouts[i] = switch (args[i]) {
                case INT -> ValueLayout.JAVA_INT;
                case PTR -> ValueLayout.ADDRESS;
                case HANDLE -> abi.handleLayout();
            };
        }
        FunctionDescriptor descriptor = FunctionDescriptor.of(ValueLayout.JAVA_INT, layouts);
        MethodHandle mh = critical
                ? Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(true))
                : Linker.nativeLinker().downcallHandle(address, descriptor);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == Arg.HANDLE) {
                mh = MethodHandles.filterArguments(mh, i, abi.handleToNative());
            }
        }
        return mh;
    }

    /** {@code t} as an unchecked exception (downcalls declare {@code Throwable}). */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("mpi-ffm: unexpected exception from a native call", t);
    }
}
