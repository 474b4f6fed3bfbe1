package org.jlops.mpi.comm.local;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * One rank's view of an in-JVM communicator. Collectives deposit this rank's arguments in a
 * shared slot, meet at a barrier, read what they need from the other ranks' slots, and meet
 * again before returning, so no buffer is reused while another rank still reads it.
 */
final class LocalCommunicator implements Communicator {

    private final LocalGroup group;
    private final int rank;
    private long splitCount;
    private boolean closed;

    LocalCommunicator(LocalGroup group, int rank) {
        this.group = group;
        this.rank = rank;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return group.size;
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public void barrier() {
        checkOpen();
        group.await(rank, "barrier");
    }

    private record Gathered(MemorySegment send, long count) {
    }

    private record Exchange(MemorySegment send, long[] counts, long[] displs) {
    }

    @Override
    public void allreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        checkOpen();
        op.checkSupports(type);
        type.checkCapacity("send", send, count);
        type.checkCapacity("recv", recv, count);
        long bytes = count * type.byteSize();
        boolean inPlace = send.equals(recv) || overlaps(send, recv);
        group.slots[rank] = shareable(send, bytes);
        group.await(rank, "allreduce");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = inPlace ? arena.allocate(Math.max(bytes, 1), 16) : recv;
            reduceInRankOrder(out, count, type, op);
            group.await(rank, "allreduce");
            if (inPlace) {
                MemorySegment.copy(out, 0, recv, 0, bytes);
            }
        }
    }

    private void reduceInRankOrder(MemorySegment out, long count, Datatype type, ReduceOp op) {
        Datatype real = type.realComponent();
        long n = type.isComplex() ? 2 * count : count;
        MemorySegment first = (MemorySegment) group.slots[0];
        MemorySegment.copy(first, 0, out, 0, n * real.byteSize());
        for (int r = 1; r < group.size; r++) {
            MemorySegment in = (MemorySegment) group.slots[r];
            switch (real) {
                case FLOAT64 -> reduceDoubles(out, in, n, op);
                case FLOAT32 -> reduceFloats(out, in, n, op);
                case INT64 -> reduceLongs(out, in, n, op);
                case INT32 -> reduceInts(out, in, n, op);
                default -> throw new IllegalStateException("unreachable: " + real);
            }
        }
    }

    private static void reduceDoubles(MemorySegment acc, MemorySegment in, long n, ReduceOp op) {
        ValueLayout.OfDouble l = ValueLayout.JAVA_DOUBLE_UNALIGNED;
        for (long i = 0; i < n; i++) {
            double a = acc.getAtIndex(l, i);
            double b = in.getAtIndex(l, i);
            acc.setAtIndex(l, i, switch (op) {
                case SUM -> a + b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
            });
        }
    }

    private static void reduceFloats(MemorySegment acc, MemorySegment in, long n, ReduceOp op) {
        ValueLayout.OfFloat l = ValueLayout.JAVA_FLOAT_UNALIGNED;
        for (long i = 0; i < n; i++) {
            float a = acc.getAtIndex(l, i);
            float b = in.getAtIndex(l, i);
            acc.setAtIndex(l, i, switch (op) {
                case SUM -> a + b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
            });
        }
    }

    private static void reduceLongs(MemorySegment acc, MemorySegment in, long n, ReduceOp op) {
        ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED;
        for (long i = 0; i < n; i++) {
            long a = acc.getAtIndex(l, i);
            long b = in.getAtIndex(l, i);
            acc.setAtIndex(l, i, switch (op) {
                case SUM -> a + b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
            });
        }
    }

    private static void reduceInts(MemorySegment acc, MemorySegment in, long n, ReduceOp op) {
        ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED;
        for (long i = 0; i < n; i++) {
            int a = acc.getAtIndex(l, i);
            int b = in.getAtIndex(l, i);
            acc.setAtIndex(l, i, switch (op) {
                case SUM -> a + b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
            });
        }
    }

    @Override
    public void allgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        checkOpen();
        type.checkCapacity("send", send, count);
        type.checkCapacity("recv", recv, Math.multiplyExact(count, (long) group.size));
        long bytes = count * type.byteSize();
        group.slots[rank] = shareable(send, bytes);
        group.await(rank, "allgather");
        for (int r = 0; r < group.size; r++) {
            MemorySegment.copy((MemorySegment) group.slots[r], 0, recv, r * bytes, bytes);
        }
        group.await(rank, "allgather");
    }

    @Override
    public void allgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts,
            long[] displs, Datatype type) {
        checkOpen();
        checkPerRank("recvCounts", recvCounts);
        checkPerRank("displs", displs);
        type.checkCapacity("send", send, sendCount);
        if (sendCount != recvCounts[rank]) {
            throw new IllegalArgumentException("sendCount: rank " + rank + " sends " + sendCount
                    + " elements but recvCounts[" + rank + "] = " + recvCounts[rank]);
        }
        for (int r = 0; r < group.size; r++) {
            if (recvCounts[r] < 0 || displs[r] < 0) {
                throw new IllegalArgumentException("recvCounts/displs: negative entry for rank " + r + ": count "
                        + recvCounts[r] + ", displacement " + displs[r]);
            }
            type.checkCapacity("recv (block of rank " + r + ")", recv, displs[r] + recvCounts[r]);
        }
        int size = type.byteSize();
        group.slots[rank] = new Gathered(shareable(send, sendCount * size), sendCount);
        group.await(rank, "allgatherv");
        for (int r = 0; r < group.size; r++) {
            Gathered g = (Gathered) group.slots[r];
            if (g.count() != recvCounts[r]) {
                throw new IllegalArgumentException("recvCounts[" + r + "] = " + recvCounts[r] + " on rank " + rank
                        + " but rank " + r + " sends " + g.count() + " elements");
            }
            MemorySegment.copy(g.send(), 0, recv, displs[r] * size, recvCounts[r] * size);
        }
        group.await(rank, "allgatherv");
    }

    @Override
    public void bcast(MemorySegment buf, long count, Datatype type, int root) {
        checkOpen();
        checkRank("root", root);
        type.checkCapacity("buf", buf, count);
        group.slots[rank] = new Gathered(rank == root ? shareable(buf, count * type.byteSize()) : buf, count);
        group.await(rank, "bcast");
        if (rank != root) {
            Gathered g = (Gathered) group.slots[root];
            if (g.count() != count) {
                throw new IllegalArgumentException("count: rank " + rank + " expects " + count
                        + " elements but root " + root + " broadcasts " + g.count());
            }
            MemorySegment.copy(g.send(), 0, buf, 0, count * type.byteSize());
        }
        group.await(rank, "bcast");
    }

    @Override
    public void send(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        checkOpen();
        checkRank("dest", dest);
        checkTag(tag);
        type.checkCapacity("buf", buf, count);
        long bytes = count * type.byteSize();
        MemorySegment copy = Arena.ofAuto().allocate(Math.max(bytes, 1), 16).asSlice(0, bytes);
        MemorySegment.copy(buf, 0, copy, 0, bytes);
        group.post(dest, new LocalGroup.Message(rank, tag, copy));
    }

    @Override
    public void recv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        checkOpen();
        checkRank("source", source);
        checkTag(tag);
        type.checkCapacity("buf", buf, count);
        LocalGroup.Message m = group.take(rank, source, tag);
        long bytes = count * type.byteSize();
        if (m.data().byteSize() != bytes) {
            throw new CollectiveException("recv on rank " + rank + ": expected " + count + " " + type
                    + " elements from rank " + source + " (tag " + tag + ") but the message holds "
                    + m.data().byteSize() / type.byteSize());
        }
        MemorySegment.copy(m.data(), 0, buf, 0, bytes);
    }

    @Override
    public void sendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag, MemorySegment recvBuf,
            long recvCount, int source, int recvTag, Datatype type) {
        send(sendBuf, sendCount, type, dest, sendTag);
        recv(recvBuf, recvCount, type, source, recvTag);
    }

    @Override
    public void alltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type) {
        checkOpen();
        checkPerRank("sendCounts", sendCounts);
        checkPerRank("sendDispls", sendDispls);
        checkPerRank("recvCounts", recvCounts);
        checkPerRank("recvDispls", recvDispls);
        for (int r = 0; r < group.size; r++) {
            if (sendCounts[r] < 0 || sendDispls[r] < 0 || recvCounts[r] < 0 || recvDispls[r] < 0) {
                throw new IllegalArgumentException("alltoallv: negative count or displacement for rank " + r);
            }
            type.checkCapacity("send (block for rank " + r + ")", send, sendDispls[r] + sendCounts[r]);
            type.checkCapacity("recv (block from rank " + r + ")", recv, recvDispls[r] + recvCounts[r]);
        }
        int size = type.byteSize();
        long sendExtent = 0;
        for (int r = 0; r < group.size; r++) {
            sendExtent = Math.max(sendExtent, sendDispls[r] + sendCounts[r]);
        }
        group.slots[rank] = new Exchange(shareable(send, sendExtent * size), sendCounts, sendDispls);
        group.await(rank, "alltoallv");
        for (int r = 0; r < group.size; r++) {
            Exchange e = (Exchange) group.slots[r];
            if (e.counts()[rank] != recvCounts[r]) {
                throw new IllegalArgumentException("recvCounts[" + r + "] = " + recvCounts[r] + " on rank " + rank
                        + " but rank " + r + " sends " + e.counts()[rank] + " elements to it");
            }
            MemorySegment.copy(e.send(), e.displs()[rank] * size, recv, recvDispls[r] * size, recvCounts[r] * size);
        }
        group.await(rank, "alltoallv");
    }

    @Override
    public Communicator split(int color, int key) {
        checkOpen();
        if (color < 0 && color != UNDEFINED) {
            throw new IllegalArgumentException("color: must be non-negative or UNDEFINED (-1), got " + color);
        }
        long seq = splitCount++;
        group.slots[rank] = new int[] {color, key};
        group.await(rank, "split");
        Communicator result = null;
        if (color != UNDEFINED) {
            List<Integer> members = new ArrayList<>();
            for (int r = 0; r < group.size; r++) {
                if (((int[]) group.slots[r])[0] == color) {
                    members.add(r);
                }
            }
            members.sort(Comparator.<Integer>comparingInt(r -> ((int[]) group.slots[r])[1])
                    .thenComparingInt(r -> r));
            int[] world = new int[members.size()];
            for (int i = 0; i < world.length; i++) {
                world[i] = group.worldRanks[members.get(i)];
            }
            LocalGroup sub = group.pendingSplits.computeIfAbsent(seq + ":" + color,
                    k -> group.cluster.newGroup(world));
            result = new LocalCommunicator(sub, members.indexOf(rank));
        }
        group.await(rank, "split");
        if (rank == 0) {
            group.pendingSplits.keySet().removeIf(k -> k.startsWith(seq + ":"));
        }
        return result;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("communicator: rank " + rank + " of a closed communicator");
        }
    }

    private void checkRank(String what, int r) {
        if (r < 0 || r >= group.size) {
            throw new IllegalArgumentException(what + ": rank " + r + " is outside [0, " + group.size + ")");
        }
    }

    private static void checkTag(int tag) {
        if (tag < 0) {
            throw new IllegalArgumentException("tag: must be non-negative, got " + tag);
        }
    }

    private void checkPerRank(String what, long[] a) {
        if (a == null || a.length != group.size) {
            throw new IllegalArgumentException(what + ": expected one entry per rank (" + group.size + "), got "
                    + (a == null ? "null" : a.length + " entries"));
        }
    }

    /** A thread that never runs: a segment it may access is readable by every rank's thread. */
    private static final Thread PROBE = Thread.ofPlatform().unstarted(() -> { });

    /**
     * {@code seg} itself when other ranks' threads may read it, else a shared copy of its first
     * {@code bytes} bytes (segments of a confined arena belong to one thread).
     */
    private static MemorySegment shareable(MemorySegment seg, long bytes) {
        if (seg.isAccessibleBy(PROBE)) {
            return seg;
        }
        MemorySegment copy = Arena.ofAuto().allocate(Math.max(bytes, 1), 16).asSlice(0, bytes);
        MemorySegment.copy(seg, 0, copy, 0, bytes);
        return copy;
    }

    private static boolean overlaps(MemorySegment a, MemorySegment b) {
        return a.asOverlappingSlice(b).isPresent();
    }

    @Override
    public String toString() {
        return "LocalCommunicator[rank " + rank + " of " + group.size + "]";
    }
}
