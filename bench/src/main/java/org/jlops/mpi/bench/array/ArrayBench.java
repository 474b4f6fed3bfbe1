package org.jlops.mpi.bench.array;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.engine.Reduction;

/**
 * The array benchmark of the DistributedArray issue, on any {@link Communicator}: element-wise
 * operations and reductions of a 1-d SCATTER {@link DistributedArray} of {@code elements}
 * FLOAT64 values in total (2<sup>24</sup> by default, split evenly over the ranks), timed with
 * {@link OsuHarness} (untimed warm-up runs of the timed loop, then per repetition a barrier, a
 * loop of calls and the slowest rank's time per call).
 *
 * <p>Operations ({@code op} column) and the bytes counted per element — each operand read once,
 * the result written once:
 * <ul>
 *   <li>{@code add}: {@code x.add(y)}, a new array (24 B);</li>
 *   <li>{@code iadd}: {@code x.iadd(y)} in place (24 B);</li>
 *   <li>{@code scale}: {@code x.multiply(s)}, a new array (16 B);</li>
 *   <li>{@code dot}: {@code x.dot(y)} (16 B);</li>
 *   <li>{@code norm2}, {@code norm1}, {@code norminf}: {@code x.norm(2 / 1 / inf)} (8 B).</li>
 * </ul>
 * The costs of issue 14, beside the operations they are part of, in the same run:
 * <ul>
 *   <li>{@code add-unagreed}: {@code x.add(y)} inside {@link CollectiveChecks#agreed}, i.e. without
 *       the agreement on the operand that {@code add} makes (one allreduce of one word);</li>
 *   <li>{@code dot-allreduce}, {@code norm2-allreduce}: the reductions as they were before the tree
 *       sums — the engine's local kernel, then one allreduce — for the cost of bit-identical
 *       results;</li>
 *   <li>{@code dot1}, {@code dot1-allreduce}, {@code allreduce1}, {@code add1},
 *       {@code add1-unagreed}: the same on an array of one element in all (latency: the tree sum's
 *       allgather against an allreduce, and the agreement of a local operation), each with
 *       {@link #LATENCY_FACTOR} times the warm-up and timed calls of the large operations.</li>
 * </ul>
 * Reductions include their one allreduce. Each operation's result is checked once before timing
 * (agreed over all ranks). With a triad floor given, each row's notes state its fraction of it.
 *
 * <p>Run: {@code scripts/bench-arrays.sh} (C STREAM floor and this benchmark under the same
 * {@code mpirun -np}), or {@code java ... org.jlops.mpi.bench.BenchMain arrays --help}.
 */
public final class ArrayBench {

    /** One measured operation: its name, bytes per element and the call. */
    private record Op(String name, int bytesPerElement, OsuHarness.Iteration call) {
    }

    private final OsuHarness harness;
    /**
     * How many times more warm-up and timed calls the one-element (latency) operations get: a call
     * takes microseconds, so the counts that suit the 2^24-element operations would time code the
     * JIT has not compiled yet, and the clock's resolution.
     */
    static final int LATENCY_FACTOR = 2000;
    private final int warmup;
    private final int calls;

    /**
     * A benchmark timing each operation with {@code harness}.
     *
     * @param harness the timing harness (repetitions)
     * @param warmup  untimed calls before the repetitions (at least 1)
     * @param calls   timed calls per repetition (at least 1)
     */
    public ArrayBench(OsuHarness harness, int warmup, int calls) {
        if (warmup < 1 || calls < 1) {
            throw new IllegalArgumentException("warmup/calls: must be at least 1, got " + warmup + "/" + calls);
        }
        this.harness = harness;
        this.warmup = warmup;
        this.calls = calls;
    }

