package org.jlops.mpi.comm.ompijava;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ExitGuard;
import org.jlops.mpi.comm.Launcher;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The Open MPI Java bindings (package {@code mpi}), reached reflectively: the library builds
 * without {@code mpi.jar}, which is not on Maven Central. Loads the classes once (from the class
 * path when they are there, else from the jar {@link BindingsLocator} finds, in a class loader of
 * its own that also loads {@code libmpi_java.so} from where it was found, so no
 * {@code -Djava.library.path} is needed), binds every method this backend calls as a
 * {@link MethodHandle}, initialises MPI, checks that it sees as many processes as the launcher
 * started ({@link Launcher}), and arranges the job's end: {@code MPI_Finalize} at JVM exit through
 * an {@link ExitGuard} (bounded, and never while another thread is inside an MPI call),
 * {@code MPI_Abort} on an uncaught exception.
 *
 * <p>Every call takes direct {@link ByteBuffer}s only (the bindings pass their address to MPI
 * without a copy); a failed MPI call becomes a {@link CollectiveException}.
 */
final class OmpiJavaBindings {

    private static OmpiJavaBindings instance;
    private static IllegalStateException failure;

    private final Object world;
    private final Object tInt;
    private final Object tLong;
    private final Object tFloat;
    private final Object tDouble;
    private final Object opSum;
    private final Object opMax;
    private final Object opMin;
    private final int undefined;
    private final String origin;

    private final MethodHandle isInitialized;
    private final MethodHandle isFinalized;
    private final MethodHandle initThread;
    private final MethodHandle finalizeMpi;
    private final MethodHandle getRank;
    private final MethodHandle getSize;
    private final MethodHandle barrier;
    private final MethodHandle allReduce;
    private final MethodHandle allReduceInPlace;
    private final MethodHandle allGather;
    private final MethodHandle allGatherv;
    private final MethodHandle bcast;
    private final MethodHandle send;
    private final MethodHandle recv;
    private final MethodHandle sendRecv;
    private final MethodHandle statusCount;
    private final MethodHandle allToAllv;
    private final MethodHandle split;
    private final MethodHandle isNull;
    private final MethodHandle free;
    private final MethodHandle abort;
    private final MethodHandle setErrhandler;
    private final int threadSerialized;

    private final MethodHandle getAttr;
    private final int tagUbKeyval;

    /** Counts the MPI calls in flight and finalises MPI at JVM exit. */
    private final ExitGuard guard = new ExitGuard(this::finalizeMpi,
            ExitGuard.finalizeTimeoutMillis(System.getProperty(ExitGuard.FINALIZE_TIMEOUT_PROPERTY)));
    /** {@code MPI_TAG_UB}, read once MPI is initialised. */
    private int tagUpperBound = Integer.MAX_VALUE;

