package org.jlops.mpi.bench.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The communication benchmark of the foundation issue, on any {@link Communicator}: allreduce
 * (SUM) of 1 and of 2<sup>20</sup> doubles, allgather of 2<sup>22</sup> doubles in total, and a
 * ping-pong of 8 bytes and of 8 MiB between ranks 0 and 1 (blocking send, then blocking
 * receive; the time is half a round trip). Timing follows {@link OsuHarness}; the C program
 * {@code bench/src/main/c/osu_like.c} runs the same cases with the same loops, so the rows of
 * both compare one to one.
 *
 * <p>Buffers are off-heap segments of a shared arena, 64-byte aligned, separate for send and
 * receive, filled with the rank's value; one unmeasured call before each case checks the result
 * (agreed over all ranks, so a wrong backend fails everywhere instead of hanging).
 *
 * <p>Run: {@code scripts/bench-comm.sh} (C, mpi-ffm, ompi-java and in-JVM side by side at
 * np = 2), or {@code java ... org.jlops.mpi.bench.BenchMain comm --help}.
 */
public final class CommBench {

    /** What a case measures. */
    public enum Workload {
        /** {@link Communicator#allreduce} with {@link ReduceOp#SUM}; size = elements. */
        ALLREDUCE("allreduce", "allreduce", "MPI_Allreduce"),
        /** {@link Communicator#allgather}; size = elements gathered in total. */
        ALLGATHER("allgather", "allgather", "MPI_Allgather"),
        /** {@link Communicator#send} and {@link Communicator#recv} between ranks 0 and 1; size = bytes. */
        PINGPONG("pingpong", "send+recv", "MPI_Send+MPI_Recv");

        private final String label;
        private final String javaOp;
        private final String cOp;

        Workload(String label, String javaOp, String cOp) {
            this.label = label;
            this.javaOp = javaOp;
            this.cOp = cOp;
        }

        /** The {@code workload} column. */
        public String label() {
            return label;
        }

        /** The {@code op} column of the Java rows: the {@link Communicator} call. */
        public String javaOp() {
            return javaOp;
        }

        /** The {@code op} column of the C rows: the MPI call. */
        public String cOp() {
            return cOp;
        }
    }

    /**
     * One measurement.
     *
     * @param workload   what is measured
     * @param size       elements for collectives (in total for allgather), bytes for ping-pong
     * @param warmup     untimed iterations
     * @param iterations timed iterations per repetition
     */
    public record Case(Workload workload, long size, int warmup, int iterations) {
        /** Validates the case. */
        public Case {
            Objects.requireNonNull(workload, "workload");
            if (size < 1) {
                throw new IllegalArgumentException("size: must be at least 1, got " + size);
            }
            if (workload == Workload.PINGPONG && size % Double.BYTES != 0) {
                throw new IllegalArgumentException("size: a ping-pong message is a whole number of doubles, got "
                        + size + " bytes");
            }
            if (warmup < 0 || iterations < 1) {
                throw new IllegalArgumentException("warmup/iterations: need warmup >= 0 and iterations >= 1, got "
                        + warmup + "/" + iterations);
            }
        }

        /** The {@code dtype} column. */
        public String dtype() {
            return workload == Workload.PINGPONG ? "byte" : "float64";
        }

        /** The {@code global_shape} column at {@code np} ranks (allgather: rounded down to np blocks). */
        public long globalShape(int np) {
            return workload == Workload.ALLGATHER ? perRank(np) * np : size;
        }

        /** Allgather block per rank (at least 1). */
        long perRank(int np) {
            return Math.max(1, size / np);
        }
    }

    /** The cases of the foundation issue (same sizes and loop counts as {@code osu_like.c}). */
    public static List<Case> standardCases() {
        return List.of(
                new Case(Workload.ALLREDUCE, 1, 300000, 100000),
                new Case(Workload.ALLREDUCE, 1L << 20, 5, 20),
                new Case(Workload.ALLGATHER, 1L << 22, 3, 10),
                new Case(Workload.PINGPONG, 8, 300000, 100000),
                new Case(Workload.PINGPONG, 8L << 20, 5, 20));
    }