    /**
     * Measures every operation. Collective.
     *
     * @param comm     the communicator
     * @param elements global element count
     * @param backend  the {@code backend} column
     * @param triadGbs the triad floor in GB/s measured in the same run, or NaN for none
     * @param triadO3Gbs the triad of the vectorised (-O3) C build in the same run, or NaN for none
     * @param notes    text added to every row's notes ("" for none)
     * @return one row per operation, identical on every rank
     */
    public List<BenchRow> run(Communicator comm, long elements, String backend, double triadGbs, double triadO3Gbs,
            String notes) {
        if (elements < comm.size()) {
            throw new IllegalArgumentException("elements: need at least one per rank (" + comm.size() + "), got "
                    + elements);
        }
        DistributedArray x = DistributedArray.builder(comm, elements).dtype(DType.FLOAT64).build();
        DistributedArray y = x.zerosLike();
        x.fill(1.5);
        y.fill(-0.5);
        double n = elements;
        List<Op> ops = new ArrayList<>();
        DistributedArray[] sink = new DistributedArray[1];
        double[] scalar = new double[1];
        ops.add(new Op("add", 24, () -> sink[0] = x.add(y)));
        ops.add(new Op("iadd", 24, () -> x.iadd(y)));
        ops.add(new Op("scale", 16, () -> sink[0] = x.multiply(0.5)));
        ops.add(new Op("dot", 16, () -> scalar[0] += x.dot(y).re()));
        ops.add(new Op("norm2", 8, () -> scalar[0] += x.norm(2)));
        ops.add(new Op("norm1", 8, () -> scalar[0] += x.norm(1)));
        ops.add(new Op("norminf", 8, () -> scalar[0] += x.norm(Double.POSITIVE_INFINITY)));
        ops.add(new Op("add-unagreed", 24, () -> sink[0] = CollectiveChecks.agreed(() -> x.add(y))));
        ops.add(new Op("dot-allreduce", 16, () -> scalar[0] += plainDot(x, y)));
        ops.add(new Op("norm2-allreduce", 8, () -> scalar[0] += plainNorm2(x)));
        DistributedArray x1 = DistributedArray.builder(comm, 1).dtype(DType.FLOAT64).build();
        DistributedArray y1 = x1.zerosLike();
        x1.fill(1.5);
        y1.fill(-0.5);
        double[] word = new double[1];
        ops.add(new Op("dot1", 0, () -> scalar[0] += x1.dot(y1).re()));
        ops.add(new Op("dot1-allreduce", 0, () -> scalar[0] += plainDot(x1, y1)));
        ops.add(new Op("allreduce1", 0, () -> comm.allreduce(word, ReduceOp.SUM)));
        ops.add(new Op("add1", 0, () -> sink[0] = x1.add(y1)));
        ops.add(new Op("add1-unagreed", 0, () -> sink[0] = CollectiveChecks.agreed(() -> x1.add(y1))));
        check(comm, x.add(y).norm(1), n, "add");
        check(comm, x.multiply(0.5).norm(1), 0.75 * n, "scale");
        check(comm, x.dot(y).re(), -0.75 * n, "dot");
        check(comm, x.norm(2), 1.5 * Math.sqrt(n), "norm2");
        check(comm, x.norm(1), 1.5 * n, "norm1");
        check(comm, x.norm(Double.POSITIVE_INFINITY), 1.5, "norminf");
        check(comm, plainDot(x, y), -0.75 * n, "dot-allreduce");
        check(comm, plainNorm2(x), 1.5 * Math.sqrt(n), "norm2-allreduce");
        List<BenchRow> rows = new ArrayList<>();
        for (Op op : ops) {
            if (op.name().equals("iadd")) {
                y.fill(0); // x += 0: the values stay put, so later operations see the same data
            }
            boolean latency = op.bytesPerElement() == 0;
            int opWarmup = latency ? warmup * LATENCY_FACTOR : warmup;
            int opCalls = latency ? calls * LATENCY_FACTOR : calls;
            OsuHarness.Timing t = harness.measure(comm, opWarmup, opCalls, 1, op.call());
            double gbs = op.bytesPerElement() == 0 ? Double.NaN : op.bytesPerElement() * n / t.medianSeconds() / 1e9;
            String note = String.format(Locale.ROOT, "%d B/element (operands read once, result written once); "
                    + "%d warm-up + %d timed calls per rep", op.bytesPerElement(), warmup, calls);
            if (!Double.isNaN(triadGbs) && triadGbs > 0) {
                note += String.format(Locale.ROOT, "; %.2f of the triad floor (%.2f GB/s)", gbs / triadGbs, triadGbs);
            }
            if (!Double.isNaN(triadO3Gbs) && triadO3Gbs > 0) {
                note += String.format(Locale.ROOT, "; %.2f of the -O3 triad (%.2f GB/s)", gbs / triadO3Gbs, triadO3Gbs);
            }
            if (!notes.isBlank()) {
                note += "; " + notes;
            }
            String size = op.bytesPerElement() == 0 ? "1" : Long.toString(elements);
            if (op.bytesPerElement() == 0) {
                note = String.format(Locale.ROOT, "one element in all (latency); %d warm-up + %d timed calls per rep",
                        opWarmup, opCalls) + (notes.isBlank() ? "" : "; " + notes);
            }
            rows.add(new BenchRow("jlops-mpi", backend, "host", "array", op.name(), comm.size(), "float64",
                    size, t.reps(), t.medianSeconds(), t.minSeconds(), t.maxSeconds(), gbs, note));
            if (op.name().equals("iadd")) {
                y.fill(-0.5);
            }
        }
        if (scalar[0] == 42 && sink[0] == null) {
            System.out.print(""); // keep the results alive
        }
        return rows;
    }

    /** The dot product as it was before the tree sums: the local kernel, then one allreduce. Collective. */
    private static double plainDot(DistributedArray x, DistributedArray y) {
        double[] acc = new double[2];
        x.engine().dot(x.localBuffer(), 0, y.localBuffer(), 0, x.localSize(), false, acc);
        x.communicator().allreduce(acc, ReduceOp.SUM);
        return acc[0];
    }

    /** The 2-norm as it was before the tree sums. Collective. */
    private static double plainNorm2(DistributedArray x) {
        double[] acc = {x.engine().reduce(x.localBuffer(), 0, x.localSize(), Reduction.SUM_SQUARES, 2)};
        x.communicator().allreduce(acc, ReduceOp.SUM);
        return Math.sqrt(acc[0]);
    }

    /** Fails on every rank if any rank's value is not {@code expected} (relative 1e-12). */
    private static void check(Communicator comm, double got, double expected, String op) {
        String error = Math.abs(got - expected) <= 1e-12 * Math.abs(expected) ? null
                : op + ": result " + got + ", expected " + expected;
        CollectiveChecks.agree(comm, error);
    }

    /**
     * Bytes per element of a local block of {@code dtype}, measured two ways on this rank: the
     * storage array's size, and the heap growth when a block of {@code elements} is allocated
     * (after a GC on both sides). Local.
     *
     * @return {storage bytes / element, heap delta bytes / element}
     */
    public static double[] bytesPerElement(Communicator comm, DType dtype, long elements) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        DistributedArray a = DistributedArray.builder(comm, elements).dtype(dtype).build();
        System.gc();
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        Object storage = a.localBuffer().hostArray();
        long entries = storage instanceof double[] d ? 8L * d.length : 4L * ((float[]) storage).length;
        double local = a.localSize();
        double[] out = {entries / local, (after - before) / local};
        if (a.localSize() < 0) {
            throw new AssertionError(); // keeps a reachable until here
        }
        return out;
    }
}
