package org.jlops.mpi.bench.scale;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * Runs workloads on one communicator with the {@link OsuHarness} method: one untimed call checks
 * the workload and calibrates the loop count {@code k} (so that one timed loop lasts about
 * {@code targetSeconds}, the slowest rank deciding), then a warm-up of at least
 * {@value #WARM_SECONDS} s and {@code 2k} calls of the
 * timed loop itself, then per repetition a barrier, {@code k} timed calls, the maximum over
 * ranks; the row holds the median, minimum and maximum of the repetitions.
 *
 * <p>Row notes are {@code key=value} items joined by {@code "; "}: {@code mode}, {@code size},
 * {@code k}, {@code gflops_per_s}, {@code oversubscribed} (when np exceeds the cores), then the
 * workload's own description (and {@code quick}).
 */
public final class ScaleRunner {

    /**
     * A workload that threw: names the workload and np, and carries the workload's message.
     */
    public static final class WorkloadFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkloadFailedException(String workload, int np, Throwable cause) {
            super("workload '" + workload + "' failed at np=" + np + ": "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        }
    }

    /**
     * The least time each workload runs untimed before its {@code 2k} warm-up calls (agreed over
     * the ranks, {@link OsuHarness#warmFor}): {@code 2k} calls alone were 2 to 4 calls for the
     * workloads whose calls exceed the target, over before the JIT had compiled them (dense FISTA
     * at np 2 measured 1.9x its products, then 1.08x with a longer warm-up; the FFTs and MDC
     * likewise).
     */
    static final double WARM_SECONDS = 1.5;

    private final int reps;
    private final double targetSeconds;
    private final boolean quick;
    private final int cores;

    /**
     * A runner.
     *
     * @param reps          repetitions per workload, at least 1
     * @param targetSeconds wanted duration of one timed loop (quick mode: one call per loop)
     * @param quick         one call per loop, one warm-up call
     * @param cores         cores of the machine, for the oversubscription flag
     */
    public ScaleRunner(int reps, double targetSeconds, boolean quick, int cores) {
        if (reps < 1) {
            throw new IllegalArgumentException("reps: must be at least 1, got " + reps);
        }
        this.reps = reps;
        this.targetSeconds = targetSeconds;
        this.quick = quick;
        this.cores = cores;
    }

    /**
     * Measures every workload on {@code comm}. Collective; the rows are the same on every rank.
     *
     * @param progress receives one progress line per workload on rank 0 (ignored elsewhere)
     * @throws WorkloadFailedException when a workload throws on this rank
     */
    public List<BenchRow> run(Communicator comm, List<Workload> workloads, Workload.Scale scale, String extraNotes,
            Consumer<String> progress) {
        List<BenchRow> rows = new ArrayList<>();
        OsuHarness harness = new OsuHarness(reps);
        int np = comm.size();
        int step = 0;
        for (Workload w : workloads) {
            step++;
            Workload.Instance inst;
            int k;
            OsuHarness.Timing t;
            try {
                inst = w.prepare(comm, scale);
                // the previous workloads' arrays are garbage now: collect them before timing, so a
                // collection does not land inside this workload's loops
                System.gc();
                comm.barrier();
                long t0 = System.nanoTime();
                inst.call().run();
                double once = maxOverRanks(comm, (System.nanoTime() - t0) * 1e-9);
                k = quick ? 1 : (int) Math.max(1, Math.min(100_000, Math.round(targetSeconds / Math.max(once, 1e-9))));
                harness.warmFor(comm, quick ? 0 : WARM_SECONDS, k, inst.call()::run);
                t = harness.measure(comm, quick ? 1 : 2 * k, k, 1, inst.call()::run);
            } catch (RuntimeException e) {
                throw new WorkloadFailedException(w.name(), np, e);
            }
            double gbps = inst.bytes() > 0 ? inst.bytes() / t.medianSeconds() / 1e9 : Double.NaN;
            double gflops = inst.flops() / t.medianSeconds() / 1e9;
            List<String> notes = new ArrayList<>();
            notes.add("mode=" + (scale.weak() ? "weak" : "strong"));
            notes.add("size=" + fmt(scale.size()));
            notes.add("k=" + k);
            notes.add("gflops_per_s=" + fmt(gflops));
            if (np > cores) {
                notes.add("oversubscribed=np " + np + " > " + cores + " cores");
            }
            notes.add(inst.notes());
            if (quick) {
                notes.add("quick");
            }
            if (!extraNotes.isBlank()) {
                notes.add(extraNotes);
            }
            BenchRow row = new BenchRow("jlops-mpi", comm.backend(), "host", w.name(), w.op(), np, w.dtype(),
                    inst.globalShape(), t.reps(), t.medianSeconds(), t.minSeconds(), t.maxSeconds(), gbps,
                    String.join("; ", notes));
            rows.add(row);
            if (comm.rank() == 0) {
                progress.accept(String.format(Locale.ROOT,
                        "[bench] np=%d step %d/%d %-18s %-20s %-16s median %10.4f ms  %8.2f GB/s  %7.2f GFLOP/s%s",
                        np, step, workloads.size(), w.name(), label(w.op(), w.dtype()), inst.globalShape(),
                        t.medianSeconds() * 1e3,
                        Double.isNaN(gbps) ? 0 : gbps, gflops, np > cores ? "  (oversubscribed)" : ""));
            }
        }
        return rows;
    }

    /** The op, with the dtype when it is not float64 (e.g. {@code adjoint complex128}). */
    static String label(String op, String dtype) {
        return dtype.equals("float64") ? op : op + " " + dtype;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static double maxOverRanks(Communicator comm, double v) {
        MemorySegment s = Arena.ofAuto().allocate(ValueLayout.JAVA_DOUBLE);
        s.set(ValueLayout.JAVA_DOUBLE, 0, v);
        comm.allreduce(s, s, 1, Datatype.FLOAT64, ReduceOp.MAX);
        return s.get(ValueLayout.JAVA_DOUBLE, 0);
    }
}
