package org.jlops.mpi.comm.ompijava;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The program {@link OmpiJavaMpirunTest} starts under {@code mpirun}. {@code ok}: every call of the
 * backend on buffers that are on the heap on even ranks and off the heap on odd ranks (so one
 * call mixes both), with uneven and zero counts, per-rank displacements, and messages longer than
 * the chunk size; exit status 0, or 1 with the first problem on stderr. {@code throw}: rank 1
 * throws while the others wait in a collective.
 */
final class OmpiJavaSmoke {

    private final Communicator c;
    private final int p;
    private final int r;
    private final Arena arena = Arena.ofConfined();
    private final List<String> problems = new ArrayList<>();

    private OmpiJavaSmoke(Communicator c) {
        this.c = c;
        this.p = c.size();
        this.r = c.rank();
    }

    public static void main(String[] args) {
        Communicator world = Communicators.world();
        if (args.length > 0 && args[0].equals("throw")) {
            world.barrier();
            if (world.rank() == Math.min(1, world.size() - 1)) {
                throw new IllegalStateException("smoke: rank " + world.rank() + " fails on purpose");
            }
            world.allreduce(1.0, ReduceOp.SUM);
            world.barrier();
            return;
        }
        OmpiJavaSmoke s = new OmpiJavaSmoke(world);
        s.run();
        int failed = world.allreduce(s.problems.isEmpty() ? 0 : 1, ReduceOp.SUM);
        if (!s.problems.isEmpty()) {
            System.err.println("rank " + world.rank() + ": " + s.problems.size() + " problems, first: " + s.problems.get(0));
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private static double value(int rank, long i) {
        return rank * 10_000.0 + i + 0.25;
    }

    /** n doubles, on the heap on even ranks (a slice at an offset), off the heap on odd ones. */
    private MemorySegment doubles(long n, boolean flip) {
        boolean heap = (r % 2 == 0) != flip;
        if (heap) {
            return MemorySegment.ofArray(new double[Math.toIntExact(n) + 2]).asSlice(16, n * 8);
        }
        return arena.allocate(n * 8 + 8, 8).asSlice(8, n * 8);
    }

    private void fill(MemorySegment s, int rank, long from, long n) {
        for (long i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, from + i, value(rank, i));
        }
    }

    private void expect(boolean ok, String what) {
        if (!ok && problems.size() < 10) {
            problems.add(what);
        }
    }

    private double at(MemorySegment s, long i) {
        return s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }

    private void run() {
        long chunk = Communicators.chunkElements();
        long n = chunk < 10_000 ? 3 * chunk + 7 : 1001;
        // allreduce, separate buffers and in place
        MemorySegment a = doubles(n, false);
        MemorySegment b = doubles(n, true);
        fill(a, r, 0, n);
        c.allreduce(a, b, n, Datatype.FLOAT64, ReduceOp.MAX);
        c.allreduce(a, a, n, Datatype.FLOAT64, ReduceOp.SUM);
        for (long i = 0; i < n; i++) {
            double sum = 0;
            for (int q = 0; q < p; q++) {
                sum += value(q, i);
            }
            expect(at(b, i) == value(p - 1, i), "allreduce MAX [" + i + "] = " + at(b, i));
            expect(at(a, i) == sum, "allreduce SUM in place [" + i + "] = " + at(a, i));
        }
        // complex SUM as pairs of reals
        MemorySegment z = doubles(2 * n, false);
        for (long i = 0; i < n; i++) {
            z.setAtIndex(ValueLayout.JAVA_DOUBLE, 2 * i, i);
            z.setAtIndex(ValueLayout.JAVA_DOUBLE, 2 * i + 1, r);
        }
        c.allreduce(z, z, n, Datatype.COMPLEX128, ReduceOp.SUM);
        for (long i = 0; i < n; i++) {
            expect(at(z, 2 * i) == p * (double) i && at(z, 2 * i + 1) == p * (p - 1) / 2.0, "complex sum [" + i + "]");
        }
        // allgather
        MemorySegment mine = doubles(n, false);
        fill(mine, r, 0, n);
        MemorySegment all = doubles(n * p, true);
        c.allgather(mine, all, n, Datatype.FLOAT64);
        for (int q = 0; q < p; q++) {
            for (long i = 0; i < n; i++) {
                expect(at(all, q * n + i) == value(q, i), "allgather block " + q + " [" + i + "]");
            }
        }
        // allgatherv: rank 1 sends nothing; odd ranks lay blocks out in reverse order, with gaps
        long[] counts = new long[p];
        long[] displs = new long[p];
        long total = 0;
        for (int q = 0; q < p; q++) {
            counts[q] = q == 1 ? 0 : n + q;
        }
        for (int k = 0; k < p; k++) {
            int q = r % 2 == 1 ? p - 1 - k : k;
            displs[q] = total;
            total += counts[q] + 1;
        }
        MemorySegment sv = doubles(counts[r], false);
        fill(sv, r, 0, counts[r]);
        MemorySegment gv = doubles(total, true);
        gv.fill((byte) 0);
        c.allgatherv(sv, counts[r], gv, counts, displs, Datatype.FLOAT64);
        for (int q = 0; q < p; q++) {
            for (long i = 0; i < counts[q]; i++) {
                expect(at(gv, displs[q] + i) == value(q, i), "allgatherv block " + q + " [" + i + "]");
            }
            expect(at(gv, displs[q] + counts[q]) == 0, "allgatherv wrote into the gap after block " + q);
        }
        // bcast from the last rank
        MemorySegment bc = doubles(n, false);
        if (r == p - 1) {
            fill(bc, r, 0, n);
        }
        c.bcast(bc, n, Datatype.FLOAT64, p - 1);
        for (long i = 0; i < n; i++) {
            expect(at(bc, i) == value(p - 1, i), "bcast [" + i + "]");
        }
        // sendrecv ring, lengths differ per direction; send/recv with a zero count
        int next = (r + 1) % p;
        int prev = (r + p - 1) % p;
        MemorySegment out = doubles(n + r, false);
        fill(out, r, 0, n + r);
        MemorySegment in = doubles(n + prev, true);
        c.sendrecv(out, n + r, next, 3, in, n + prev, prev, 3, Datatype.FLOAT64);
        for (long i = 0; i < n + prev; i++) {
            expect(at(in, i) == value(prev, i), "sendrecv [" + i + "]");
        }
        if (p > 1 && r < 2) {
            MemorySegment empty = doubles(0, false);
            if (r == 0) {
                c.send(empty, 0, Datatype.FLOAT64, 1, 7);
                c.send(out, n, Datatype.FLOAT64, 1, 8);
            } else {
                c.recv(empty, 0, Datatype.FLOAT64, 0, 7);
                c.recv(in, n, Datatype.FLOAT64, 0, 8);
                for (long i = 0; i < n; i++) {
                    expect(at(in, i) == value(0, i), "recv [" + i + "]");
                }
            }
        }
        // alltoallv: rank s sends (s + d) % 3 * n / 2 elements to d
        long[] sc = new long[p];
        long[] sd = new long[p];
        long[] rc = new long[p];
        long[] rd = new long[p];
        long st = 0;
        long rt = 0;
        for (int d = 0; d < p; d++) {
            sc[d] = (r + d) % 3 * n / 2;
            sd[d] = st;
            st += sc[d];
            rc[d] = (d + r) % 3 * n / 2;
            rd[d] = rt;
            rt += rc[d] + 1;
        }
        MemorySegment as = doubles(st, false);
        for (int d = 0; d < p; d++) {
            fill(as, r * 100 + d, sd[d], sc[d]);
        }
        MemorySegment ar = doubles(rt, true);
        c.alltoallv(as, sc, sd, ar, rc, rd, Datatype.FLOAT64);
        for (int q = 0; q < p; q++) {
            for (long i = 0; i < rc[q]; i++) {
                expect(at(ar, rd[q] + i) == value(q * 100 + r, i), "alltoallv from " + q + " [" + i + "]");
            }
        }
        // split by parity, a sum over the sub-communicator, UNDEFINED on rank 0
        try (Communicator sub = c.split(r % 2, r)) {
            double expected = 0;
            for (int q = r % 2; q < p; q += 2) {
                expected += q;
            }
            expect(sub.allreduce((double) r, ReduceOp.SUM) == expected, "sum over the parity sub-communicator");
        }
        Communicator none = c.split(r == 0 ? Communicator.UNDEFINED : 0, 0);
        expect((none == null) == (r == 0), "UNDEFINED colour gives null on rank 0 only");
        if (none != null) {
            expect(none.size() == p - 1, "sub-communicator without rank 0 has " + none.size() + " ranks");
            none.close();
        }
        c.barrier();
    }
}
