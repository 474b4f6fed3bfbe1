package org.jlops.mpi.comm;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The one seam between computation and communication: a group of ranks and the collective and
 * point-to-point calls the library needs. Names mirror MPI's.
 *
 * <p>Buffers are {@link MemorySegment}s, on the heap ({@code MemorySegment.ofArray(double[])})
 * or off the heap, so that element counts above 2<sup>31</sup> work on every backend. Counts
 * are in elements of the given {@link Datatype}; displacements likewise. Every call named
 * "collective" below must be made by every rank of the communicator, in the same order,
 * or the job hangs (on MPI) or fails with a {@link CollectiveException} (in-JVM backend).
 *
 * <p>A send buffer may share memory with the receive buffer of the same call: what is sent is its
 * content before the call. An {@code allreduce} whose {@code send} and {@code recv} start at the
 * same byte reduces in place.
 *
 * <p>Implementations ({@link Backend}): the in-JVM {@code LocalCluster} (ranks as threads), MPI
 * through the Foreign Function &amp; Memory API ({@code mpi-ffm}), the Open MPI Java bindings
 * ({@code ompi-java}). Each extends {@link AbstractCommunicator}, which checks every argument
 * before the backend sees it, so a bad argument gives the same {@link IllegalArgumentException}
 * (or, for a closed communicator, {@link IllegalStateException}) with the same message on every
 * backend. Obtain one with {@link Communicators#world()} or {@link Communicators#world(Backend)}.
 *
 * <p>A communicator is used by one thread at a time (one rank = one thread).
 */
public interface Communicator extends AutoCloseable {

    /** Colour passed to {@link #split} by ranks that want no sub-communicator. */
    int UNDEFINED = -1;

    /**
     * This rank's index. Local.
     *
     * @return the rank, {@code 0 <= rank() < size()}
     */
    int rank();

    /**
     * The number of ranks. Local.
     *
     * @return at least 1
     */
    int size();

    /**
     * The backend's name. Local.
     *
     * @return {@code local}, {@code mpi-ffm} or {@code ompi-java}
     */
    String backend();

    /** Blocks until every rank has called it. Collective. */
    void barrier();

    /**
     * Element-wise reduction of {@code count} elements over all ranks; every rank receives the
     * result. Collective. The in-JVM backend reduces in rank order (bit-reproducible).
     *
     * @param send  (Input) this rank's contribution. Not modified unless it is {@code recv}.
     * @param recv  (Output) the result; may start at the same byte as {@code send} (in place).
     * @param count number of elements
     * @param type  element type
     * @param op    reduction; MAX and MIN for real types only
     */
    void allreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op);

    /**
     * Gathers {@code count} elements from every rank into {@code recv}, rank r's block at
     * element offset {@code r * count}. Collective.
     *
     * @param send  (Input) this rank's block. Not modified.
     * @param recv  (Output) room for {@code size() * count} elements.
     * @param count elements per rank
     * @param type  element type
     */
    void allgather(MemorySegment send, MemorySegment recv, long count, Datatype type);

    /**
     * Gathers blocks of different lengths: rank r contributes {@code recvCounts[r]} elements
     * (its {@code sendCount} must equal that), stored at element offset {@code displs[r]} of
     * {@code recv}. Zero counts are allowed. Collective.
     *
     * @param send       (Input) this rank's block. Not modified.
     * @param sendCount  number of elements this rank contributes
     * @param recv       (Output) the gathered blocks
     * @param recvCounts (Input) elements per rank, same on every rank. Not modified.
     * @param displs     (Input) element offset of each rank's block in {@code recv}. Not modified.
     * @param type       element type
     */
    void allgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts, long[] displs,
            Datatype type);

    /**
     * Copies {@code count} elements of {@code root}'s buffer into every rank's buffer. Collective.
     *
     * @param buf   (Input on root, Output elsewhere) the elements
     * @param count number of elements
     * @param type  element type
     * @param root  the rank whose buffer is sent
     */
    void bcast(MemorySegment buf, long count, Datatype type, int root);

    /**
     * Sends {@code count} elements to {@code dest}. Point-to-point.
     *
     * @param buf   (Input) the elements. Not modified.
     * @param count number of elements
     * @param type  element type
     * @param dest  the receiving rank
     * @param tag   the message tag, &ge; 0
     */
    void send(MemorySegment buf, long count, Datatype type, int dest, int tag);

    /**
     * Receives exactly {@code count} elements from {@code source}. Point-to-point.
     *
     * @param buf    (Output) room for the elements
     * @param count  number of elements
     * @param type   element type
     * @param source the sending rank
     * @param tag    the message tag, &ge; 0
     */
    void recv(MemorySegment buf, long count, Datatype type, int source, int tag);

    /**
     * Sends to {@code dest} and receives from {@code source} in one deadlock-free call.
     * Point-to-point.
     *
     * @param sendBuf   (Input) the elements sent. Not modified.
     * @param sendCount number of elements sent
     * @param dest      the receiving rank
     * @param sendTag   the tag of the message sent, &ge; 0
     * @param recvBuf   (Output) room for the elements received
     * @param recvCount number of elements received
     * @param source    the sending rank
     * @param recvTag   the tag of the message received, &ge; 0
     * @param type      element type of both messages
     */
    void sendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag,
            MemorySegment recvBuf, long recvCount, int source, int recvTag, Datatype type);

    /**
     * Personalised all-to-all exchange: this rank sends {@code sendCounts[r]} elements starting
     * at {@code sendDispls[r]} to rank r and receives {@code recvCounts[r]} elements from rank r
     * at {@code recvDispls[r]}. Collective.
     *
     * @param send       (Input) the blocks sent. Not modified.
     * @param sendCounts (Input) elements sent to each rank. Not modified.
     * @param sendDispls (Input) element offset in {@code send} of each rank's block. Not modified.
     * @param recv       (Output) room for the blocks received
     * @param recvCounts (Input) elements received from each rank. Not modified.
     * @param recvDispls (Input) element offset in {@code recv} of each rank's block. Not modified.
     * @param type       element type
     */
    void alltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type);

    /**
     * {@link #alltoallv} for a caller that computes every rank's counts and displacements alike
     * from values the ranks agreed on (a move between two agreed layouts), and so knows
     * {@code bound}: at least every block end ({@code displacement + count}, hence every count and
     * every displacement) that any rank passes, on either side, the same on every rank. A backend
     * that otherwise agrees between ranks on how to move the blocks (one native call, or chunks past
     * the {@code int} counts of MPI) decides from {@code bound} instead: no agreement reduction.
     * The same checks as {@link #alltoallv}, and this rank's block ends must not exceed
     * {@code bound} ({@link IllegalArgumentException}, before communicating). Unlike
     * {@link #alltoallv}'s, that check is this rank's own: a {@code bound} that is not the same on
     * every rank is the caller's bug and may leave the other ranks waiting, so callers that cannot
     * compute every rank's blocks use {@link #alltoallv}. Collective. By default {@link #alltoallv}
     * ({@code bound} unused).
     *
     * @param send       (Input) the blocks sent. Not modified.
     * @param sendCounts (Input) elements sent to each rank. Not modified.
     * @param sendDispls (Input) element offset in {@code send} of each rank's block. Not modified.
     * @param recv       (Output) room for the blocks received
     * @param recvCounts (Input) elements received from each rank. Not modified.
     * @param recvDispls (Input) element offset in {@code recv} of each rank's block. Not modified.
     * @param type       element type
     * @param bound      at least every rank's largest block end, the same on every rank
     */
    default void alltoallvAgreed(MemorySegment send, long[] sendCounts, long[] sendDispls,
            MemorySegment recv, long[] recvCounts, long[] recvDispls, Datatype type, long bound) {
        alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type);
    }

    /**
     * Splits into sub-communicators: ranks with the same {@code color} form one, ordered by
     * {@code key} then by rank. Collective.
     *
     * @param color a non-negative colour, or {@link #UNDEFINED} to get no sub-communicator
     * @param key   the order of this rank in its sub-communicator (ties broken by rank)
     * @return the new communicator, or {@code null} when {@code color == UNDEFINED}
     */
    Communicator split(int color, int key);

    /**
     * Releases a sub-communicator (collective over its ranks); later calls on it fail with
     * {@link IllegalStateException}. Does nothing on a world communicator.
     */
    @Override
    void close();

    // ---------------------------------------------------------------------------------------
    // Conveniences on heap arrays and scalars, built on the calls above.

    /**
     * Sum/max/min of one double over all ranks. Collective.
     *
     * @param value this rank's value
     * @param op    the reduction
     * @return the reduced value, the same on every rank
     */
    default double allreduce(double value, ReduceOp op) {
        double[] buf = {value};
        allreduce(buf, op);
        return buf[0];
    }

    /**
     * Sum/max/min of one long over all ranks. Collective.
     *
     * @param value this rank's value
     * @param op    the reduction
     * @return the reduced value, the same on every rank
     */
    default long allreduce(long value, ReduceOp op) {
        long[] buf = {value};
        MemorySegment s = MemorySegment.ofArray(buf);
        allreduce(s, s, 1, Datatype.INT64, op);
        return buf[0];
    }

    /**
     * Sum/max/min of one int over all ranks. Collective.
     *
     * @param value this rank's value
     * @param op    the reduction
     * @return the reduced value, the same on every rank
     */
    default int allreduce(int value, ReduceOp op) {
        int[] buf = {value};
        MemorySegment s = MemorySegment.ofArray(buf);
        allreduce(s, s, 1, Datatype.INT32, op);
        return buf[0];
    }

    /**
     * In-place element-wise reduction of a double array. Collective.
     *
     * @param buf (Input/Output) this rank's values, overwritten with the reduced ones
     * @param op  the reduction
     */
    default void allreduce(double[] buf, ReduceOp op) {
        MemorySegment s = MemorySegment.ofArray(buf);
        allreduce(s, s, buf.length, Datatype.FLOAT64, op);
    }

    /**
     * In-place element-wise reduction of a float array. Collective.
     *
     * @param buf (Input/Output) this rank's values, overwritten with the reduced ones
     * @param op  the reduction
     */
    default void allreduce(float[] buf, ReduceOp op) {
        MemorySegment s = MemorySegment.ofArray(buf);
        allreduce(s, s, buf.length, Datatype.FLOAT32, op);
    }

    /**
     * In-place element-wise reduction of a long array. Collective.
     *
     * @param buf (Input/Output) this rank's values, overwritten with the reduced ones
     * @param op  the reduction
     */
    default void allreduce(long[] buf, ReduceOp op) {
        MemorySegment s = MemorySegment.ofArray(buf);
        allreduce(s, s, buf.length, Datatype.INT64, op);
    }

    /**
     * Every rank's value, indexed by rank. Collective.
     *
     * @param value this rank's value
     * @return {@code size()} values
     */
    default long[] allgather(long value) {
        long[] out = new long[size()];
        allgather(MemorySegment.ofArray(new long[] {value}), MemorySegment.ofArray(out), 1, Datatype.INT64);
        return out;
    }

    /**
     * Every rank's value, indexed by rank. Collective.
     *
     * @param value this rank's value
     * @return {@code size()} values
     */
    default int[] allgather(int value) {
        int[] out = new int[size()];
        allgather(MemorySegment.ofArray(new int[] {value}), MemorySegment.ofArray(out), 1, Datatype.INT32);
        return out;
    }

    /**
     * Every rank's array (lengths may differ between ranks), indexed by rank: the object
     * allgather of small integer tuples such as shapes. Collective.
     *
     * @param values (Input) this rank's values. Not modified.
     * @return {@code size()} arrays, rank r's at index r
     */
    default long[][] allgatherv(long[] values) {
        long[] counts = allgather((long) values.length);
        long[] displs = new long[counts.length];
        long total = 0;
        for (int r = 0; r < counts.length; r++) {
            displs[r] = total;
            total += counts[r];
        }
        long[] flat = new long[Math.toIntExact(total)];
        allgatherv(MemorySegment.ofArray(values), values.length, MemorySegment.ofArray(flat), counts, displs,
                Datatype.INT64);
        long[][] out = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            out[r] = Arrays.copyOfRange(flat, (int) displs[r], (int) (displs[r] + counts[r]));
        }
        return out;
    }

    /**
     * Broadcasts root's long to every rank. Collective.
     *
     * @param value the value (used on root only)
     * @param root  the rank whose value is sent
     * @return root's value, on every rank
     */
    default long bcast(long value, int root) {
        long[] buf = {value};
        bcast(MemorySegment.ofArray(buf), 1, Datatype.INT64, root);
        return buf[0];
    }
}
