package org.jlops.mpi.verify.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The communicator conformance suite: one list of checks that every backend must pass, written
 * for any rank count. Each check runs all of its communication first and compares afterwards,
 * then the ranks agree on the verdict with one reduction, so a wrong value on one rank never
 * leaves the others waiting in a collective.
 *
 * <p>Run it on any communicator with {@link #run(Communicator)}; under MPI,
 * {@code mpirun -np N java --enable-native-access=ALL-UNNAMED -cp ... org.jlops.mpi.verify.comm.CommunicatorConformance}
 * runs it on {@link Communicators#world()}, prints one line per check on rank 0 and exits with
 * status 1 if any check failed. {@code -Djlops.comm.chunkElements=1000} makes the
 * "large message" checks cross the chunking path of the MPI backends.
 */
public final class CommunicatorConformance {

    /** Outcome of one check, identical on every rank. */
    public record Result(String check, boolean passed, String firstProblem) {
    }

    /** Collects mismatches without throwing, so that every rank reaches the same collectives. */
    static final class Verdict {
        final List<String> problems = new ArrayList<>();

        void expect(boolean ok, String what) {
            if (!ok && problems.size() < 5) {
                problems.add(what);
            }
        }

        void expectEquals(double expected, double actual, String what) {
            expect(Double.compare(expected, actual) == 0 || expected == actual,
                    what + ": expected " + expected + ", got " + actual);
        }
    }

    private record Check(String name, BiConsumer<Communicator, Verdict> body) {
    }

    private static final Datatype[] TYPES = Datatype.values();

    private CommunicatorConformance() {
    }

    /** Names of every check, in execution order. */
    public static List<String> checkNames() {
        return checks().stream().map(Check::name).toList();
    }

    /**
     * Runs every check on {@code comm}. Collective.
     *
     * @return one result per check, identical on every rank
     */
    public static List<Result> run(Communicator comm) {
        List<Result> results = new ArrayList<>();
        for (Check c : checks()) {
            results.add(runOne(comm, c));
        }
        return results;
    }

    /** Runs the one check named {@code name}. Collective. */
    public static Result run(Communicator comm, String name) {
        for (Check c : checks()) {
            if (c.name().equals(name)) {
                return runOne(comm, c);
            }
        }
        throw new IllegalArgumentException("name: no conformance check called '" + name + "'; known: " + checkNames());
    }

    private static Result runOne(Communicator comm, Check c) {
        Verdict v = new Verdict();
        c.body().accept(comm, v);
        int localFail = v.problems.isEmpty() ? Integer.MAX_VALUE : comm.rank();
        int firstFailing = comm.allreduce(localFail, ReduceOp.MIN);
        if (firstFailing == Integer.MAX_VALUE) {
            return new Result(c.name(), true, "");
        }
        String msg = firstFailing == comm.rank() ? "rank " + comm.rank() + ": " + v.problems.get(0)
                : "failed on rank " + firstFailing;
        return new Result(c.name(), false, msg);
    }

    private static List<Check> checks() {
        List<Check> list = new ArrayList<>();
        list.add(new Check("rank-and-size", CommunicatorConformance::rankAndSize));
        list.add(new Check("barrier", (comm, v) -> {
            for (int i = 0; i < 3; i++) {
                comm.barrier();
            }
        }));
        list.add(new Check("allreduce", (comm, v) -> allreduce(comm, v, false)));
        list.add(new Check("allreduce-in-place-off-heap", (comm, v) -> allreduce(comm, v, true)));
        list.add(new Check("allreduce-scalars", CommunicatorConformance::scalars));
        list.add(new Check("allgather", CommunicatorConformance::allgather));
        list.add(new Check("allgatherv-uneven-and-empty", CommunicatorConformance::allgatherv));
        list.add(new Check("bcast-every-root", CommunicatorConformance::bcast));
        list.add(new Check("send-recv-pairs", CommunicatorConformance::sendRecv));
        list.add(new Check("sendrecv-ring", CommunicatorConformance::sendrecvRing));
        list.add(new Check("alltoallv", (comm, v) -> alltoallv(comm, v, false)));
        list.add(new Check("alltoallv-agreed-bound", (comm, v) -> alltoallv(comm, v, true)));
        list.add(new Check("split-subcommunicators", CommunicatorConformance::split));
        list.add(new Check("large-message-chunked", CommunicatorConformance::large));
        list.add(new Check("send-overlapping-recv", CommunicatorConformance::overlapping));
        list.add(new Check("bad-arguments-same-messages", CommunicatorConformance::badArguments));
        return list;
    }

    // ------------------------------------------------------------------------------------------

    private static void rankAndSize(Communicator comm, Verdict v) {
        int[] ranks = comm.allgather(comm.rank());
        int[] sizes = comm.allgather(comm.size());
        v.expect(ranks.length == comm.size(), "allgather length " + ranks.length + " != size " + comm.size());
        for (int r = 0; r < ranks.length; r++) {
            v.expect(ranks[r] == r, "rank at " + r + " is " + ranks[r]);
            v.expect(sizes[r] == comm.size(), "rank " + r + " reports size " + sizes[r]);
        }
        v.expect(comm.backend() != null && !comm.backend().isBlank(), "backend() is blank");
    }

    private static void allreduce(Communicator comm, Verdict v, boolean inPlaceOffHeap) {
        int p = comm.size();
        try (Arena arena = Arena.ofConfined()) {
            for (Datatype t : TYPES) {
                for (ReduceOp op : ReduceOp.values()) {
                    if (op != ReduceOp.SUM && t.isComplex()) {
                        continue;
                    }
                    for (int n : new int[] {0, 1, 17, 1000}) {
                        MemorySegment send = inPlaceOffHeap ? TypedBuffers.offHeap(arena, t, n) : TypedBuffers.heap(t, n);
                        TypedBuffers.fill(send, t, comm.rank(), 0, n);
                        MemorySegment recv = inPlaceOffHeap ? send : TypedBuffers.heap(t, n);
                        comm.allreduce(send, recv, n, t, op);
                        for (int i = 0; i < n; i++) {
                            double re = TypedBuffers.valueRe(t, 0, i);
                            double im = TypedBuffers.valueIm(0, i);
                            for (int r = 1; r < p; r++) {
                                double xr = TypedBuffers.valueRe(t, r, i);
                                double xi = TypedBuffers.valueIm(r, i);
                                switch (op) {
                                    case SUM -> {
                                        re += xr;
                                        im += xi;
                                    }
                                    case MAX -> re = Math.max(re, xr);
                                    case MIN -> re = Math.min(re, xr);
                                }
                            }
                            String where = "allreduce " + op + " " + t + " n=" + n + " [" + i + "]";
                            v.expectEquals(re, TypedBuffers.re(recv, t, i), where + " re");
                            if (t.isComplex()) {
                                v.expectEquals(im, TypedBuffers.im(recv, t, i), where + " im");
                            }
                        }
                        if (!inPlaceOffHeap) {
                            for (int i = 0; i < n; i++) {
                                v.expectEquals(TypedBuffers.valueRe(t, comm.rank(), i), TypedBuffers.re(send, t, i),
                                        "allreduce modified its send buffer at " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void scalars(Communicator comm, Verdict v) {
        int p = comm.size();
        int r = comm.rank();
        v.expectEquals(p * (p - 1) / 2.0, comm.allreduce((double) r, ReduceOp.SUM), "sum of ranks (double)");
        v.expectEquals(p - 1, comm.allreduce((long) r, ReduceOp.MAX), "max of ranks (long)");
        v.expectEquals(0, comm.allreduce(r, ReduceOp.MIN), "min of ranks (int)");
        long[][] rows = comm.allgatherv(new long[r % 3]);
        for (int q = 0; q < p; q++) {
            v.expect(rows[q].length == q % 3, "allgatherv(long[]) row " + q + " has length " + rows[q].length);
        }
        v.expectEquals(42, comm.bcast(r == p - 1 ? 42L : -1L, p - 1), "bcast(long) from last rank");
    }

    private static void allgather(Communicator comm, Verdict v) {
        int p = comm.size();
        for (Datatype t : TYPES) {
            for (int n : new int[] {0, 1, 5, 300}) {
                MemorySegment send = TypedBuffers.heap(t, n);
                TypedBuffers.fill(send, t, comm.rank(), 0, n);
                MemorySegment recv = TypedBuffers.heap(t, n * p);
                comm.allgather(send, recv, n, t);
                for (int r = 0; r < p; r++) {
                    for (int i = 0; i < n; i++) {
                        String where = "allgather " + t + " n=" + n + " block " + r + " [" + i + "]";
                        v.expectEquals(TypedBuffers.valueRe(t, r, i), TypedBuffers.re(recv, t, (long) r * n + i), where);
                        if (t.isComplex()) {
                            v.expectEquals(TypedBuffers.valueIm(r, i), TypedBuffers.im(recv, t, (long) r * n + i), where);
                        }
                    }
                }
            }
        }
    }

    /** Uneven counts with zeros, and a gap of 2 elements between blocks that must stay untouched. */
    private static void allgatherv(Communicator comm, Verdict v) {
        int p = comm.size();
        long[] counts = new long[p];
        long[] displs = new long[p];
        long total = 0;
        for (int r = 0; r < p; r++) {
            counts[r] = (r * 3L) % 4;
            displs[r] = total;
            total += counts[r] + 2;
        }
        for (Datatype t : TYPES) {
            int mine = (int) counts[comm.rank()];
            MemorySegment send = TypedBuffers.heap(t, mine);
            TypedBuffers.fill(send, t, comm.rank(), 0, mine);
            MemorySegment recv = TypedBuffers.heap(t, (int) total);
            for (long i = 0; i < total; i++) {
                TypedBuffers.set(recv, t, i, -7, 0);
            }
            comm.allgatherv(send, mine, recv, counts, displs, t);
            for (int r = 0; r < p; r++) {
                for (int i = 0; i < counts[r]; i++) {
                    v.expectEquals(TypedBuffers.valueRe(t, r, i), TypedBuffers.re(recv, t, displs[r] + i),
                            "allgatherv " + t + " block " + r + " [" + i + "]");
                }
                v.expectEquals(-7, TypedBuffers.re(recv, t, displs[r] + counts[r]),
                        "allgatherv " + t + " wrote into the gap after block " + r);
            }
        }
    }

    private static void bcast(Communicator comm, Verdict v) {
        for (Datatype t : TYPES) {
            for (int root = 0; root < comm.size(); root++) {
                int n = 7 + root;
                MemorySegment buf = TypedBuffers.heap(t, n);
                if (comm.rank() == root) {
                    TypedBuffers.fill(buf, t, root, 0, n);
                }
                comm.bcast(buf, n, t, root);
                for (int i = 0; i < n; i++) {
                    v.expectEquals(TypedBuffers.valueRe(t, root, i), TypedBuffers.re(buf, t, i),
                            "bcast " + t + " root " + root + " [" + i + "]");
                    if (t.isComplex()) {
                        v.expectEquals(TypedBuffers.valueIm(root, i), TypedBuffers.im(buf, t, i),
                                "bcast " + t + " root " + root + " im [" + i + "]");
                    }
                }
            }
        }
    }

    /** Even ranks send to the next odd rank, which receives and answers; tags and a zero count. */
    private static void sendRecv(Communicator comm, Verdict v) {
        int r = comm.rank();
        int p = comm.size();
        for (Datatype t : TYPES) {
            for (int n : new int[] {0, 3, 2000}) {
                MemorySegment out = TypedBuffers.heap(t, n);
                TypedBuffers.fill(out, t, r, 0, n);
                MemorySegment in = TypedBuffers.heap(t, n);
                if (r % 2 == 0 && r + 1 < p) {
                    comm.send(out, n, t, r + 1, 5);
                    comm.recv(in, n, t, r + 1, 6);
                    checkBlock(v, in, t, r + 1, n, "send/recv answer " + t);
                } else if (r % 2 == 1) {
                    comm.recv(in, n, t, r - 1, 5);
                    comm.send(out, n, t, r - 1, 6);
                    checkBlock(v, in, t, r - 1, n, "send/recv " + t);
                }
            }
        }
        // Two messages with different tags between the same pair are matched by tag.
        if (p >= 2 && r < 2) {
            MemorySegment a = TypedBuffers.heap(Datatype.INT32, 1);
            MemorySegment b = TypedBuffers.heap(Datatype.INT32, 1);
            if (r == 0) {
                TypedBuffers.set(a, Datatype.INT32, 0, 11, 0);
                TypedBuffers.set(b, Datatype.INT32, 0, 22, 0);
                comm.send(a, 1, Datatype.INT32, 1, 1);
                comm.send(b, 1, Datatype.INT32, 1, 2);
            } else {
                comm.recv(b, 1, Datatype.INT32, 0, 1);
                comm.recv(a, 1, Datatype.INT32, 0, 2);
                v.expectEquals(11, TypedBuffers.re(b, Datatype.INT32, 0), "tag 1 message");
                v.expectEquals(22, TypedBuffers.re(a, Datatype.INT32, 0), "tag 2 message");
            }
        }
    }

    private static void checkBlock(Verdict v, MemorySegment in, Datatype t, int fromRank, long n, String what) {
        for (long i = 0; i < n; i++) {
            v.expectEquals(TypedBuffers.valueRe(t, fromRank, i), TypedBuffers.re(in, t, i), what + " [" + i + "]");
            if (t.isComplex()) {
                v.expectEquals(TypedBuffers.valueIm(fromRank, i), TypedBuffers.im(in, t, i), what + " im [" + i + "]");
            }
        }
    }

    /** Ring shift with a count that depends on the sender (so both directions differ). */
    private static void sendrecvRing(Communicator comm, Verdict v) {
        int r = comm.rank();
        int p = comm.size();
        int next = (r + 1) % p;
        int prev = (r - 1 + p) % p;
        for (Datatype t : TYPES) {
            int sendN = 4 + r;
            int recvN = 4 + prev;
            MemorySegment out = TypedBuffers.heap(t, sendN);
            TypedBuffers.fill(out, t, r, 0, sendN);
            MemorySegment in = TypedBuffers.heap(t, recvN);
            comm.sendrecv(out, sendN, next, 3, in, recvN, prev, 3, t);
            checkBlock(v, in, t, prev, recvN, "sendrecv ring " + t);
        }
    }

    /** Uneven and empty blocks; with {@code agreed}, through {@code alltoallvAgreed} (bound: every rank's largest end). */
    private static void alltoallv(Communicator comm, Verdict v, boolean agreed) {
        int p = comm.size();
        int me = comm.rank();
        for (Datatype t : TYPES) {
            long[] sc = new long[p];
            long[] sd = new long[p];
            long[] rc = new long[p];
            long[] rd = new long[p];
            long st = 0;
            long rt = 0;
            for (int d = 0; d < p; d++) {
                sc[d] = (me + d) % 3;
                sd[d] = st;
                st += sc[d];
                rc[d] = (d + me) % 3;
                rd[d] = rt;
                rt += rc[d];
            }
            MemorySegment send = TypedBuffers.heap(t, (int) st);
            for (int d = 0; d < p; d++) {
                for (int j = 0; j < sc[d]; j++) {
                    TypedBuffers.set(send, t, sd[d] + j, me * 100 + d * 10 + j, t.isComplex() ? -d : 0);
                }
            }
            MemorySegment recv = TypedBuffers.heap(t, (int) rt);
            if (agreed) {
                comm.alltoallvAgreed(send, sc, sd, recv, rc, rd, t, 2L * p);
            } else {
                comm.alltoallv(send, sc, sd, recv, rc, rd, t);
            }
            for (int s = 0; s < p; s++) {
                for (int j = 0; j < rc[s]; j++) {
                    v.expectEquals(s * 100 + me * 10 + j, TypedBuffers.re(recv, t, rd[s] + j),
                            "alltoallv " + t + " from " + s + " [" + j + "]");
                    if (t.isComplex()) {
                        v.expectEquals(-me, TypedBuffers.im(recv, t, rd[s] + j), "alltoallv im " + t);
                    }
                }
            }
        }
    }

    /** Colour by parity, keys reversing the order; UNDEFINED on the last rank; a nested split. */
    private static void split(Communicator comm, Verdict v) {
        int p = comm.size();
        int r = comm.rank();
        try (Communicator sub = comm.split(r % 2, -r)) {
            int members = (p - (r % 2) + 1) / 2;
            v.expect(sub != null, "split returned null for a defined colour");
            if (sub == null) {
                return;
            }
            v.expectEquals(members, sub.size(), "sub-communicator size");
            // keys -r: the highest parent rank of the colour comes first
            int[] parents = sub.allgather(r);
            for (int i = 1; i < parents.length; i++) {
                v.expect(parents[i] < parents[i - 1], "sub ranks not ordered by key: " + java.util.Arrays.toString(parents));
            }
            double sum = sub.allreduce((double) r, ReduceOp.SUM);
            double expected = 0;
            for (int q = r % 2; q < p; q += 2) {
                expected += q;
            }
            v.expectEquals(expected, sum, "allreduce over the sub-communicator");
            try (Communicator nested = sub.split(0, sub.rank())) {
                v.expectEquals(sub.size(), nested.size(), "nested split size");
                v.expectEquals(sub.rank(), nested.rank(), "nested split rank");
                nested.barrier();
            }
        }
        Communicator none = comm.split(r == p - 1 && p > 1 ? Communicator.UNDEFINED : 0, r);
        if (r == p - 1 && p > 1) {
            v.expect(none == null, "UNDEFINED colour must give null");
        } else {
            v.expect(none != null && none.size() == Math.max(1, p - 1), "split without the last rank has wrong size");
            if (none != null) {
                none.barrier();
                none.close();
            }
        }
    }

    /** A send buffer that shares memory with the receive buffer sends its content from before the call. */
    private static void overlapping(Communicator comm, Verdict v) {
        int p = comm.size();
        int r = comm.rank();
        Datatype t = Datatype.FLOAT64;
        int n = 5;
        // allreduce: send = a[1, n + 1), recv = a[0, n)
        MemorySegment a = TypedBuffers.heap(t, n + 1);
        TypedBuffers.fill(a, t, r, 0, n + 1);
        comm.allreduce(a.asSlice(8), a, n, t, ReduceOp.SUM);
        for (int i = 0; i < n; i++) {
            double e = 0;
            for (int q = 0; q < p; q++) {
                e += TypedBuffers.valueRe(t, q, i + 1);
            }
            v.expectEquals(e, TypedBuffers.re(a, t, i), "allreduce, send one element past recv [" + i + "]");
        }
        // allgather: every rank sends the first block of its own receive buffer
        MemorySegment g = TypedBuffers.heap(t, n * p);
        TypedBuffers.fill(g, t, r, 0, n);
        comm.allgather(g.asSlice(0, 8L * n), g, n, t);
        for (int q = 0; q < p; q++) {
            checkBlockSparse(v, g, t, q, (long) q * n, n, "allgather from inside recv, block " + q);
        }
        // sendrecv: a ring shift in one buffer
        MemorySegment ring = TypedBuffers.heap(t, n);
        TypedBuffers.fill(ring, t, r, 0, n);
        int prev = (r - 1 + p) % p;
        comm.sendrecv(ring, n, (r + 1) % p, 4, ring, n, prev, 4, t);
        checkBlock(v, ring, t, prev, n, "sendrecv in one buffer");
    }

    /** A message of 3.5 chunks through every call that chunks. */
    private static void large(Communicator comm, Verdict v) {
        long chunk = Communicators.chunkElements();
        int n = chunk < 100_000 ? (int) (3 * chunk + chunk / 2 + 1) : 100_003;
        int p = comm.size();
        int r = comm.rank();
        Datatype t = Datatype.FLOAT64;
        MemorySegment a = TypedBuffers.heap(t, n);
        TypedBuffers.fill(a, t, r, 0, n);
        comm.allreduce(a, a, n, t, ReduceOp.SUM);
        for (int i = 0; i < n; i += 97) {
            double e = 0;
            for (int q = 0; q < p; q++) {
                e += TypedBuffers.valueRe(t, q, i);
            }
            v.expectEquals(e, TypedBuffers.re(a, t, i), "large allreduce [" + i + "]");
        }
        MemorySegment b = TypedBuffers.heap(Datatype.COMPLEX128, n);
        if (r == 0) {
            TypedBuffers.fill(b, Datatype.COMPLEX128, 0, 0, n);
        }
        comm.bcast(b, n, Datatype.COMPLEX128, 0);
        checkBlockSparse(v, b, Datatype.COMPLEX128, 0, 0, n, "large bcast");
        MemorySegment g = TypedBuffers.heap(Datatype.FLOAT32, n * p);
        MemorySegment mine = TypedBuffers.heap(Datatype.FLOAT32, n);
        TypedBuffers.fill(mine, Datatype.FLOAT32, r, 0, n);
        comm.allgather(mine, g, n, Datatype.FLOAT32);
        for (int q = 0; q < p; q++) {
            checkBlockSparse(v, g, Datatype.FLOAT32, q, (long) q * n, n, "large allgather block " + q);
        }
        long[] counts = new long[p];
        long[] displs = new long[p];
        long total = 0;
        for (int q = 0; q < p; q++) {
            counts[q] = q % 2 == 0 ? n : 1;
            displs[q] = total;
            total += counts[q];
        }
        MemorySegment gv = TypedBuffers.heap(Datatype.FLOAT64, (int) total);
        MemorySegment sv = TypedBuffers.heap(Datatype.FLOAT64, (int) counts[r]);
        TypedBuffers.fill(sv, Datatype.FLOAT64, r, 0, counts[r]);
        comm.allgatherv(sv, counts[r], gv, counts, displs, Datatype.FLOAT64);
        for (int q = 0; q < p; q++) {
            checkBlockSparse(v, gv, Datatype.FLOAT64, q, displs[q], counts[q], "large allgatherv block " + q);
        }
        int next = (r + 1) % p;
        int prev = (r - 1 + p) % p;
        MemorySegment in = TypedBuffers.heap(Datatype.INT64, n);
        MemorySegment out = TypedBuffers.heap(Datatype.INT64, n);
        TypedBuffers.fill(out, Datatype.INT64, r, 0, n);
        comm.sendrecv(out, n, next, 9, in, n, prev, 9, Datatype.INT64);
        checkBlockSparse(v, in, Datatype.INT64, prev, 0, n, "large sendrecv");
        long[] sc = new long[p];
        long[] sd = new long[p];
        for (int d = 0; d < p; d++) {
            sc[d] = n;
            sd[d] = (long) d * n;
        }
        MemorySegment at = TypedBuffers.heap(Datatype.FLOAT64, n * p);
        for (int d = 0; d < p; d++) {
            TypedBuffers.fill(at, Datatype.FLOAT64, r, (long) d * n, n);
        }
        MemorySegment ar = TypedBuffers.heap(Datatype.FLOAT64, n * p);
        comm.alltoallv(at, sc, sd, ar, sc, sd, Datatype.FLOAT64);
        for (int q = 0; q < p; q++) {
            checkBlockSparse(v, ar, Datatype.FLOAT64, q, (long) q * n, n, "large alltoallv from " + q);
        }
        MemorySegment ag = TypedBuffers.heap(Datatype.FLOAT64, n * p);
        comm.alltoallvAgreed(at, sc, sd, ag, sc, sd, Datatype.FLOAT64, (long) n * p);
        for (int q = 0; q < p; q++) {
            checkBlockSparse(v, ag, Datatype.FLOAT64, q, (long) q * n, n, "large alltoallvAgreed from " + q);
        }
    }

    private static void checkBlockSparse(Verdict v, MemorySegment s, Datatype t, int fromRank, long offset, long n,
            String what) {
        for (long i = 0; i < n; i = i < n - 1 && i + 89 >= n ? n - 1 : i + 89) {
            v.expectEquals(TypedBuffers.valueRe(t, fromRank, i), TypedBuffers.re(s, t, offset + i), what + " [" + i + "]");
            if (t.isComplex()) {
                v.expectEquals(TypedBuffers.valueIm(fromRank, i), TypedBuffers.im(s, t, offset + i), what + " im [" + i + "]");
            }
            if (i == n - 1) {
                break;
            }
        }
    }

    /** One bad call and the exception every backend must throw for it. */
    private record BadCall(String what, Class<? extends RuntimeException> type, String message, Runnable call) {
    }

    /**
     * Arguments that every rank gets wrong in the same way are rejected before any communication,
     * with the same exception and the same message on every backend (the messages are written out
     * here, independently of the library's code, so that a reworded check fails this check).
     */
    private static void badArguments(Communicator comm, Verdict v) {
        int p = comm.size();
        int r = comm.rank();
        Datatype f64 = Datatype.FLOAT64;
        MemorySegment small = TypedBuffers.heap(f64, 2);
        MemorySegment three = TypedBuffers.heap(f64, 3);
        long[] zeros = new long[p];
        long[] oneEach = new long[p];
        long[] ranks = new long[p];
        for (int q = 0; q < p; q++) {
            oneEach[q] = 1;
            ranks[q] = q;
        }
        long[] lastNegative = zeros.clone();
        lastNegative[p - 1] = -1;
        long[] sendsItself = zeros.clone();
        sendsItself[r] = 1;
        Communicator sub = comm.split(0, r);
        sub.close();
        List<BadCall> calls = List.of(
                new BadCall("MAX on complex", IllegalArgumentException.class,
                        "op: MAX is not defined for complex datatype COMPLEX128 (only SUM is)",
                        () -> comm.allreduce(TypedBuffers.heap(Datatype.COMPLEX128, 1),
                                TypedBuffers.heap(Datatype.COMPLEX128, 1), 1, Datatype.COMPLEX128, ReduceOp.MAX)),
                new BadCall("count beyond the send buffer", IllegalArgumentException.class,
                        "send: buffer holds 2 FLOAT64 elements but 3 are needed",
                        () -> comm.allreduce(small, small, 3, f64, ReduceOp.SUM)),
                new BadCall("allgather into a buffer one element short", IllegalArgumentException.class,
                        "recv: buffer holds " + (3 * p - 1) + " FLOAT64 elements but " + 3 * p + " are needed",
                        () -> comm.allgather(three, TypedBuffers.heap(f64, 3 * p - 1), 3, f64)),
                new BadCall("negative count", IllegalArgumentException.class,
                        "count: must not be negative, got -1", () -> comm.bcast(small, -1, f64, 0)),
                new BadCall("root out of range", IllegalArgumentException.class,
                        "root: expected a rank in [0, " + p + "), got " + p, () -> comm.bcast(small, 1, f64, p)),
                new BadCall("dest out of range", IllegalArgumentException.class,
                        "dest: expected a rank in [0, " + p + "), got -1", () -> comm.send(small, 1, f64, -1, 0)),
                new BadCall("negative tag", IllegalArgumentException.class,
                        "tag: must not be negative, got -3", () -> comm.recv(small, 1, f64, 0, -3)),
                new BadCall("null send buffer", IllegalArgumentException.class,
                        "send: must not be null", () -> comm.allreduce(null, small, 1, f64, ReduceOp.SUM)),
                new BadCall("null datatype", IllegalArgumentException.class,
                        "type: must not be null", () -> comm.allgather(small, small, 1, null)),
                new BadCall("null array of the convenience allreduce", IllegalArgumentException.class,
                        "buf: must not be null", () -> comm.allreduce((double[]) null, ReduceOp.SUM)),
                new BadCall("counts of the wrong length", IllegalArgumentException.class,
                        "recvCounts: expected one entry per rank (" + p + "), got " + (p + 1),
                        () -> comm.allgatherv(small, 1, small, new long[p + 1], new long[p + 1], f64)),
                new BadCall("sendCount other than this rank's entry", IllegalArgumentException.class,
                        "sendCount: expected recvCounts[" + r + "] = 1 (this rank's entry), got 2",
                        () -> comm.allgatherv(small, 2, TypedBuffers.heap(f64, p), oneEach, ranks, f64)),
                new BadCall("null displacements", IllegalArgumentException.class,
                        "recvDispls: must not be null",
                        () -> comm.alltoallv(small, zeros, zeros, small, zeros, null, f64)),
                new BadCall("a negative count in a per-rank array", IllegalArgumentException.class,
                        "sendCounts[" + (p - 1) + "]: must not be negative, got -1",
                        () -> comm.alltoallv(small, lastNegative, zeros, small, zeros, zeros, f64)),
                new BadCall("a rank that sends itself other than it expects", IllegalArgumentException.class,
                        "sendCounts, recvCounts: this rank (" + r + ") sends itself 1 elements but expects 0",
                        () -> comm.alltoallv(small, sendsItself, zeros, small, zeros, zeros, f64)),
                new BadCall("a block past the agreed bound", IllegalArgumentException.class,
                        "sendCounts, sendDispls: the block of rank " + r + " ends at element 1, past the bound 0 given"
                                + " for every rank's blocks",
                        () -> comm.alltoallvAgreed(small, sendsItself, zeros, small, sendsItself, zeros, f64, 0)),
                new BadCall("a negative agreed bound", IllegalArgumentException.class,
                        "bound: expected at least 0, got -1",
                        () -> comm.alltoallvAgreed(small, zeros, zeros, small, zeros, zeros, f64, -1)),
                new BadCall("read-only receive buffer", IllegalArgumentException.class,
                        "recv: is read-only but receives data",
                        () -> comm.allreduce(small, three.asReadOnly(), 1, f64, ReduceOp.SUM)),
                new BadCall("negative colour", IllegalArgumentException.class,
                        "color: expected a non-negative colour or Communicator.UNDEFINED (-1), got -5",
                        () -> comm.split(-5, 0)),
                new BadCall("a closed sub-communicator", IllegalStateException.class,
                        "communicator: used after close() (rank " + r + " of " + p + ")", sub::barrier));
        for (BadCall c : calls) {
            try {
                c.call().run();
                v.expect(false, c.what() + ": no exception, expected " + c.type().getSimpleName() + " '" + c.message()
                        + "'");
            } catch (RuntimeException e) {
                v.expect(c.type().isInstance(e) && c.message().equals(e.getMessage()), c.what() + ": expected "
                        + c.type().getSimpleName() + " '" + c.message() + "', got " + e.getClass().getSimpleName() + " '"
                        + e.getMessage() + "'");
            }
        }
        comm.barrier();
    }

    /**
     * Runs the suite on {@link Communicators#world()}; rank 0 prints one line per check and a
     * closing count. Exit status 1 if any check failed.
     *
     * @param args optional check names to run (default: all)
     */
    public static void main(String[] args) {
        Communicator world = Communicators.world();
        List<Result> results = new ArrayList<>();
        if (args.length == 0) {
            results.addAll(run(world));
        } else {
            for (String a : args) {
                results.add(run(world, a));
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (world.rank() == 0) {
            for (Result r : results) {
                System.out.printf("%-4s %-30s %s np=%d %s%n", r.passed() ? "ok" : "FAIL", r.check(), world.backend(),
                        world.size(), r.firstProblem());
            }
            System.out.printf("conformance: %d passed, %d failed%n", results.size() - failed, failed);
        }
        // Rank 0's own first problem is printed above; other ranks print theirs.
        for (Result r : results) {
            if (!r.passed() && r.firstProblem().startsWith("rank " + world.rank() + ":") && world.rank() != 0) {
                System.err.println("FAIL " + r.check() + " " + r.firstProblem());
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
