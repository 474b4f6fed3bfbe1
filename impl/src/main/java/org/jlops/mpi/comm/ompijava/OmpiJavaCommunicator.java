package org.jlops.mpi.comm.ompijava;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import org.jlops.mpi.comm.AbstractCommunicator;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * A {@link Communicator} over the Open MPI Java bindings ({@code mpi.jar} + {@code libmpi_java.so};
 * backend name {@code ompi-java}), for users of an Open MPI built with Java. Select it with
 * {@code -Djlops.comm.backend=ompi-java} and launch with Open MPI's {@code mpirun}:
 * <pre>
 * mpirun -np 4 java --enable-native-access=ALL-UNNAMED -Djlops.comm.backend=ompi-java -cp ... Main
 * </pre>
 * No {@code -Djava.library.path} is needed: {@code libmpi_java.so} is found in the usual library
 * directories and {@code mpi.jar} on the class path, through {@code -Djlops.mpi.jar} or
 * {@code JLOPS_MPI_JAR}, next to Open MPI, or in the cache {@code scripts/setup.sh} fills.
 *
 * <p><b>Buffers.</b> Off-heap segments go to MPI without a copy (as direct buffers); heap
 * segments are staged through a reusable off-heap buffer (the bindings would copy a heap array
 * through JNI anyway). Complex elements travel as pairs of reals ({@link Datatype#realComponent()}),
 * which is also how they are summed.
 *
 * <p><b>Large messages.</b> One native call carries at most the chunk limit given to
 * {@link #world(long)} (by {@link org.jlops.mpi.comm.Communicators}, from the property
 * {@code jlops.comm.chunkElements}) in elements and at most {@value #CALL_BYTES_PROPERTY} bytes
 * (default 256 MiB, read once when the world is created) per buffer;
 * longer messages are cut into pieces. How a call is cut depends only on arguments every
 * participating rank agrees on (and, for {@code alltoallv}, on one small agreement reduction), so
 * ranks with heap and off-heap buffers mix freely.
 *
 * <p><b>Failures.</b> MPI errors are returned, not fatal, and surface as
 * {@link CollectiveException}. The first call to {@link #world(long)} installs a default
 * uncaught-exception handler (chaining any previous one) that prints the exception with the rank
 * and calls {@code MPI_Abort}, so an exception on any rank ends the job with a non-zero status;
 * and an {@link org.jlops.mpi.comm.ExitGuard}: {@code MPI_Finalize} at JVM exit, bounded in time
 * ({@code jlops.mpi.finalizeTimeout}, default 5 s, so that {@code System.exit} on one rank while
 * the others still communicate ends the job), and never while another thread is inside an MPI
 * call (a SIGTERM or SIGINT then ends the process at once with status 1). Under a launcher other
 * than Open MPI's the bindings see one process where the launcher started several: that fails at
 * start-up with a message naming both counts.
 */
public final class OmpiJavaCommunicator extends AbstractCommunicator {

    /**
     * System property: the most bytes one buffer of one native call may span (default 2<sup>28</sup>);
     * also bounds the off-heap staging of heap segments. Must be the same on every rank.
     */
    public static final String CALL_BYTES_PROPERTY = "jlops.comm.ompijava.callBytes";

    private static final long DEFAULT_CALL_BYTES = 1L << 28;

    private static OmpiJavaCommunicator world;

    private final OmpiJavaBindings mpi;
    private final Object comm;
    private final int rank;
    private final int size;
    /** Largest element count of one native call. */
    private final long chunkElements;
    /** Largest byte count of one buffer of one native call. */
    private final long callBytes;
    private final Staging staging;
    private final MemorySegment agreement;

    private OmpiJavaCommunicator(OmpiJavaBindings mpi, Object comm, Scope scope, long chunkElements, long callBytes) {
        super(Backend.OMPI_JAVA, mpi.rank(comm), mpi.size(comm), scope);
        if (chunkElements < 1 || chunkElements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunkElements: expected a value in [1, 2^31-1], got " + chunkElements);
        }
        this.mpi = mpi;
        this.comm = comm;
        this.rank = rank();
        this.size = size();
        this.chunkElements = chunkElements;
        this.callBytes = callBytes;
        this.staging = new Staging(callBytes);
        this.agreement = Arena.ofAuto().allocate(2 * Long.BYTES, 64);
    }

    /**
     * The world communicator of this MPI job; the first call loads the bindings and initialises MPI.
     *
     * @param chunkElements the largest element count one native call carries, in
     *                      [1, 2<sup>31</sup>&minus;1] (the value of the first call is kept)
     * @throws IllegalStateException when {@code mpi.jar} or {@code libmpi_java.so} is missing
     *                               (the message says which, and that {@code scripts/setup.sh}
     *                               provides it) or MPI cannot be initialised
     */
    public static synchronized Communicator world(long chunkElements) {
        if (world == null) {
            long bytes = callBytes(System.getProperty(CALL_BYTES_PROPERTY));
            OmpiJavaBindings b = OmpiJavaBindings.get();
            world = new OmpiJavaCommunicator(b, b.world(), Scope.WORLD, chunkElements, bytes);
        }
        return world;
    }

    /**
     * The per-buffer byte limit of one native call that the value of {@value #CALL_BYTES_PROPERTY}
     * gives: 2<sup>28</sup> when null or blank.
     *
     * @throws IllegalArgumentException naming the property when the value is not in [16, 2^31-1]
     */
    static long callBytes(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_CALL_BYTES;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CALL_BYTES_PROPERTY + " must be an integer, got '" + value + "'", e);
        }
        if (n < 16 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(CALL_BYTES_PROPERTY + " must be in [16, 2^31-1], got " + n);
        }
        return n;
    }

    /** Elements of {@code type} one native call may carry per buffer (at least 1). */
    static long perCall(Datatype type, long chunkElements, long callBytes) {
        long chunk = chunkElements / (type.isComplex() ? 2 : 1);
        return Math.max(1, Math.min(chunk, callBytes / type.byteSize()));
    }

    private long perCall(Datatype type) {
        return perCall(type, chunkElements, callBytes);
    }

    /** {@code elements} of {@code type} in units of the bindings' (real) datatype. */
    private static int units(long elements, Datatype type) {
        return Math.toIntExact(type.isComplex() ? 2 * elements : elements);
    }

    /** {@code MPI_TAG_UB} of this MPI. */
    @Override
    protected int tagUpperBound() {
        return mpi.tagUpperBound();
    }

    /** Whether {@code MPI_Finalize} ran (the JVM is shutting down). */
    @Override
    protected boolean finalized() {
        return mpi.finalized();
    }

    @Override
    protected void doBarrier() {
        mpi.barrier(comm);
    }

    @Override
    protected void doAllreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        long es = type.byteSize();
        Object t = mpi.type(type);
        Object o = mpi.op(op);
        long per = perCall(type);
        for (long done = 0; done < count; done += per) {
            long k = Math.min(per, count - done);
            long off = done * es;
            long len = k * es;
            if (send == null) {
                ByteBuffer b = staging.inOut(Staging.SEND, recv, off, len);
                mpi.allReduceInPlace(comm, b, units(k, type), t, o);
                staging.finish(Staging.SEND, recv, off, len);
            } else {
                ByteBuffer s = staging.in(Staging.SEND, send, off, len);
                ByteBuffer r = staging.out(Staging.RECV, recv, off, len);
                mpi.allReduce(comm, s, r, units(k, type), t, o);
                staging.finish(Staging.RECV, recv, off, len);
            }
        }
    }

    @Override
    protected void doAllgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        if (count == 0) {
            return;
        }
        long es = type.byteSize();
        long blockBytes = count * es;
        Object t = mpi.type(type);
        long per = Math.max(1, Math.min(perCall(type), callBytes / (es * size)));
        if (count <= per) {
            ByteBuffer s = staging.in(Staging.SEND, send, 0, blockBytes);
            ByteBuffer r = staging.out(Staging.RECV, recv, 0, blockBytes * size);
            mpi.allGather(comm, s, units(count, type), r, units(count, type), t);
            staging.finish(Staging.RECV, recv, 0, blockBytes * size);
            return;
        }
        // Rounds: piece [done, done + k) of every rank's block, gathered contiguously, then placed.
        for (long done = 0; done < count; done += per) {
            long k = Math.min(per, count - done);
            long len = k * es;
            ByteBuffer s = staging.in(Staging.SEND, send, done * es, len);
            MemorySegment gathered = staging.slot(Staging.RECV, len * size);
            mpi.allGather(comm, s, units(k, type), gathered.asByteBuffer(), units(k, type), t);
            for (int r = 0; r < size; r++) {
                MemorySegment.copy(gathered, r * len, recv, r * blockBytes + done * es, len);
            }
        }
    }

    @Override
    protected void doAllgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts,
            long[] displs, Datatype type) {
        long maxCount = max(recvCounts);
        if (maxCount == 0) {
            return;
        }
        long extent = extent(recvCounts, displs);
        long es = type.byteSize();
        long total = 0;
        for (long c : recvCounts) {
            total += c;
        }
        Object t = mpi.type(type);
        long per = perCall(type);
        long limit = callBytes;
        // The counts are the same on every rank, the displacements need not be: how the call is
        // cut depends on the counts only; a rank whose blocks span too much (or whose buffer is on
        // the heap) receives them packed and places them itself.
        if (maxCount <= per && total * es <= limit) {
            ByteBuffer s = staging.in(Staging.SEND, send, 0, sendCount * es);
            if (recv.isNative() && extent * es <= limit) {
                mpi.allGatherv(comm, s, units(sendCount, type), recv.asSlice(0, extent * es).asByteBuffer(),
                        units(recvCounts, type), units(displs, type), t);
            } else {
                gathervPacked(s, sendCount, recv, recvCounts, displs, 0, maxCount, type);
            }
            return;
        }
        long piece = Math.max(1, Math.min(per, limit / (es * size)));
        for (long done = 0; done < maxCount; done += piece) {
            long mine = Math.clamp(sendCount - done, 0, piece);
            ByteBuffer s = staging.in(Staging.SEND, send, Math.min(done, sendCount) * es, mine * es);
            gathervPacked(s, mine, recv, recvCounts, displs, done, piece, type);
        }
    }

    /**
     * One MPI_Allgatherv of elements {@code [done, done + piece)} of every rank's block, received
     * packed in the staging slot and copied to their places in {@code recv}.
     */
    private void gathervPacked(ByteBuffer send, long sendCount, MemorySegment recv, long[] recvCounts, long[] displs,
            long done, long piece, Datatype type) {
        long es = type.byteSize();
        int[] counts = new int[size];
        int[] offsets = new int[size];
        long total = 0;
        for (int q = 0; q < size; q++) {
            long k = Math.clamp(recvCounts[q] - done, 0, piece);
            counts[q] = units(k, type);
            offsets[q] = units(total, type);
            total += k;
        }
        MemorySegment packed = staging.slot(Staging.RECV, total * es);
        mpi.allGatherv(comm, send, units(sendCount, type), packed.asByteBuffer(), counts, offsets, mpi.type(type));
        long at = 0;
        for (int q = 0; q < size; q++) {
            long k = Math.clamp(recvCounts[q] - done, 0, piece);
            if (k > 0) {
                MemorySegment.copy(packed, at * es, recv, (displs[q] + done) * es, k * es);
            }
            at += k;
        }
    }

    @Override
    protected void doBcast(MemorySegment buf, long count, Datatype type, int root) {
        long es = type.byteSize();
        Object t = mpi.type(type);
        long per = perCall(type);
        for (long done = 0; done < count; done += per) {
            long k = Math.min(per, count - done);
            if (rank == root) {
                mpi.bcast(comm, staging.in(Staging.SEND, buf, done * es, k * es), units(k, type), t, root);
            } else {
                mpi.bcast(comm, staging.out(Staging.RECV, buf, done * es, k * es), units(k, type), t, root);
                staging.finish(Staging.RECV, buf, done * es, k * es);
            }
        }
    }

    @Override
    protected void doSend(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        long es = type.byteSize();
        Object t = mpi.type(type);
        long per = perCall(type);
        long done = 0;
        do {
            long k = Math.min(per, count - done);
            mpi.send(comm, staging.in(Staging.SEND, buf, done * es, k * es), units(k, type), t, dest, tag);
            done += k;
        } while (done < count);
    }

    @Override
    protected void doRecv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        long es = type.byteSize();
        Object t = mpi.type(type);
        long per = perCall(type);
        long done = 0;
        do {
            long k = Math.min(per, count - done);
            ByteBuffer b = staging.out(Staging.RECV, buf, done * es, k * es);
            int got = mpi.recv(comm, b, units(k, type), t, source, tag);
            checkReceived(got, k, type, source, tag, done);
            staging.finish(Staging.RECV, buf, done * es, k * es);
            done += k;
        } while (done < count);
    }

    @Override
    protected void doSendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag, MemorySegment recvBuf,
            long recvCount, int source, int recvTag, Datatype type) {
        long es = type.byteSize();
        Object t = mpi.type(type);
        long per = perCall(type);
        // Piece i of the outgoing and piece i of the incoming message travel together; the longer
        // direction finishes with plain sends or receives. Deadlock-free: the ranks in the lowest
        // piece index i all post piece i of both directions, and no rank can be past piece i while
        // its partner still has to send it piece i.
        long sendPieces = Math.max(1, Math.ceilDiv(sendCount, per));
        long recvPieces = Math.max(1, Math.ceilDiv(recvCount, per));
        for (long i = 0; i < Math.max(sendPieces, recvPieces); i++) {
            long sOff = i * per;
            long rOff = i * per;
            long sk = Math.clamp(sendCount - sOff, 0, per);
            long rk = Math.clamp(recvCount - rOff, 0, per);
            ByteBuffer s = i < sendPieces ? staging.in(Staging.SEND, sendBuf, Math.min(sOff, sendCount) * es, sk * es)
                    : null;
            ByteBuffer r = i < recvPieces ? staging.out(Staging.RECV, recvBuf, Math.min(rOff, recvCount) * es, rk * es)
                    : null;
            if (s != null && r != null) {
                int got = mpi.sendRecv(comm, s, units(sk, type), dest, sendTag, r, units(rk, type), source, recvTag, t);
                checkReceived(got, rk, type, source, recvTag, rOff);
            } else if (s != null) {
                mpi.send(comm, s, units(sk, type), t, dest, sendTag);
            } else {
                int got = mpi.recv(comm, r, units(rk, type), t, source, recvTag);
                checkReceived(got, rk, type, source, recvTag, rOff);
            }
            if (r != null) {
                staging.finish(Staging.RECV, recvBuf, Math.min(rOff, recvCount) * es, rk * es);
            }
        }
    }

    @Override
    protected void doAlltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type) {
        long sendExtent = extent(sendCounts, sendDispls);
        long recvExtent = extent(recvCounts, recvDispls);
        long es = type.byteSize();
        Object t = mpi.type(type);
        long per = perCall(type);
        long limit = callBytes;
        long localMax = Math.max(max(sendCounts), max(recvCounts));
        boolean fits = localMax <= per && sendExtent * es <= limit && recvExtent * es <= limit;
        // Whether one call suffices depends on every rank's counts: agree on it (and on the largest count).
        agreement.set(ValueLayout.JAVA_LONG, 0, fits ? 0 : 1);
        agreement.set(ValueLayout.JAVA_LONG, Long.BYTES, localMax);
        mpi.allReduceInPlace(comm, agreement.asByteBuffer(), 2, mpi.type(Datatype.INT64), mpi.op(ReduceOp.MAX));
        boolean allFit = agreement.get(ValueLayout.JAVA_LONG, 0) == 0;
        long globalMax = agreement.get(ValueLayout.JAVA_LONG, Long.BYTES);
        if (allFit) {
            ByteBuffer s = staging.in(Staging.SEND, send, 0, sendExtent * es);
            ByteBuffer r = staging.out(Staging.RECV, recv, 0, recvExtent * es);
            mpi.allToAllv(comm, s, units(sendCounts, type), units(sendDispls, type), r, units(recvCounts, type),
                    units(recvDispls, type), t);
            for (int q = 0; q < size; q++) {
                staging.finish(Staging.RECV, recvDispls[q] * es, recv, recvDispls[q] * es, recvCounts[q] * es);
            }
            return;
        }
        // Rounds: piece [done, done + piece) of every block, packed contiguously on both sides.
        long piece = Math.max(1, Math.min(per, limit / (es * size)));
        int[] sc = new int[size];
        int[] sd = new int[size];
        int[] rc = new int[size];
        int[] rd = new int[size];
        for (long done = 0; done < globalMax; done += piece) {
            long sTotal = 0;
            long rTotal = 0;
            for (int q = 0; q < size; q++) {
                long sk = Math.clamp(sendCounts[q] - done, 0, piece);
                long rk = Math.clamp(recvCounts[q] - done, 0, piece);
                sc[q] = units(sk, type);
                sd[q] = units(sTotal, type);
                rc[q] = units(rk, type);
                rd[q] = units(rTotal, type);
                sTotal += sk;
                rTotal += rk;
            }
            MemorySegment packed = staging.slot(Staging.SEND, sTotal * es);
            long at = 0;
            for (int q = 0; q < size; q++) {
                long sk = Math.clamp(sendCounts[q] - done, 0, piece);
                if (sk > 0) {
                    MemorySegment.copy(send, (sendDispls[q] + done) * es, packed, at * es, sk * es);
                }
                at += sk;
            }
            MemorySegment received = staging.slot(Staging.RECV, rTotal * es);
            mpi.allToAllv(comm, packed.asByteBuffer(), sc, sd, received.asByteBuffer(), rc, rd, t);
            at = 0;
            for (int q = 0; q < size; q++) {
                long rk = Math.clamp(recvCounts[q] - done, 0, piece);
                if (rk > 0) {
                    MemorySegment.copy(received, at * es, recv, (recvDispls[q] + done) * es, rk * es);
                }
                at += rk;
            }
        }
    }

    @Override
    protected Communicator doSplit(int color, int key) {
        Object sub = mpi.split(comm, color == UNDEFINED ? mpi.undefined() : color, key);
        return sub == null ? null : new OmpiJavaCommunicator(mpi, sub, Scope.SUB, chunkElements, callBytes);
    }

    /** Frees the sub-communicator (collective over its ranks) and its staging memory. */
    @Override
    protected void doClose() {
        staging.close();
        mpi.free(comm);
    }

    @Override
    public String toString() {
        return "OmpiJavaCommunicator[rank " + rank + " of " + size + "]";
    }

    private void checkReceived(int got, long expected, Datatype type, int source, int tag, long offset) {
        if (got != units(expected, type)) {
            throw receivedCountMismatch(expected, type.isComplex() ? got / 2 : got, type, source, tag, offset);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Helpers

    private static long max(long[] a) {
        long m = 0;
        for (long v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static int[] units(long[] elements, Datatype type) {
        int[] out = new int[elements.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = units(elements[i], type);
        }
        return out;
    }

    /** Elements a buffer needs to hold every non-empty block (counts and displacements were checked). */
    private static long extent(long[] counts, long[] displs) {
        long end = 0;
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] > 0) {
                end = Math.max(end, displs[r] + counts[r]);
            }
        }
        return end;
    }
}
