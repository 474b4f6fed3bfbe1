package org.jlops.mpi.bench.comm;

import java.lang.foreign.MemorySegment;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * A communicator that passes every call to another one and counts the bytes this rank sends: the
 * measured side of the communication volume the dense workloads report (issue 15). Sub-communicators
 * made by {@link #split} count into the same {@link Tally}. An allreduce on the counting
 * communicator itself counts as a check: the agreement on the operands every product of an
 * operator built on it makes (one small allreduce); everything else — the grid rows' and columns'
 * traffic, point-to-point messages, gathers — counts as data.
 *
 * <p>Bytes are counted as a direct algorithm sends them, the convention of SPEC §5.1's model
 * (results/README.md): {@code send}: the message; {@code sendrecv}: the sent part;
 * {@code bcast}: the root sends the buffer to each other rank, the others nothing;
 * {@code allgather(v)}: this rank's block to each other rank; {@code allreduce}: this rank's
 * contribution to each other rank; {@code alltoallv}: the blocks for the other ranks. What a
 * library's tree or ring algorithm really puts on the wire differs by small factors; the count is
 * the volume the operator asks for.
 */
public final class CountingCommunicator implements Communicator {

    /** The counts shared by a communicator and its sub-communicators. */
    public static final class Tally {
        private long data;
        private long checks;

        /** Bytes of the data traffic. */
        public long data() {
            return data;
        }

        /** Bytes of the allreduces on the counting communicator itself (operand agreement). */
        public long checks() {
            return checks;
        }

        /** Sets both counts to zero. */
        public void reset() {
            data = 0;
            checks = 0;
        }
    }

    private final Communicator inner;
    private final Tally tally;
    private final boolean isBase;

    /**
     * Counts the calls on {@code inner} (and on what it splits off).
     *
     * @param inner the communicator that does the work
     */
    public CountingCommunicator(Communicator inner) {
        this(inner, new Tally(), true);
    }

    private CountingCommunicator(Communicator inner, Tally tally, boolean isBase) {
        this.inner = inner;
        this.tally = tally;
        this.isBase = isBase;
    }

    /** The counts. */
    public Tally tally() {
        return tally;
    }

    private void count(long bytes) {
        tally.data += bytes;
    }

    private long others() {
        return inner.size() - 1L;
    }

    @Override
    public int rank() {
        return inner.rank();
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public String backend() {
        return inner.backend();
    }

    @Override
    public void barrier() {
        inner.barrier();
    }

    @Override
    public void allreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        long bytes = count * type.byteSize() * others();
        if (isBase) {
            tally.checks += bytes;
        } else {
            tally.data += bytes;
        }
        inner.allreduce(send, recv, count, type, op);
    }

    @Override
    public void allgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        count(count * type.byteSize() * others());
        inner.allgather(send, recv, count, type);
    }

    @Override
    public void allgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts, long[] displs,
            Datatype type) {
        count(sendCount * type.byteSize() * others());
        inner.allgatherv(send, sendCount, recv, recvCounts, displs, type);
    }

    @Override
    public void bcast(MemorySegment buf, long count, Datatype type, int root) {
        if (inner.rank() == root) {
            count(count * type.byteSize() * others());
        }
        inner.bcast(buf, count, type, root);
    }

    @Override
    public void send(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        count(count * type.byteSize());
        inner.send(buf, count, type, dest, tag);
    }

    @Override
    public void recv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        inner.recv(buf, count, type, source, tag);
    }

    @Override
    public void sendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag, MemorySegment recvBuf,
            long recvCount, int source, int recvTag, Datatype type) {
        count(sendCount * type.byteSize());
        inner.sendrecv(sendBuf, sendCount, dest, sendTag, recvBuf, recvCount, source, recvTag, type);
    }

    @Override
    public void alltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type) {
        long n = 0;
        for (int r = 0; r < sendCounts.length; r++) {
            n += r == inner.rank() ? 0 : sendCounts[r];
        }
        count(n * type.byteSize());
        inner.alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type);
    }

    @Override
    public void alltoallvAgreed(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type, long bound) {
        long n = 0;
        for (int r = 0; r < sendCounts.length; r++) {
            n += r == inner.rank() ? 0 : sendCounts[r];
        }
        count(n * type.byteSize());
        inner.alltoallvAgreed(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type, bound);
    }

    @Override
    public Communicator split(int color, int key) {
        Communicator sub = inner.split(color, key);
        return sub == null ? null : new CountingCommunicator(sub, tally, false);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "counting " + inner;
    }
}
