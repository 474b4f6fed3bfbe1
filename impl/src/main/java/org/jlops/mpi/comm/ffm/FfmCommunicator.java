package org.jlops.mpi.comm.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import org.jlops.mpi.comm.AbstractCommunicator;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * MPI through the Foreign Function &amp; Memory API ({@code java.lang.foreign}) against the
 * system's MPI library: backend {@code mpi-ffm}.
 *
 * <p><b>Launch.</b> {@code mpirun -np N java --enable-native-access=ALL-UNNAMED -cp ... Main}
 * (Open MPI; as root add {@code --allow-run-as-root}, and {@code --oversubscribe} for more ranks
 * than cores), or {@code mpiexec.hydra -n N java ...} (MPICH). The library and its binary
 * interface are chosen at run time (see {@link MpiAbi}): Open MPI ({@code libmpi.so.40}) when
 * Open MPI's {@code mpirun} started the process, MPICH ({@code libmpich.so.12}) under Hydra or
 * another PMI launcher; the system properties {@code jlops.mpi.abi} ({@code openmpi} or
 * {@code mpich}) and {@code jlops.mpi.library} (path or soname of the library) override the
 * choice. The library is opened with {@code RTLD_GLOBAL}, as Open MPI's plugins need.
 *
 * <p><b>Buffers.</b> Heap segments ({@code MemorySegment.ofArray}) go to MPI without a copy
 * through critical downcalls; off-heap segments through plain downcalls, which let the garbage
 * collector run while this rank waits. Messages longer than the chunk limit given to
 * {@link #world(long)} (by {@link org.jlops.mpi.comm.Communicators}, from the property
 * {@code jlops.comm.chunkElements}) travel as several calls of at most that many elements; an
 * allgather(v) whose counts or total exceed it becomes one broadcast per rank, and an alltoallv
 * whose counts or displacements exceed it on any rank becomes a pairwise exchange using tag
 * {@value #FALLBACK_TAG} on this communicator (the ranks agree on that with one reduction of an
 * int, except in {@code alltoallvAgreed}, whose bound says it on every rank alike).
 *
 * <p><b>Life cycle and failures.</b> The first call to {@link #world(long)} initialises MPI
 * ({@code MPI_Init_thread} with {@code MPI_THREAD_SINGLE}; the system property
 * {@code jlops.mpi.threadLevel} ({@code single}, {@code funneled}, {@code serialized},
 * {@code multiple}) asks for more; Open MPI then takes locks on every call, which measured here
 * added about 0.35 µs to a 0.65 µs two-rank {@code MPI_Allreduce} of one double, in C as in Java),
 * checks that {@code MPI_Comm_size} equals the process count the launcher put in the environment
 * (a library that is not the launcher's fails here, naming both), and installs a default uncaught
 * exception handler that prints the exception with the rank to stderr and ends the whole job with
 * {@code MPI_Abort}, so that one failing rank never leaves the others waiting. The end of the
 * process is an {@link org.jlops.mpi.comm.ExitGuard}'s: at JVM exit {@code MPI_Finalize} runs on a
 * helper thread, bounded in time ({@code jlops.mpi.finalizeTimeout}, default 5 s), so that
 * {@code System.exit} on one rank while the others wait in a collective ends the whole job
 * instead of hanging; and a signal (SIGTERM, SIGINT) that arrives while a thread is inside an MPI
 * call ends the process at once with status 1, without {@code MPI_Finalize}, which must not run
 * concurrently with another MPI call (it would crash the JVM). Arguments are validated by
 * {@link AbstractCommunicator} before any native call ({@link IllegalArgumentException} naming the
 * argument); an error MPI reports becomes a {@link CollectiveException} with MPI's error text.
 */
public final class FfmCommunicator extends AbstractCommunicator {

    /** Tag of the point-to-point messages of alltoallv's large-message path. */
    public static final int FALLBACK_TAG = 32767;

    private static FfmCommunicator world;

    private final MpiLibrary mpi;
    private final MpiAbi abi;
    private final long comm;
    private final int rank;
    private final int size;
    /** Largest element count of one MPI call. */
    private final long limit;
    /** Scratch for one {@code MPI_Status}. */
    private final MemorySegment status;
    /** Scratch for one {@code int} (counts read back, agreement flags). */
    private final MemorySegment scalar;
    /** Scratch for four {@code int[size]} arrays of counts and displacements. */
    private final MemorySegment ints;

    private FfmCommunicator(MpiLibrary mpi, long comm, Scope scope, long chunkElements) {
        super(Backend.MPI_FFM, mpi.commRank(comm), mpi.commSize(comm), scope);
        if (chunkElements < 1 || chunkElements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunkElements: expected a value in [1, 2^31-1], got " + chunkElements);
        }
        this.mpi = mpi;
        this.abi = mpi.abi;
        this.comm = comm;
        this.rank = rank();
        this.size = size();
        this.limit = chunkElements;
        Arena arena = Arena.ofAuto();
        this.status = arena.allocate(MpiAbi.STATUS_BYTES, 8);
        this.scalar = arena.allocate(ValueLayout.JAVA_INT);
        this.ints = arena.allocate(ValueLayout.JAVA_INT, 4L * size);
    }

    /**
     * The world communicator of this MPI job; initialises MPI on first call.
     *
     * @param chunkElements the largest element count one MPI call carries, in [1, 2<sup>31</sup>&minus;1];
     *                      longer messages travel in pieces (the value of the first call is kept)
     * @throws IllegalStateException when no MPI library can be loaded (the message says which
     *                               libraries were tried and how to install one)
     */
    public static synchronized Communicator world(long chunkElements) {
        if (world == null) {
            MpiLibrary mpi = MpiLibrary.get();
            world = new FfmCommunicator(mpi, mpi.abi.commWorld(), Scope.WORLD, chunkElements);
        }
        return world;
    }

    /**
     * Ends the whole MPI job now with {@code MPI_Abort(MPI_COMM_WORLD, errorCode)}, from any
     * thread; the launcher then stops every rank and exits with a non-zero status. When MPI was
     * never initialised in this process, halts this JVM (the launcher then ends the job). Never
     * returns.
     *
     * @param errorCode the exit status to report (0 is turned into 1)
     */
    public static void abort(int errorCode) {
        int code = errorCode == 0 ? 1 : errorCode;
        Optional<MpiLibrary> mpi = MpiLibrary.loaded();
        if (mpi.isPresent()) {
            mpi.get().abort(code);
        }
        Runtime.getRuntime().halt(code);
    }

    /** {@code MPI_TAG_UB} of this MPI. */
    @Override
    protected int tagUpperBound() {
        return mpi.tagUpperBound;
    }

    /** Whether {@code MPI_Finalize} ran (the JVM is shutting down). */
    @Override
    protected boolean finalized() {
        return mpi.isFinalized();
    }

    /** {@code MPI_Barrier}. Collective. */
    @Override
    protected void doBarrier() {
        mpi.barrier(comm);
    }

    /** {@code MPI_Allreduce} ({@code MPI_IN_PLACE} when {@code send} is null), chunked. Collective. */
    @Override
    protected void doAllreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        long es = type.byteSize();
        boolean inPlace = send == null;
        boolean heap = isHeap(inPlace ? recv : send, recv);
        MemorySegment inPlaceMarker = MemorySegment.ofAddress(abi.inPlace());
        long datatype = abi.datatype(type);
        long mpiOp = abi.op(op);
        for (long k = 0, n = Chunks.count(count, limit); k < n; k++) {
            int len = Chunks.length(count, limit, k);
            long off = Chunks.offset(limit, k) * es;
            MemorySegment s = inPlace ? inPlaceMarker : send.asSlice(off, len * es);
            mpi.allreduce(heap, s, recv.asSlice(off, len * es), len, datatype, mpiOp, comm);
        }
    }

    /** {@code MPI_Allgather}, or one broadcast per rank for large blocks. Collective. */
    @Override
    protected void doAllgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        long[] counts = new long[size];
        long[] displs = new long[size];
        for (int r = 0; r < size; r++) {
            counts[r] = count;
            displs[r] = r * count;
        }
        if (Chunks.gatherNeedsFallback(counts, limit)) {
            gatherByBroadcast(send, recv, counts, displs, type);
        } else {
            mpi.allgather(isHeap(send, recv), send, (int) count, abi.datatype(type), recv, comm);
        }
    }

    /**
     * {@code MPI_Allgatherv}; through a packed temporary when a displacement exceeds the chunk
     * limit, or one broadcast per rank when a count or the total does. Collective.
     */
    @Override
    protected void doAllgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts,
            long[] displs, Datatype type) {
        long datatype = abi.datatype(type);
        if (size == 1) {
            // A copy; also avoids MPICH 4.0's MPI_Allgatherv, which ignores displs[0] on one rank.
            MemorySegment.copy(send, 0, recv, displs[0] * type.byteSize(), sendCount * type.byteSize());
        } else if (Chunks.gatherNeedsFallback(recvCounts, limit)) {
            gatherByBroadcast(send, recv, recvCounts, displs, type);
        } else if (Chunks.fit(displs, limit)) {
            MemorySegment c = ints.asSlice(0, 4L * size);
            MemorySegment d = ints.asSlice(4L * size, 4L * size);
            Chunks.toInts(recvCounts, c);
            Chunks.toInts(displs, d);
            mpi.allgatherv(isHeap(send, recv), send, (int) sendCount, datatype, recv, c, d, comm);
        } else {
            gatherPacked(send, recv, recvCounts, displs, type);
        }
    }

    /** {@code MPI_Bcast}, chunked. Collective. */
    @Override
    protected void doBcast(MemorySegment buf, long count, Datatype type, int root) {
        bcastChunks(buf, count, type, root);
    }

    /** {@code MPI_Send}, chunked (every chunk with the same tag; MPI keeps their order). Point-to-point. */
    @Override
    protected void doSend(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        long es = type.byteSize();
        boolean heap = isHeap(buf, buf);
        long datatype = abi.datatype(type);
        for (long k = 0, n = Chunks.count(count, limit); k < n; k++) {
            int len = Chunks.length(count, limit, k);
            mpi.send(heap, buf.asSlice(Chunks.offset(limit, k) * es, len * es), len, datatype, dest, tag, comm);
        }
    }

    /**
     * {@code MPI_Recv}, chunked; fails with a {@link CollectiveException} when the message holds
     * fewer than {@code count} elements. Point-to-point.
     */
    @Override
    protected void doRecv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        long es = type.byteSize();
        boolean heap = isHeap(buf, buf);
        long datatype = abi.datatype(type);
        for (long k = 0, n = Chunks.count(count, limit); k < n; k++) {
            int len = Chunks.length(count, limit, k);
            long off = Chunks.offset(limit, k);
            mpi.recv(heap, buf.asSlice(off * es, len * es), len, datatype, source, tag, comm, status);
            checkReceived(len, type, datatype, source, tag, off);
        }
    }

    /** {@code MPI_Sendrecv}, chunked. Point-to-point. */
    @Override
    protected void doSendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag,
            MemorySegment recvBuf, long recvCount, int source, int recvTag, Datatype type) {
        exchange(sendBuf, sendCount, dest, sendTag, recvBuf, recvCount, source, recvTag, type);
    }

    /**
     * {@code MPI_Alltoallv}; a pairwise exchange in chunks when a count or displacement exceeds
     * the chunk limit on any rank (the ranks agree with one small reduction first). Collective.
     */
    @Override
    protected void doAlltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type) {
        boolean large = !(Chunks.fit(sendCounts, limit) && Chunks.fit(sendDispls, limit)
                && Chunks.fit(recvCounts, limit) && Chunks.fit(recvDispls, limit));
        alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type, anyRank(large));
    }

    /**
     * {@link #doAlltoallv} whose path every rank takes from {@code bound} (the same on every rank,
     * at least every count and displacement): the pairwise exchange when it exceeds the chunk
     * limit, without the agreement reduction. Collective.
     */
    @Override
    protected void doAlltoallvAgreed(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type, long bound) {
        alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type, bound > limit);
    }

    /** {@code MPI_Alltoallv}, or the pairwise exchange when {@code large} (the same on every rank). */
    private void alltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type, boolean large) {
        if (large) {
            exchangePairwise(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type);
            return;
        }
        long n = 4L * size;
        MemorySegment sc = ints.asSlice(0, n);
        MemorySegment sd = ints.asSlice(n, n);
        MemorySegment rc = ints.asSlice(2 * n, n);
        MemorySegment rd = ints.asSlice(3 * n, n);
        Chunks.toInts(sendCounts, sc);
        Chunks.toInts(sendDispls, sd);
        Chunks.toInts(recvCounts, rc);
        Chunks.toInts(recvDispls, rd);
        mpi.alltoallv(isHeap(send, recv), send, sc, sd, recv, rc, rd, abi.datatype(type), comm);
    }

    /** {@code MPI_Comm_split}; {@code null} for {@link Communicator#UNDEFINED}. Collective. */
    @Override
    protected Communicator doSplit(int color, int key) {
        long handle = mpi.commSplit(comm, color == UNDEFINED ? MpiAbi.UNDEFINED : color, key);
        return handle == abi.commNull() ? null : new FfmCommunicator(mpi, handle, Scope.SUB, limit);
    }

    /** {@code MPI_Comm_free}, collective over the sub-communicator's ranks. */
    @Override
    protected void doClose() {
        mpi.commFree(comm);
    }

    @Override
    public String toString() {
        return "FfmCommunicator[" + abi.name() + ", rank " + rank + " of " + size + "]";
    }

    // -----------------------------------------------------------------------------------------
    // Large-message paths.

    private void bcastChunks(MemorySegment buf, long count, Datatype type, int root) {
        long es = type.byteSize();
        boolean heap = isHeap(buf, buf);
        long datatype = abi.datatype(type);
        for (long k = 0, n = Chunks.count(count, limit); k < n; k++) {
            int len = Chunks.length(count, limit, k);
            mpi.bcast(heap, buf.asSlice(Chunks.offset(limit, k) * es, len * es), len, datatype, root, comm);
        }
    }

    /** Allgather(v) as one chunked broadcast per rank, in rank order. */
    private void gatherByBroadcast(MemorySegment send, MemorySegment recv, long[] counts, long[] displs, Datatype type) {
        long es = type.byteSize();
        for (int r = 0; r < size; r++) {
            MemorySegment block = recv.asSlice(displs[r] * es, counts[r] * es);
            if (r == rank) {
                MemorySegment.copy(send, 0, block, 0, counts[r] * es);
            }
            bcastChunks(block, counts[r], type, r);
        }
    }

    /** Allgatherv into a packed temporary (displacements fit there), then to the caller's places. */
    private void gatherPacked(MemorySegment send, MemorySegment recv, long[] counts, long[] displs, Datatype type) {
        long es = type.byteSize();
        long[] packed = new long[size];
        for (int r = 1; r < size; r++) {
            packed[r] = packed[r - 1] + counts[r - 1];
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(Math.max(1, Chunks.sum(counts) * es), 16);
            MemorySegment c = ints.asSlice(0, 4L * size);
            MemorySegment d = ints.asSlice(4L * size, 4L * size);
            Chunks.toInts(counts, c);
            Chunks.toInts(packed, d);
            mpi.allgatherv(isHeap(send, send), send, (int) counts[rank], abi.datatype(type), tmp, c, d, comm);
            for (int r = 0; r < size; r++) {
                MemorySegment.copy(tmp, packed[r] * es, recv, displs[r] * es, counts[r] * es);
            }
        }
    }

    /** Alltoallv as {@code size - 1} chunked exchanges with rank {@code rank ± s}. */
    private void exchangePairwise(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type) {
        long es = type.byteSize();
        MemorySegment.copy(send, sendDispls[rank] * es, recv, recvDispls[rank] * es, recvCounts[rank] * es);
        for (int s = 1; s < size; s++) {
            int dest = (rank + s) % size;
            int source = (rank - s + size) % size;
            exchange(send.asSlice(sendDispls[dest] * es, sendCounts[dest] * es), sendCounts[dest], dest, FALLBACK_TAG,
                    recv.asSlice(recvDispls[source] * es, recvCounts[source] * es), recvCounts[source], source,
                    FALLBACK_TAG, type);
        }
    }

    /**
     * Sends {@code sendCount} elements to {@code dest} while receiving {@code recvCount} from
     * {@code source}, as {@code max(chunks)} {@code MPI_Sendrecv} calls; once one side has no
     * chunk left, that side of the call goes to {@code MPI_PROC_NULL}. Deadlock-free: a rank
     * blocked sending chunk k waits for a peer that is itself at an earlier chunk, which cannot
     * go on around a cycle.
     */
    private void exchange(MemorySegment sendBuf, long sendCount, int dest, int sendTag,
            MemorySegment recvBuf, long recvCount, int source, int recvTag, Datatype type) {
        long es = type.byteSize();
        boolean heap = isHeap(sendBuf, recvBuf);
        long datatype = abi.datatype(type);
        long sendChunks = Chunks.count(sendCount, limit);
        long recvChunks = Chunks.count(recvCount, limit);
        for (long k = 0, n = Math.max(sendChunks, recvChunks); k < n; k++) {
            boolean sending = k < sendChunks;
            boolean receiving = k < recvChunks;
            int sendLen = sending ? Chunks.length(sendCount, limit, k) : 0;
            int recvLen = receiving ? Chunks.length(recvCount, limit, k) : 0;
            MemorySegment s = sending ? sendBuf.asSlice(Chunks.offset(limit, k) * es, sendLen * es) : MemorySegment.NULL;
            MemorySegment r = receiving ? recvBuf.asSlice(Chunks.offset(limit, k) * es, recvLen * es)
                    : MemorySegment.NULL;
            mpi.sendrecv(heap, s, sendLen, sending ? dest : abi.procNull(), sendTag,
                    r, recvLen, receiving ? source : abi.procNull(), recvTag, datatype, comm, status);
            if (receiving) {
                checkReceived(recvLen, type, datatype, source, recvTag, Chunks.offset(limit, k));
            }
        }
    }

    /** Whether {@code flag} holds on any rank: one {@code MPI_Allreduce(MAX)} of an int. */
    private boolean anyRank(boolean flag) {
        if (size == 1) {
            return flag;
        }
        scalar.set(ValueLayout.JAVA_INT, 0, flag ? 1 : 0);
        mpi.allreduce(false, MemorySegment.ofAddress(abi.inPlace()), scalar, 1, abi.datatype(Datatype.INT32),
                abi.op(ReduceOp.MAX), comm);
        return scalar.get(ValueLayout.JAVA_INT, 0) != 0;
    }

    private void checkReceived(int expected, Datatype type, long datatype, int source, int tag, long offset) {
        int got = mpi.getCount(status, datatype, scalar);
        if (got != expected) {
            throw receivedCountMismatch(expected, got, type, source, tag, offset);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Buffer relations.

    /** Whether any of the segments is on the heap (then the critical downcall is needed). */
    static boolean isHeap(MemorySegment a, MemorySegment b) {
        return !a.isNative() || !b.isNative();
    }
}