    /** Tiny sizes and loops for tests ({@code --quick}; same as {@code osu_like --quick}). */
    public static List<Case> quickCases() {
        return List.of(
                new Case(Workload.ALLREDUCE, 1, 2, 5),
                new Case(Workload.ALLREDUCE, 1024, 2, 5),
                new Case(Workload.ALLGATHER, 4096, 2, 5),
                new Case(Workload.PINGPONG, 8, 2, 5),
                new Case(Workload.PINGPONG, 8192, 2, 5));
    }

    /** The {@code impl} column of the Java rows. */
    public static final String IMPL = "jlops-mpi";
    /** The {@code engine} column: buffers in host memory. */
    public static final String ENGINE = "host";

    private final OsuHarness harness;

    /**
     * A benchmark timing with the given harness.
     *
     * @param harness repetitions and clock
     */
    public CommBench(OsuHarness harness) {
        this.harness = Objects.requireNonNull(harness, "harness");
    }

    /**
     * Runs the cases on {@code comm}. Collective: every rank calls it with the same cases.
     *
     * @param comm  (Input) the ranks; its {@link Communicator#backend()} names the rows' backend
     * @param cases (Input) the measurements, in order. Not modified.
     * @param notes extra text appended to every row's notes (may be empty)
     * @return one row per case, the same on every rank
     * @throws IllegalStateException on every rank if a backend returned a wrong result
     */
    public List<BenchRow> run(Communicator comm, List<Case> cases, String notes) {
        List<BenchRow> rows = new ArrayList<>();
        for (Case c : cases) {
            rows.add(runCase(comm, c, notes));
        }
        return rows;
    }

    /**
     * Rows saying that the cases were not run on {@code backend}, with the reason.
     *
     * @param backend the backend that is unavailable
     * @param np      the rank count it would have run at
     * @param cases   (Input) the cases it would have run. Not modified.
     * @param reason  why it did not run
     */
    public static List<BenchRow> skippedRows(String backend, int np, List<Case> cases, String reason) {
        List<BenchRow> rows = new ArrayList<>();
        for (Case c : cases) {
            rows.add(BenchRow.skipped(IMPL, backend, ENGINE, c.workload().label(), c.workload().javaOp(), np,
                    c.dtype(), Long.toString(c.globalShape(np)), reason));
        }
        return rows;
    }

