package org.jlops.mpi.comm.local;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jlops.mpi.comm.AbstractCommunicator;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * One rank's view of an in-JVM communicator. Collectives deposit this rank's arguments in a
 * shared slot, meet at a barrier, read what they need from the other ranks' slots, and meet
 * again before returning, so no buffer is reused while another rank still reads it.
 *
 * <p>Arguments are checked by {@link AbstractCommunicator}; what stays here needs the other ranks'
 * arguments, which in-JVM ranks can see: a count that differs from what the other side sends
 * ({@code bcast}, {@code allgatherv}, {@code alltoallv}, {@code recv}).
 */
final class LocalCommunicator extends AbstractCommunicator {

    private final LocalGroup group;
    private final int rank;
    private long splitCount;

    private LocalCommunicator(LocalGroup group, int rank, Scope scope) {
        super(Backend.LOCAL, rank, group.size, scope);
        this.group = group;
        this.rank = rank;
    }

    /** Rank {@code rank} of a cluster's world group (or of a one-rank self world): close() keeps it. */
    static LocalCommunicator world(LocalGroup group, int rank) {
        return new LocalCommunicator(group, rank, Scope.WORLD);
    }

    @Override
    protected void doBarrier() {
        group.await(rank, "barrier");
    }

    private record Gathered(MemorySegment send, long count) {
    }

    private record Exchange(MemorySegment send, long[] counts, long[] displs) {
    }

    @Override
    protected void doAllreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        long bytes = count * type.byteSize();
        boolean inPlace = send == null;
        group.slots[rank] = shareable(inPlace ? recv : send, bytes);
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
    protected void doAllgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        long bytes = count * type.byteSize();
        group.slots[rank] = shareable(send, bytes);
        group.await(rank, "allgather");
        for (int r = 0; r < group.size; r++) {
            MemorySegment.copy((MemorySegment) group.slots[r], 0, recv, r * bytes, bytes);
        }
        group.await(rank, "allgather");
    }

    @Override
    protected void doAllgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts,
            long[] displs, Datatype type) {
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
    protected void doBcast(MemorySegment buf, long count, Datatype type, int root) {
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
    protected void doSend(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        long bytes = count * type.byteSize();
        MemorySegment copy = Arena.ofAuto().allocate(Math.max(bytes, 1), 16).asSlice(0, bytes);
        MemorySegment.copy(buf, 0, copy, 0, bytes);
        group.post(dest, new LocalGroup.Message(rank, tag, copy));
    }

    @Override
    protected void doRecv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        LocalGroup.Message m = group.take(rank, source, tag);
        long bytes = count * type.byteSize();
        if (m.data().byteSize() != bytes) {
            throw receivedCountMismatch(count, m.data().byteSize() / type.byteSize(), type, source, tag, 0);
        }
        MemorySegment.copy(m.data(), 0, buf, 0, bytes);
    }

    @Override
    protected void doSendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag, MemorySegment recvBuf,
            long recvCount, int source, int recvTag, Datatype type) {
        doSend(sendBuf, sendCount, type, dest, sendTag);
        doRecv(recvBuf, recvCount, type, source, recvTag);
    }

    @Override
    protected void doAlltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type) {
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
    protected Communicator doSplit(int color, int key) {
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
            result = new LocalCommunicator(sub, members.indexOf(rank), Scope.SUB);
        }
        group.await(rank, "split");
        if (rank == 0) {
            group.pendingSplits.keySet().removeIf(k -> k.startsWith(seq + ":"));
        }
        return result;
    }

    /** Nothing to free: the group is forgotten with its cluster. */
    @Override
    protected void doClose() {
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

    @Override
    public String toString() {
        return "LocalCommunicator[rank " + rank + " of " + group.size + "]";
    }
}