    /**
     * The bindings of this process, loaded and MPI initialised on first call.
     *
     * @throws IllegalStateException naming the missing half of the bindings (every later call
     *                               fails the same way)
     */
    static synchronized OmpiJavaBindings get() {
        if (instance == null && failure == null) {
            try {
                BindingsLocator locator = BindingsLocator.fromSystem();
                Path library = locator.library();
                LoadedClasses loaded = load(locator, library);
                OmpiJavaBindings b = new OmpiJavaBindings(loaded.loader(), loaded.origin());
                b.initialise();
                instance = b;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return instance;
    }

    private record LoadedClasses(ClassLoader loader, String origin) {
    }

    /** The class loader of {@code mpi.MPI}, its static initialiser (which loads libmpi_java) run. */
    private static LoadedClasses load(BindingsLocator locator, Path library) {
        ClassLoader own = OmpiJavaBindings.class.getClassLoader();
        URL onClassPath = own.getResource("mpi/MPI.class");
        if (onClassPath != null) {
            try {
                Class.forName("mpi.MPI", true, own);
                return new LoadedClasses(own, "class path (" + onClassPath + ")");
            } catch (UnsatisfiedLinkError e) {
                // mpi.jar is on the class path but libmpi_java is not on java.library.path:
                // load the same jar in a loader that knows where the library is.
                return new LoadedClasses(privateLoader(codeSource(onClassPath), library),
                        codeSource(onClassPath) + " with " + library);
            } catch (LinkageError | ClassNotFoundException e) {
                throw new IllegalStateException("ompi-java backend: cannot load mpi.MPI from the class path ("
                        + onClassPath + "): " + e, e);
            }
        }
        Path jar = locator.jar(library);
        try {
            return new LoadedClasses(privateLoader(jar.toUri().toURL(), library), jar + " with " + library);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("ompi-java backend: bad mpi.jar path " + jar, e);
        }
    }

    /** A loader of mpi.jar alone, whose {@code System.loadLibrary("mpi_java")} loads {@code library}. */
    private static ClassLoader privateLoader(URL jar, Path library) {
        ClassLoader loader = new BindingsClassLoader(jar, library);
        try {
            Class.forName("mpi.MPI", true, loader);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("ompi-java backend: cannot load " + library + " for the Open MPI Java "
                    + "bindings in " + jar + ": " + e.getMessage(), e);
        } catch (LinkageError | ClassNotFoundException e) {
            throw new IllegalStateException("ompi-java backend: " + jar + " does not hold usable Open MPI Java "
                    + "bindings (mpi.MPI): " + e + "; " + BindingsLocator.SETUP_HINT, e);
        }
        return loader;
    }

    private static URL codeSource(URL classResource) {
        try {
            if ("jar".equals(classResource.getProtocol())) {
                return ((JarURLConnection) classResource.openConnection()).getJarFileURL();
            }
            return Path.of(classResource.toURI()).getParent().getParent().toUri().toURL();
        } catch (java.io.IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("ompi-java backend: cannot tell where " + classResource + " comes from", e);
        }
    }

    /** Loads mpi.jar's classes; the loader's parent is the platform loader, so nothing else leaks in. */
    private static final class BindingsClassLoader extends URLClassLoader {
        private final String library;

        BindingsClassLoader(URL jar, Path library) {
            super("jlops-ompi-java", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            this.library = library.toString();
        }

        @Override
        protected String findLibrary(String name) {
            return "mpi_java".equals(name) ? library : super.findLibrary(name);
        }
    }

    private OmpiJavaBindings(ClassLoader loader, String origin) {
        this.origin = origin;
        try {
            Class<?> mpi = Class.forName("mpi.MPI", true, loader);
            Class<?> comm = Class.forName("mpi.Comm", false, loader);
            Class<?> intracomm = Class.forName("mpi.Intracomm", false, loader);
            Class<?> datatype = Class.forName("mpi.Datatype", false, loader);
            Class<?> op = Class.forName("mpi.Op", false, loader);
            Class<?> status = Class.forName("mpi.Status", false, loader);
            Class<?> errhandler = Class.forName("mpi.Errhandler", false, loader);
            world = mpi.getField("COMM_WORLD").get(null);
            tInt = mpi.getField("INT").get(null);
            tLong = mpi.getField("LONG").get(null);
            tFloat = mpi.getField("FLOAT").get(null);
            tDouble = mpi.getField("DOUBLE").get(null);
            opSum = mpi.getField("SUM").get(null);
            opMax = mpi.getField("MAX").get(null);
            opMin = mpi.getField("MIN").get(null);
            undefined = mpi.getField("UNDEFINED").getInt(null);

            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> v = void.class;
            Class<?> o = Object.class;
            Class<?> i = int.class;
            Class<?> ia = int[].class;
            isInitialized = l.findStatic(mpi, "isInitialized", MethodType.methodType(boolean.class));
            isFinalized = l.findStatic(mpi, "isFinalized", MethodType.methodType(boolean.class));
            initThread = l.findStatic(mpi, "InitThread", MethodType.methodType(i, String[].class, i))
                    .bindTo(new String[0]);
            finalizeMpi = l.findStatic(mpi, "Finalize", MethodType.methodType(v));
            getRank = l.findVirtual(comm, "getRank", MethodType.methodType(i));
            getSize = l.findVirtual(comm, "getSize", MethodType.methodType(i));
            barrier = l.findVirtual(comm, "barrier", MethodType.methodType(v));
            allReduce = l.findVirtual(comm, "allReduce", MethodType.methodType(v, o, o, i, datatype, op));
            allReduceInPlace = l.findVirtual(comm, "allReduce", MethodType.methodType(v, o, i, datatype, op));
            allGather = l.findVirtual(comm, "allGather", MethodType.methodType(v, o, i, datatype, o, i, datatype));
            allGatherv = l.findVirtual(comm, "allGatherv",
                    MethodType.methodType(v, o, i, datatype, o, ia, ia, datatype));
            bcast = l.findVirtual(comm, "bcast", MethodType.methodType(v, o, i, datatype, i));
            send = l.findVirtual(comm, "send", MethodType.methodType(v, o, i, datatype, i, i));
            recv = l.findVirtual(comm, "recv", MethodType.methodType(status, o, i, datatype, i, i));
            sendRecv = l.findVirtual(comm, "sendRecv",
                    MethodType.methodType(status, o, i, datatype, i, i, o, i, datatype, i, i));
            statusCount = l.findVirtual(status, "getCount", MethodType.methodType(i, datatype));
            allToAllv = l.findVirtual(comm, "allToAllv",
                    MethodType.methodType(v, o, ia, ia, datatype, o, ia, ia, datatype));
            split = l.findVirtual(intracomm, "split", MethodType.methodType(intracomm, i, i));
            isNull = l.findVirtual(comm, "isNull", MethodType.methodType(boolean.class));
            free = l.findVirtual(comm, "free", MethodType.methodType(v));
            abort = l.findVirtual(comm, "abort", MethodType.methodType(v, i));
            getAttr = l.findVirtual(comm, "getAttr", MethodType.methodType(o, i));
            tagUbKeyval = mpi.getField("TAG_UB").getInt(null);
            MethodHandle setErrhandler = l.findVirtual(comm, "setErrhandler", MethodType.methodType(v, errhandler));
            this.setErrhandler = setErrhandler.bindTo(world).bindTo(mpi.getField("ERRORS_RETURN").get(null));
            this.threadSerialized = mpi.getField("THREAD_SERIALIZED").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ompi-java backend: the bindings loaded from " + origin
                    + " lack what this backend calls (" + e + "); they must be Open MPI 4.x or 5.x Java bindings; "
                    + BindingsLocator.SETUP_HINT, e);
        }
    }

    /** MPI_Init_thread (serialized: one thread at a time) unless MPI is up; errors returned, not fatal. */
    private void initialise() {
        try {
            if (!(boolean) isInitialized.invoke()) {
                initThread.invoke(threadSerialized);
            } else {
                try {
                    getRank.invoke(world);
                } catch (Throwable t) {
                    throw new IllegalStateException("ompi-java backend: MPI was initialised outside the Open MPI Java "
                            + "bindings (by another backend?); the bindings cannot share it: " + t.getMessage(), t);
                }
            }
            setErrhandler.invoke();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ompi-java backend: MPI initialisation through " + origin + " failed: " + t,
                    t);
        }
        int rank = rank(world);
        int size = size(world);
        tagUpperBound = queryTagUpperBound();
        Optional<String> mismatch = Launcher.sizeMismatch(System.getenv(), size, "ompi-java (Open MPI Java"
                + " bindings, " + origin + ")", "The Open MPI Java bindings need Open MPI's mpirun; under another"
                + " launcher use the mpi-ffm backend, which loads that launcher's MPI.");
        if (mismatch.isPresent()) {
            finalizeMpi();
            throw new IllegalStateException(mismatch.get());
        }
        guard.install("[ompi-java] rank " + rank + " of " + size);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            try {
                System.err.println("[ompi-java] rank " + rank + ": uncaught exception in thread \"" + thread.getName()
                        + "\"; aborting the MPI job");
                if (previous != null) {
                    previous.uncaughtException(thread, e);
                } else {
                    System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                    e.printStackTrace(System.err);
                }
                System.err.flush();
            } catch (Throwable ignored) {
                // reporting must not keep the job from ending
            } finally {
                abortJob(1);
            }
        });
    }

    /** {@code MPI_TAG_UB} of the world, or {@link Integer#MAX_VALUE} when MPI does not say. */
    private int queryTagUpperBound() {
        try {
            return getAttr.invoke(world, tagUbKeyval) instanceof Integer ub ? ub : Integer.MAX_VALUE;
        } catch (Throwable t) {
            return Integer.MAX_VALUE; // MPI then checks tags itself
        }
    }

    /** The largest tag point-to-point calls accept ({@code MPI_TAG_UB}). */
    int tagUpperBound() {
        return tagUpperBound;
    }

    /** Whether the JVM is shutting down: MPI is, or is being, finalised, and no MPI call may follow. */
    boolean finalized() {
        return guard.closing();
    }

    /** Where the bindings came from (for messages). */
    String origin() {
        return origin;
    }

    /**
     * Ends the whole job with {@code code}: MPI_Abort on the world (unless the JVM is already
     * shutting down, when the exit guard ends this process), then ends this process.
     */
    void abortJob(int code) {
        if (guard.claimForAbort()) {
            try {
                abort.invoke(world, code);
            } catch (Throwable ignored) {
                // end below
            }
        }
        ExitGuard.exitNow(code);
    }

    /** MPI_Finalize unless already done; the exit guard calls it once, at JVM exit. */
    private void finalizeMpi() {
        try {
            if (!(boolean) isFinalized.invoke()) {
                finalizeMpi.invoke();
            }
        } catch (Throwable t) {
            System.err.println("[ompi-java] MPI_Finalize failed: " + t);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Handles and constants

    /** MPI_COMM_WORLD. */
    Object world() {
        return world;
    }

    /** MPI_UNDEFINED (the split colour that yields no communicator). */
    int undefined() {
        return undefined;
    }

    /** The bindings' datatype of one real component of {@code type}. */
    Object type(Datatype type) {
        return switch (type.realComponent()) {
            case INT32 -> tInt;
            case INT64 -> tLong;
            case FLOAT32 -> tFloat;
            case FLOAT64 -> tDouble;
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }

    /** The bindings' reduction operator. */
    Object op(ReduceOp op) {
        return switch (op) {
            case SUM -> opSum;
            case MAX -> opMax;
            case MIN -> opMin;
        };
    }

    // -------------------------------------------------------------------------------------------
    // Calls. Counts and displacements are in units of the bindings' datatype.

    private RuntimeException failed(String call, Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new CollectiveException("ompi-java: " + call + " failed: " + t.getMessage(), t);
    }

    int rank(Object comm) {
        guard.enter("MPI_Comm_rank");
        try {
            return (int) getRank.invoke(comm);
        } catch (Throwable t) {
            throw failed("MPI_Comm_rank", t);
        } finally {
            guard.leave();
        }
    }

    int size(Object comm) {
        guard.enter("MPI_Comm_size");
        try {
            return (int) getSize.invoke(comm);
        } catch (Throwable t) {
            throw failed("MPI_Comm_size", t);
        } finally {
            guard.leave();
        }
    }

    void barrier(Object comm) {
        guard.enter("MPI_Barrier");
        try {
            barrier.invoke(comm);
        } catch (Throwable t) {
            throw failed("MPI_Barrier", t);
        } finally {
            guard.leave();
        }
    }

    void allReduce(Object comm, ByteBuffer send, ByteBuffer recv, int count, Object type, Object op) {
        guard.enter("MPI_Allreduce");
        try {
            allReduce.invoke(comm, (Object) send, (Object) recv, count, type, op);
        } catch (Throwable t) {
            throw failed("MPI_Allreduce", t);
        } finally {
            guard.leave();
        }
    }

    void allReduceInPlace(Object comm, ByteBuffer buf, int count, Object type, Object op) {
        guard.enter("MPI_Allreduce (in place)");
        try {
            allReduceInPlace.invoke(comm, (Object) buf, count, type, op);
        } catch (Throwable t) {
            throw failed("MPI_Allreduce (in place)", t);
        } finally {
            guard.leave();
        }
    }

    void allGather(Object comm, ByteBuffer send, int sendCount, ByteBuffer recv, int recvCount, Object type) {
        guard.enter("MPI_Allgather");
        try {
            allGather.invoke(comm, (Object) send, sendCount, type, (Object) recv, recvCount, type);
        } catch (Throwable t) {
            throw failed("MPI_Allgather", t);
        } finally {
            guard.leave();
        }
    }

    void allGatherv(Object comm, ByteBuffer send, int sendCount, ByteBuffer recv, int[] counts, int[] displs,
            Object type) {
        guard.enter("MPI_Allgatherv");
        try {
            allGatherv.invoke(comm, (Object) send, sendCount, type, (Object) recv, counts, displs, type);
        } catch (Throwable t) {
            throw failed("MPI_Allgatherv", t);
        } finally {
            guard.leave();
        }
    }

    void bcast(Object comm, ByteBuffer buf, int count, Object type, int root) {
        guard.enter("MPI_Bcast");
        try {
            bcast.invoke(comm, (Object) buf, count, type, root);
        } catch (Throwable t) {
            throw failed("MPI_Bcast", t);
        } finally {
            guard.leave();
        }
    }

    void send(Object comm, ByteBuffer buf, int count, Object type, int dest, int tag) {
        guard.enter("MPI_Send");
        try {
            send.invoke(comm, (Object) buf, count, type, dest, tag);
        } catch (Throwable t) {
            throw failed("MPI_Send", t);
        } finally {
            guard.leave();
        }
    }

    /** MPI_Recv; returns the number of datatype elements received. */
    int recv(Object comm, ByteBuffer buf, int count, Object type, int source, int tag) {
        guard.enter("MPI_Recv");
        try {
            Object status = recv.invoke(comm, (Object) buf, count, type, source, tag);
            return (int) statusCount.invoke(status, type);
        } catch (Throwable t) {
            throw failed("MPI_Recv", t);
        } finally {
            guard.leave();
        }
    }

    /** MPI_Sendrecv; returns the number of datatype elements received. */
    int sendRecv(Object comm, ByteBuffer sendBuf, int sendCount, int dest, int sendTag, ByteBuffer recvBuf,
            int recvCount, int source, int recvTag, Object type) {
        guard.enter("MPI_Sendrecv");
        try {
            Object status = sendRecv.invoke(comm, (Object) sendBuf, sendCount, type, dest, sendTag, (Object) recvBuf,
                    recvCount, type, source, recvTag);
            return (int) statusCount.invoke(status, type);
        } catch (Throwable t) {
            throw failed("MPI_Sendrecv", t);
        } finally {
            guard.leave();
        }
    }

    void allToAllv(Object comm, ByteBuffer send, int[] sendCounts, int[] sendDispls, ByteBuffer recv,
            int[] recvCounts, int[] recvDispls, Object type) {
        guard.enter("MPI_Alltoallv");
        try {
            allToAllv.invoke(comm, (Object) send, sendCounts, sendDispls, type, (Object) recv, recvCounts, recvDispls,
                    type);
        } catch (Throwable t) {
            throw failed("MPI_Alltoallv", t);
        } finally {
            guard.leave();
        }
    }

    /** MPI_Comm_split; null for the colour {@link #undefined()}. */
    Object split(Object comm, int color, int key) {
        guard.enter("MPI_Comm_split");
        try {
            Object sub = split.invoke(comm, color, key);
            return (boolean) isNull.invoke(sub) ? null : sub;
        } catch (Throwable t) {
            throw failed("MPI_Comm_split", t);
        } finally {
            guard.leave();
        }
    }

    void free(Object comm) {
        guard.enter("MPI_Comm_free");
        try {
            free.invoke(comm);
        } catch (Throwable t) {
            throw failed("MPI_Comm_free", t);
        } finally {
            guard.leave();
        }
    }
}
