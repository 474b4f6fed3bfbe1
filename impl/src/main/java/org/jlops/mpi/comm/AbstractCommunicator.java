package org.jlops.mpi.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jlops.mpi.profile.LogView;

/**
 * The skeleton every backend extends: each public method of {@link Communicator} is
 * {@code final} here, checks its arguments, then calls one protected {@code do…} hook that the
 * backend writes (the template the operators use: {@code matvec} → {@code doMatvec}). A backend
 * therefore keeps only marshalling, the native call and the check of its result, and the same bad
 * argument gives the same exception with the same message on every backend.
 *
 * <p>What is checked, before anything is sent, in this order:
 * <ol>
 *   <li>the state: a sub-communicator used after {@link #close()}, or MPI already finalised
 *       ({@link IllegalStateException});</li>
 *   <li>every reference argument, in parameter order: {@code "send: must not be null"};</li>
 *   <li>counts: {@code "count: must not be negative, got -1"};</li>
 *   <li>ranks ({@code root}, {@code dest}, {@code source}) in {@code [0, size())}, tags in
 *       {@code [0, MPI_TAG_UB]}, per-rank arrays with one non-negative entry per rank, this
 *       rank's own entries consistent ({@code sendCount == recvCounts[rank()]});</li>
 *   <li>the reduction operator against the datatype ({@link ReduceOp#checkSupports});</li>
 *   <li>capacities ({@link Datatype#checkCapacity}), and that a segment that receives data is
 *       writable.</li>
 * </ol>
 * Every failure is an {@link IllegalArgumentException} whose message starts with the argument's
 * name. These checks see one rank's arguments only; a backend may add checks that need the other
 * ranks' arguments (the in-JVM backend compares counts across ranks).
 *
 * <p><b>Overlapping buffers.</b> A send buffer may share memory with the receive buffer of the
 * same call: what is sent is the send buffer as it was before the call (the hook gets a private
 * copy, so backends never see overlapping buffers). An {@code allreduce} whose {@code send} and
 * {@code recv} start at the same byte is an in-place reduction, which the hook gets as a
 * {@code null} {@code send}.
 *
 * <p><b>Life cycle.</b> {@link #close()} frees a sub-communicator (one {@code split} returned),
 * once; later calls fail with {@link IllegalStateException}. On a world communicator it does
 * nothing: the world lives as long as the process (or, in-JVM, the cluster).
 */
@SuppressWarnings("try") // the log-view spans of try-with-resources are closed, not read
public abstract class AbstractCommunicator implements Communicator {

    /** Whether a communicator is a world (never closed) or a sub-communicator (freed by close). */
    protected enum Scope {
        /** All ranks of the job or in-JVM cluster: {@link #close()} does nothing. */
        WORLD,
        /** Made by {@link #split}: {@link #close()} frees it. */
        SUB
    }

    private final Backend backend;
    private final int rank;
    private final int size;
    private final Scope scope;
    private boolean closed;