    private BenchRow runCase(Communicator comm, Case c, String notes) {
        int np = comm.size();
        int rank = comm.rank();
        try (Arena arena = Arena.ofShared()) {
            OsuHarness.Timing t;
            long bytesPerCall;
            String detail;
            switch (c.workload()) {
                case ALLREDUCE -> {
                    long n = c.size();
                    MemorySegment send = filled(arena, n, rank + 1);
                    MemorySegment recv = filled(arena, n, 0);
                    comm.allreduce(send, recv, n, Datatype.FLOAT64, ReduceOp.SUM);
                    double expected = np * (np + 1) / 2.0;
                    agree(comm, at(recv, 0) == expected && at(recv, n - 1) == expected,
                            () -> "allreduce of " + n + " float64 returned " + at(recv, 0) + ", expected " + expected);
                    t = harness.measure(comm, c.warmup(), c.iterations(), 1,
                            () -> comm.allreduce(send, recv, n, Datatype.FLOAT64, ReduceOp.SUM));
                    bytesPerCall = n * Double.BYTES;
                    detail = "SUM, separate send/recv";
                }
                case ALLGATHER -> {
                    long block = c.perRank(np);
                    MemorySegment send = filled(arena, block, rank + 1);
                    MemorySegment recv = filled(arena, block * np, 0);
                    comm.allgather(send, recv, block, Datatype.FLOAT64);
                    boolean ok = true;
                    for (int r = 0; r < np; r++) {
                        ok &= at(recv, r * block) == r + 1 && at(recv, (r + 1) * block - 1) == r + 1;
                    }
                    agree(comm, ok, () -> "allgather of " + block + " float64 per rank put wrong blocks");
                    t = harness.measure(comm, c.warmup(), c.iterations(), 1,
                            () -> comm.allgather(send, recv, block, Datatype.FLOAT64));
                    bytesPerCall = block * np * Double.BYTES;
                    detail = block + " per rank";
                }
                case PINGPONG -> {
                    long n = c.size() / Double.BYTES;
                    MemorySegment send = filled(arena, n, rank + 1);
                    MemorySegment recv = filled(arena, n, 0);
                    OsuHarness.Iteration roundTrip = roundTrip(comm, send, recv, n);
                    roundTrip.run();
                    double expected = np == 1 ? 1 : rank == 0 ? 2 : 1;
                    agree(comm, rank > 1 || at(recv, 0) == expected && at(recv, n - 1) == expected,
                            () -> "ping-pong of " + c.size() + " bytes received " + at(recv, 0) + " on rank " + rank
                                    + ", expected " + expected);
                    t = harness.measure(comm, c.warmup(), c.iterations(), 2, roundTrip);
                    bytesPerCall = c.size();
                    detail = np == 1 ? "one rank: sendrecv to itself; time per message"
                            : "ranks 0-1, half round trip; sent as " + n + " float64";
                }
                default -> throw new IllegalStateException("unreachable: " + c.workload());
            }
            comm.barrier(); // no rank still reads a peer's buffer when the arena closes
            String text = detail + "; warmup " + c.warmup() + ", " + c.iterations() + " iterations/rep; off-heap"
                    + (notes.isBlank() ? "" : "; " + notes);
            return new BenchRow(IMPL, comm.backend(), ENGINE, c.workload().label(), c.workload().javaOp(), np,
                    c.dtype(), Long.toString(c.globalShape(np)), t.reps(), t.medianSeconds(), t.minSeconds(),
                    t.maxSeconds(), bytesPerCall / t.medianSeconds() / 1e9, text);
        }
    }

    /** One ping-pong round trip: rank 0 sends then receives, rank 1 receives then sends. */
    private static OsuHarness.Iteration roundTrip(Communicator comm, MemorySegment send, MemorySegment recv,
            long n) {
        int tag = 7;
        if (comm.size() == 1) {
            return () -> {
                comm.sendrecv(send, n, 0, tag, recv, n, 0, tag, Datatype.FLOAT64);
                comm.sendrecv(send, n, 0, tag, recv, n, 0, tag, Datatype.FLOAT64);
            };
        }
        return switch (comm.rank()) {
            case 0 -> () -> {
                comm.send(send, n, Datatype.FLOAT64, 1, tag);
                comm.recv(recv, n, Datatype.FLOAT64, 1, tag);
            };
            case 1 -> () -> {
                comm.recv(recv, n, Datatype.FLOAT64, 0, tag);
                comm.send(send, n, Datatype.FLOAT64, 0, tag);
            };
            default -> () -> {
            };
        };
    }

    private static MemorySegment filled(Arena arena, long n, double value) {
        MemorySegment s = arena.allocate(n * Double.BYTES, 64);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, value);
        }
        return s;
    }

    private static double at(MemorySegment s, long i) {
        return s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }

    /** Throws on every rank when the check failed on any rank. Collective. */
    private static void agree(Communicator comm, boolean ok, Supplier<String> problem) {
        String mine = ok ? null : problem.get();
        MemorySegment flag = Arena.ofAuto().allocate(ValueLayout.JAVA_INT); // off-heap, see OsuHarness
        flag.set(ValueLayout.JAVA_INT, 0, ok ? 1 : 0);
        comm.allreduce(flag, flag, 1, Datatype.INT32, ReduceOp.MIN);
        if (flag.get(ValueLayout.JAVA_INT, 0) == 0) {
            throw new IllegalStateException("backend " + comm.backend() + ": "
                    + (mine != null ? mine : "a wrong result on another rank"));
        }
    }
}