    /**
     * A communicator of one backend, checked.
     *
     * @param backend which backend this is (what {@link #backend()} prints)
     * @param rank    this rank, in {@code [0, size)}
     * @param size    number of ranks, at least 1
     * @param scope   world or sub-communicator
     * @throws IllegalArgumentException naming the first bad argument
     */
    protected AbstractCommunicator(Backend backend, int rank, int size, Scope scope) {
        checkNotNull("backend", backend);
        checkNotNull("scope", scope);
        if (size < 1) {
            throw new IllegalArgumentException("size: must be at least 1, got " + size);
        }
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank: expected a rank in [0, " + size + "), got " + rank);
        }
        this.backend = backend;
        this.rank = rank;
        this.size = size;
        this.scope = scope;
    }

    // -----------------------------------------------------------------------------------------
    // Hooks: called with checked arguments only.

    /**
     * The largest tag point-to-point calls accept ({@code MPI_TAG_UB}); {@link Integer#MAX_VALUE}
     * unless the backend's MPI says less.
     *
     * @return the largest tag
     */
    protected int tagUpperBound() {
        return Integer.MAX_VALUE;
    }

    /**
     * Whether the backend's MPI was finalised (then every call fails, and close does nothing).
     *
     * @return whether MPI was finalised
     */
    protected boolean finalized() {
        return false;
    }

    /** {@link #barrier()}. */
    protected abstract void doBarrier();

    /**
     * {@link #allreduce(MemorySegment, MemorySegment, long, Datatype, ReduceOp)}.
     *
     * @param send this rank's contribution, disjoint from {@code recv}; {@code null} for an
     *             in-place reduction, whose contribution is in {@code recv}
     * @param recv  (Output) the result
     * @param count number of elements
     * @param type  element type
     * @param op    the reduction
     */
    protected abstract void doAllreduce(MemorySegment send, MemorySegment recv, long count, Datatype type,
            ReduceOp op);

    /**
     * {@link #allgather(MemorySegment, MemorySegment, long, Datatype)}; {@code send} is disjoint from {@code recv}.
     *
     * @param send  (Input) this rank's block, disjoint from {@code recv}
     * @param recv  (Output) room for {@code size() * count} elements
     * @param count elements per rank
     * @param type  element type
     */
    protected abstract void doAllgather(MemorySegment send, MemorySegment recv, long count, Datatype type);

    /**
     * {@link #allgatherv}; {@code send} is disjoint from {@code recv}, {@code sendCount ==
     * recvCounts[rank()]}, and {@code recv} holds {@link #extent extent(recvCounts, displs)} elements.
     *
     * @param send       (Input) this rank's block, disjoint from {@code recv}
     * @param sendCount  elements this rank contributes
     * @param recv       (Output) the gathered blocks
     * @param recvCounts (Input) elements per rank; not modified
     * @param displs     (Input) element offset of each rank's block; not modified
     * @param type       element type
     */
    protected abstract void doAllgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts,
            long[] displs, Datatype type);

    /**
     * {@link #bcast}.
     *
     * @param buf   (Input on root, Output elsewhere) the elements
     * @param count number of elements
     * @param type  element type
     * @param root  the sending rank
     */
    protected abstract void doBcast(MemorySegment buf, long count, Datatype type, int root);

    /**
     * {@link #send}.
     *
     * @param buf   (Input) the elements; not modified
     * @param count number of elements
     * @param type  element type
     * @param dest  the receiving rank
     * @param tag   the tag
     */
    protected abstract void doSend(MemorySegment buf, long count, Datatype type, int dest, int tag);

    /**
     * {@link #recv}.
     *
     * @param buf    (Output) room for the elements
     * @param count  number of elements
     * @param type   element type
     * @param source the sending rank
     * @param tag    the tag
     */
    protected abstract void doRecv(MemorySegment buf, long count, Datatype type, int source, int tag);

    /**
     * {@link #sendrecv}; {@code sendBuf} is disjoint from {@code recvBuf}.
     *
     * @param sendBuf   (Input) the elements sent; not modified
     * @param sendCount number of elements sent
     * @param dest      the receiving rank
     * @param sendTag   the tag sent
     * @param recvBuf   (Output) room for the elements received
     * @param recvCount number of elements received
     * @param source    the sending rank
     * @param recvTag   the tag received
     * @param type      element type
     */
    protected abstract void doSendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag,
            MemorySegment recvBuf, long recvCount, int source, int recvTag, Datatype type);

    /**
     * {@link #alltoallv}; {@code send} is disjoint from {@code recv}, {@code sendCounts[rank()] ==
     * recvCounts[rank()]}, and both buffers hold their blocks.
     *
     * @param send       (Input) this rank's block, disjoint from {@code recv}
     * @param sendCounts (Input) elements sent to each rank; not modified
     * @param sendDispls (Input) offsets in {@code send}; not modified
     * @param recv       (Output) the blocks received
     * @param recvCounts (Input) elements received from each rank; not modified
     * @param recvDispls (Input) offsets in {@code recv}; not modified
     * @param type       element type
     */
    protected abstract void doAlltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type);

    /**
     * {@link #alltoallvAgreed}: as {@link #doAlltoallv}, and every rank's block ends are at most
     * {@code bound}, the same on every rank (so a choice made from it is the same everywhere). By
     * default {@link #doAlltoallv}.
     *
     * @param send       (Input) this rank's block, disjoint from {@code recv}
     * @param sendCounts (Input) elements sent to each rank; not modified
     * @param sendDispls (Input) offsets in {@code send}; not modified
     * @param recv       (Output) the blocks received
     * @param recvCounts (Input) elements received from each rank; not modified
     * @param recvDispls (Input) offsets in {@code recv}; not modified
     * @param type       element type
     * @param bound      at least every rank's largest block end, the same on every rank
     */
    protected void doAlltoallvAgreed(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type, long bound) {
        doAlltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type);
    }

    /**
     * {@link #split}; {@code color} is non-negative or {@link #UNDEFINED}.
     *
     * @param color the colour, or {@link #UNDEFINED}
     * @param key   the order in the new communicator
     * @return the new communicator, or null for {@link #UNDEFINED}
     */
    protected abstract Communicator doSplit(int color, int key);

    /** Frees this sub-communicator (collective over its ranks); called once, never on a world. */
    protected abstract void doClose();

    // -----------------------------------------------------------------------------------------
    // The checked entry points.

    /** {@inheritDoc} Local. */
    @Override
    public final int rank() {
        return rank;
    }

    /** {@inheritDoc} Local. */
    @Override
    public final int size() {
        return size;
    }

    /** {@inheritDoc} Local. */
    @Override
    public final String backend() {
        return backend.toString();
    }

    /** {@inheritDoc} */
    @Override
    public final void barrier() {
        checkUsable();
        try (LogView.Span span = record("barrier", 1, 0)) {
            doBarrier();
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void allreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        checkUsable();
        checkNotNull("send", send);
        checkNotNull("recv", recv);
        checkNotNull("type", type);
        checkNotNull("op", op);
        checkCount("count", count);
        op.checkSupports(type);
        type.checkCapacity("send", send, count);
        type.checkCapacity("recv", recv, count);
        checkWritable("recv", recv, count);
        long bytes = count * type.byteSize();
        try (LogView.Span span = record("allreduce", 1, bytes)) {
            if (sameStart(send, recv)) {
                doAllreduce(null, recv, count, type, op);
                return;
            }
            try (Arena scratch = overlap(send, bytes, recv, bytes) ? Arena.ofConfined() : null) {
                doAllreduce(disjoint(scratch, send, bytes), recv, count, type, op);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void allgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        checkUsable();
        checkNotNull("send", send);
        checkNotNull("recv", recv);
        checkNotNull("type", type);
        checkCount("count", count);
        long total = checkedProduct(count, size);
        type.checkCapacity("send", send, count);
        type.checkCapacity("recv", recv, total);
        checkWritable("recv", recv, total);
        long bytes = count * type.byteSize();
        try (LogView.Span span = record("allgather", 1, bytes);
                Arena scratch = overlap(send, bytes, recv, total * type.byteSize()) ? Arena.ofConfined() : null) {
            doAllgather(disjoint(scratch, send, bytes), recv, count, type);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void allgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts,
            long[] displs, Datatype type) {
        checkUsable();
        checkNotNull("send", send);
        checkNotNull("recv", recv);
        checkNotNull("recvCounts", recvCounts);
        checkNotNull("displs", displs);
        checkNotNull("type", type);
        checkCount("sendCount", sendCount);
        checkPerRank("recvCounts", recvCounts);
        checkPerRank("displs", displs);
        if (sendCount != recvCounts[rank]) {
            throw new IllegalArgumentException("sendCount: expected recvCounts[" + rank + "] = " + recvCounts[rank]
                    + " (this rank's entry), got " + sendCount);
        }
        long extent = extent("recvCounts", recvCounts, displs);
        type.checkCapacity("send", send, sendCount);
        type.checkCapacity("recv", recv, extent);
        checkWritable("recv", recv, extent);
        long bytes = sendCount * type.byteSize();
        try (LogView.Span span = record("allgatherv", 1, bytes);
                Arena scratch = overlap(send, bytes, recv, extent * type.byteSize()) ? Arena.ofConfined() : null) {
            doAllgatherv(disjoint(scratch, send, bytes), sendCount, recv, recvCounts, displs, type);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void bcast(MemorySegment buf, long count, Datatype type, int root) {
        checkUsable();
        checkNotNull("buf", buf);
        checkNotNull("type", type);
        checkCount("count", count);
        checkRank("root", root);
        type.checkCapacity("buf", buf, count);
        if (rank != root) {
            checkWritable("buf", buf, count);
        }
        try (LogView.Span span = record("bcast", 1, rank == root ? count * type.byteSize() : 0)) {
            doBcast(buf, count, type, root);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void send(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        checkUsable();
        checkNotNull("buf", buf);
        checkNotNull("type", type);
        checkCount("count", count);
        checkRank("dest", dest);
        checkTag("tag", tag);
        type.checkCapacity("buf", buf, count);
        try (LogView.Span span = record("send", 1, count * type.byteSize())) {
            doSend(buf, count, type, dest, tag);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void recv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        checkUsable();
        checkNotNull("buf", buf);
        checkNotNull("type", type);
        checkCount("count", count);
        checkRank("source", source);
        checkTag("tag", tag);
        type.checkCapacity("buf", buf, count);
        checkWritable("buf", buf, count);
        try (LogView.Span span = record("recv", 0, 0)) {
            doRecv(buf, count, type, source, tag);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void sendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag,
            MemorySegment recvBuf, long recvCount, int source, int recvTag, Datatype type) {
        checkUsable();
        checkNotNull("sendBuf", sendBuf);
        checkNotNull("recvBuf", recvBuf);
        checkNotNull("type", type);
        checkCount("sendCount", sendCount);
        checkCount("recvCount", recvCount);
        checkRank("dest", dest);
        checkRank("source", source);
        checkTag("sendTag", sendTag);
        checkTag("recvTag", recvTag);
        type.checkCapacity("sendBuf", sendBuf, sendCount);
        type.checkCapacity("recvBuf", recvBuf, recvCount);
        checkWritable("recvBuf", recvBuf, recvCount);
        long sendBytes = sendCount * type.byteSize();
        long recvBytes = recvCount * type.byteSize();
        try (LogView.Span span = record("sendrecv", 1, sendBytes);
                Arena scratch = overlap(sendBuf, sendBytes, recvBuf, recvBytes) ? Arena.ofConfined() : null) {
            doSendrecv(disjoint(scratch, sendBuf, sendBytes), sendCount, dest, sendTag, recvBuf, recvCount, source,
                    recvTag, type);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void alltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type) {
        alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type, -1);
    }

    /** {@inheritDoc} */
    @Override
    public final void alltoallvAgreed(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type, long bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("bound: expected at least 0, got " + bound);
        }
        alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type, bound);
    }

    /** {@link #alltoallv}, or {@link #alltoallvAgreed} when {@code bound >= 0}. */
    private void alltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type, long bound) {
        checkUsable();
        checkNotNull("send", send);
        checkNotNull("sendCounts", sendCounts);
        checkNotNull("sendDispls", sendDispls);
        checkNotNull("recv", recv);
        checkNotNull("recvCounts", recvCounts);
        checkNotNull("recvDispls", recvDispls);
        checkNotNull("type", type);
        checkPerRank("sendCounts", sendCounts);
        checkPerRank("sendDispls", sendDispls);
        checkPerRank("recvCounts", recvCounts);
        checkPerRank("recvDispls", recvDispls);
        if (sendCounts[rank] != recvCounts[rank]) {
            throw new IllegalArgumentException("sendCounts, recvCounts: this rank (" + rank + ") sends itself "
                    + sendCounts[rank] + " elements but expects " + recvCounts[rank]);
        }
        long sendExtent = extent("sendCounts", sendCounts, sendDispls);
        long recvExtent = extent("recvCounts", recvCounts, recvDispls);
        if (bound >= 0) {
            checkBound("sendCounts, sendDispls", sendCounts, sendDispls, bound);
            checkBound("recvCounts, recvDispls", recvCounts, recvDispls, bound);
        }
        type.checkCapacity("send", send, sendExtent);
        type.checkCapacity("recv", recv, recvExtent);
        checkWritable("recv", recv, recvExtent);
        long sendBytes = sendExtent * type.byteSize();
        try (LogView.Span span = LogView.enabled() ? record("alltoallv", peers(sendCounts), sent(sendCounts, type)) : null;
                Arena scratch = overlap(send, sendBytes, recv, recvExtent * type.byteSize()) ? Arena.ofConfined()
                        : null) {
            MemorySegment from = disjoint(scratch, send, sendBytes);
            if (bound >= 0) {
                doAlltoallvAgreed(from, sendCounts, sendDispls, recv, recvCounts, recvDispls, type, bound);
            } else {
                doAlltoallv(from, sendCounts, sendDispls, recv, recvCounts, recvDispls, type);
            }
        }
    }

    /** Fails unless every block end {@code displs[r] + counts[r]} (checked not to overflow) is at most {@code bound}. */
    private static void checkBound(String what, long[] counts, long[] displs, long bound) {
        for (int r = 0; r < counts.length; r++) {
            if (displs[r] + counts[r] > bound) {
                throw new IllegalArgumentException(what + ": the block of rank " + r + " ends at element "
                        + (displs[r] + counts[r]) + ", past the bound " + bound + " given for every rank's blocks");
            }
        }
    }

    /** A log-view span of one call of a communicator (a no-op when the view is off). */
    private static LogView.Span record(String kind, long messages, long bytes) {
        return LogView.span(LogView.Kind.COMM, kind).messages(messages).bytes(bytes);
    }

    /** The peers other than this rank that an alltoallv sends a non-empty block to. */
    private long peers(long[] sendCounts) {
        long n = 0;
        for (int r = 0; r < sendCounts.length; r++) {
            n += r != rank && sendCounts[r] > 0 ? 1 : 0;
        }
        return n;
    }

    /** The bytes an alltoallv sends to other ranks. */
    private long sent(long[] sendCounts, Datatype type) {
        long n = 0;
        for (int r = 0; r < sendCounts.length; r++) {
            n += r != rank ? sendCounts[r] : 0;
        }
        return n * type.byteSize();
    }

    /** {@inheritDoc} */
    @Override
    public final Communicator split(int color, int key) {
        checkUsable();
        if (color < 0 && color != UNDEFINED) {
            throw new IllegalArgumentException("color: expected a non-negative colour or Communicator.UNDEFINED ("
                    + UNDEFINED + "), got " + color);
        }
        return doSplit(color, key);
    }

    /**
     * Frees a sub-communicator (collective over its ranks), once; later calls on it fail with
     * {@link IllegalStateException}. Does nothing on a world communicator, on a communicator
     * already closed, or once MPI was finalised.
     */
    @Override
    public final void close() {
        if (closed || scope == Scope.WORLD) {
            return;
        }
        closed = true;
        if (!finalized()) {
            doClose();
        }
    }

    // -----------------------------------------------------------------------------------------
    // The conveniences of Communicator, final too: they reach the backend through the checked calls.

    /** {@inheritDoc} */
    @Override
    public final double allreduce(double value, ReduceOp op) {
        return Communicator.super.allreduce(value, op);
    }

    /** {@inheritDoc} */
    @Override
    public final long allreduce(long value, ReduceOp op) {
        return Communicator.super.allreduce(value, op);
    }

    /** {@inheritDoc} */
    @Override
    public final int allreduce(int value, ReduceOp op) {
        return Communicator.super.allreduce(value, op);
    }

    /** {@inheritDoc} */
    @Override
    public final void allreduce(double[] buf, ReduceOp op) {
        checkNotNull("buf", buf);
        Communicator.super.allreduce(buf, op);
    }

    /** {@inheritDoc} */
    @Override
    public final void allreduce(float[] buf, ReduceOp op) {
        checkNotNull("buf", buf);
        Communicator.super.allreduce(buf, op);
    }

    /** {@inheritDoc} */
    @Override
    public final void allreduce(long[] buf, ReduceOp op) {
        checkNotNull("buf", buf);
        Communicator.super.allreduce(buf, op);
    }

    /** {@inheritDoc} */
    @Override
    public final long[] allgather(long value) {
        return Communicator.super.allgather(value);
    }

    /** {@inheritDoc} */
    @Override
    public final int[] allgather(int value) {
        return Communicator.super.allgather(value);
    }

    /** {@inheritDoc} */
    @Override
    public final long[][] allgatherv(long[] values) {
        checkNotNull("values", values);
        return Communicator.super.allgatherv(values);
    }

    /** {@inheritDoc} */
    @Override
    public final long bcast(long value, int root) {
        return Communicator.super.bcast(value, root);
    }

    // -----------------------------------------------------------------------------------------
    // Results a backend reports in the same words everywhere.

    /**
     * The exception for a received message of another length than the receive asked for.
     *
     * @param expected elements asked for (of one native call when the message was cut in pieces)
     * @param got      elements the message held
     * @param offset   element offset of that piece in the receive buffer (0 for a whole message)
     * @param type   element type
     * @param source the sending rank
     * @param tag    the tag
     * @return the exception, to throw
     */
    protected final CollectiveException receivedCountMismatch(long expected, long got, Datatype type, int source,
            int tag, long offset) {
        return new CollectiveException("recv: rank " + rank + " expected " + expected + " " + type
                + " elements from rank " + source + " (tag " + tag + (offset > 0 ? ", element offset " + offset : "")
                + ") but the message held " + got);
    }

    // -----------------------------------------------------------------------------------------
    // The checks (private: a backend can neither skip nor reword one).

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("communicator: used after close() (rank " + rank + " of " + size + ")");
        }
        if (finalized()) {
            throw new IllegalStateException("communicator: MPI was finalised (the JVM is shutting down)");
        }
    }

    private static void checkNotNull(String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
    }

    private static void checkCount(String what, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(what + ": must not be negative, got " + count);
        }
    }

    private void checkRank(String what, int r) {
        if (r < 0 || r >= size) {
            throw new IllegalArgumentException(what + ": expected a rank in [0, " + size + "), got " + r);
        }
    }

    private void checkTag(String what, int tag) {
        if (tag < 0) {
            throw new IllegalArgumentException(what + ": must not be negative, got " + tag);
        }
        int upper = tagUpperBound();
        if (tag > upper) {
            throw new IllegalArgumentException(what + ": " + tag + " is above MPI_TAG_UB = " + upper
                    + ", the largest tag this MPI accepts");
        }
    }

    private void checkPerRank(String what, long[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException(what + ": expected one entry per rank (" + size + "), got "
                    + values.length);
        }
        for (int r = 0; r < size; r++) {
            if (values[r] < 0) {
                throw new IllegalArgumentException(what + "[" + r + "]: must not be negative, got " + values[r]);
            }
        }
    }

    private static void checkWritable(String what, MemorySegment segment, long count) {
        if (count > 0 && segment.isReadOnly()) {
            throw new IllegalArgumentException(what + ": is read-only but receives data");
        }
    }

    private long checkedProduct(long count, int ranks) {
        if (count > Long.MAX_VALUE / ranks) {
            throw new IllegalArgumentException("count: " + count + " elements from each of " + ranks
                    + " ranks overflow a long");
        }
        return count * ranks;
    }

    /** {@link #extent(long[], long[])}, failing with the counts' name when an end overflows a long. */
    private static long extent(String what, long[] counts, long[] displs) {
        try {
            return extent(counts, displs);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + ": a block's displacement + count overflows a long", e);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Buffer relations (package-private for the tests).

    /** Stands for "native memory" when comparing the bases of segments. */
    private static final Object NATIVE = new Object();

    /** Elements a buffer needs to hold every non-empty block {@code [displs[r], displs[r] + counts[r])}. */
    static long extent(long[] counts, long[] displs) {
        long end = 0;
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] > 0) {
                end = Math.max(end, Math.addExact(displs[r], counts[r]));
            }
        }
        return end;
    }

    /** Whether both segments start at the same byte of the same memory (an in-place call). */
    static boolean sameStart(MemorySegment a, MemorySegment b) {
        Object baseA = base(a);
        return baseA != null && baseA == base(b) && a.address() == b.address();
    }

    /** Whether the first {@code aBytes} bytes of {@code a} and {@code bBytes} bytes of {@code b} share memory. */
    static boolean overlap(MemorySegment a, long aBytes, MemorySegment b, long bBytes) {
        if (aBytes <= 0 || bBytes <= 0) {
            return false;
        }
        return a.asSlice(0, aBytes).asOverlappingSlice(b.asSlice(0, bBytes)).isPresent();
    }

    /**
     * What a segment's address is relative to: its array for a heap segment, a shared marker for
     * native memory, or null when unknown (a read-only heap segment hides its array).
     */
    private static Object base(MemorySegment s) {
        return s.isNative() ? NATIVE : s.heapBase().orElse(null);
    }

    /** {@code send} itself, or (when {@code scratch} is given) a copy of its first {@code bytes} bytes there. */
    private static MemorySegment disjoint(Arena scratch, MemorySegment send, long bytes) {
        if (scratch == null) {
            return send;
        }
        MemorySegment copy = scratch.allocate(Math.max(bytes, 1), 16).asSlice(0, bytes);
        MemorySegment.copy(send, 0, copy, 0, bytes);
        return copy;
    }
}
