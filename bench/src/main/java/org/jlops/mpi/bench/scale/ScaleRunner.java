package org.jlops.mpi.bench.scale;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.ops.OperatorBench;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * Runs workloads on one communicator with the {@link OsuHarness} method: one untimed call checks
 * the workload and calibrates the loop count {@code k} (so that one timed loop lasts about
 * {@code targetSeconds}, the slowest rank deciding), then a warm-up of at least
 * {@value #WARM_SECONDS} s (or a workload's own {@link Workload#warmSeconds()}) and {@code 2k} calls of the
 * timed loop itself, then per repetition a barrier, {@code k} timed calls, the maximum over
 * ranks; the row holds the median, minimum and maximum of the repetitions. A solver whose floor
 * is its own products ({@link Workload.Floor#PRODUCTS}) followed in the list by its
 * {@code <name>_products} workload is measured with it: both prepared and warmed, then their
 * repetitions taken in turn (note {@code paired}), so that the two rows' repetitions alternate
 * within seconds instead of being taken minutes apart (two rows of the same calls taken minutes
 * apart differed by up to 20 % on a shared VM).
 *
 * <p>Row notes are {@code key=value} items joined by {@code "; "}: {@code mode}, {@code size},
 * {@code k}, {@code gflops_per_s}, {@code oversubscribed} (when np exceeds the cores),
 * {@code paired} (see above) and on the solver's row {@code paired_ratio}: the median over the
 * repetitions of the solver's time over its products' time in the repetition taken right after
 * it (a ratio of neighbours, which a merge of rounds keeping each key's fastest row leaves with the
 * row it was measured with), then the workload's own description (and {@code quick}).
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
        int np = comm.size();
        for (int i = 0; i < workloads.size(); i++) {
            Workload w = workloads.get(i);
            Workload partner = i + 1 < workloads.size() ? workloads.get(i + 1) : null;
            if (partner != null && w.floor() == Workload.Floor.PRODUCTS
                    && partner.name().equals(w.name() + "_products")) {
                // a solver and its products: prepared and warmed together, their repetitions taken
                // in turn, so that their ratio (the PRODUCTS floor) sees the same machine
                Prepared a = prepare(comm, w, scale);
                Prepared b = prepare(comm, partner, scale);
                double[] ta = new double[reps];
                double[] tb = new double[reps];
                OsuHarness once = new OsuHarness(1);
                try {
                    for (int r = 0; r < reps; r++) {
                        ta[r] = once.measure(comm, 0, a.k, 1, a.inst.call()::run).medianSeconds();
                        tb[r] = once.measure(comm, 0, b.k, 1, b.inst.call()::run).medianSeconds();
                    }
                } catch (RuntimeException e) {
                    throw new WorkloadFailedException(w.name() + "/" + partner.name(), np, e);
                }
                String paired = "paired=repetitions taken in turn with " + partner.name()
                        + String.format(Locale.ROOT, "; paired_ratio=%.4f", pairedRatio(ta, tb));
                rows.add(row(comm, w, a, OsuHarness.summarize(ta), scale, paired, extraNotes, i + 1, workloads.size(),
                        progress));
                rows.add(row(comm, partner, b, OsuHarness.summarize(tb), scale, "paired=repetitions taken in turn with "
                        + w.name(), extraNotes, i + 2, workloads.size(), progress));
                i++;
                continue;
            }
            Prepared p = prepare(comm, w, scale);
            OsuHarness.Timing t;
            try {
                t = new OsuHarness(reps).measure(comm, 0, p.k, 1, p.inst.call()::run);
            } catch (RuntimeException e) {
                throw new WorkloadFailedException(w.name(), np, e);
            }
            rows.add(row(comm, w, p, t, scale, null, extraNotes, i + 1, workloads.size(), progress));
        }
        return rows;
    }

    /** A prepared, calibrated and warmed instance: its calls per timed loop {@code k}. */
    private record Prepared(Workload.Instance inst, int k) {
    }

    /**
     * Prepares {@code w}, calibrates {@code k} from one call and warms it up (at least
     * {@value #WARM_SECONDS} s, then {@code 2k} calls of the timed loop). Collective.
     */
    private Prepared prepare(Communicator comm, Workload w, Workload.Scale scale) {
        try {
            Workload.Instance inst = w.prepare(comm, scale);
            // the previous workloads' arrays are garbage now: collect them before timing, so a
            // collection does not land inside this workload's loops
            System.gc();
            comm.barrier();
            long t0 = System.nanoTime();
            inst.call().run();
            double once = maxOverRanks(comm, (System.nanoTime() - t0) * 1e-9);
            int k = quick ? 1 : (int) Math.max(1, Math.min(100_000, Math.round(targetSeconds / Math.max(once, 1e-9))));
            OsuHarness harness = new OsuHarness(1);
            harness.warmFor(comm, quick ? 0 : Math.max(WARM_SECONDS, w.warmSeconds()), k, inst.call()::run);
            // the 2k calls run in the timed loop itself (its one repetition is not used)
            harness.measure(comm, quick ? 1 : 2 * k, k, 1, inst.call()::run);
            return new Prepared(inst, k);
        } catch (RuntimeException e) {
            throw new WorkloadFailedException(w.name(), comm.size(), e);
        }
    }

    private BenchRow row(Communicator comm, Workload w, Prepared p, OsuHarness.Timing t, Workload.Scale scale,
            String pairNote, String extraNotes, int step, int steps, Consumer<String> progress) {
        int np = comm.size();
        Workload.Instance inst = p.inst;
        double gbps = inst.bytes() > 0 ? inst.bytes() / t.medianSeconds() / 1e9 : Double.NaN;
        double gflops = inst.flops() / t.medianSeconds() / 1e9;
        List<String> notes = new ArrayList<>();
        notes.add("mode=" + (scale.weak() ? "weak" : "strong"));
        notes.add("size=" + fmt(scale.size()));
        notes.add("k=" + p.k);
        notes.add("gflops_per_s=" + fmt(gflops));
        if (np > cores) {
            notes.add("oversubscribed=np " + np + " > " + cores + " cores");
        }
        if (pairNote != null) {
            notes.add(pairNote);
        }
        notes.add(inst.notes());
        if (w.op().endsWith("-new")) {
            notes.add(OperatorBench.allocationPath());                     // issue 20: which allocation ran
        }
        if (quick) {
            notes.add("quick");
        }
        if (!extraNotes.isBlank()) {
            notes.add(extraNotes);
        }
        BenchRow row = new BenchRow("jlops-mpi", comm.backend(), "host", w.name(), w.op(), np, w.dtype(),
                inst.globalShape(), t.reps(), t.medianSeconds(), t.minSeconds(), t.maxSeconds(), gbps,
                String.join("; ", notes));
        if (comm.rank() == 0) {
            progress.accept(String.format(Locale.ROOT,
                    "[bench] np=%d step %d/%d %-18s %-20s %-16s median %10.4f ms  %8.2f GB/s  %7.2f GFLOP/s%s",
                    np, step, steps, w.name(), label(w.op(), w.dtype()), inst.globalShape(),
                    t.medianSeconds() * 1e3,
                    Double.isNaN(gbps) ? 0 : gbps, gflops, np > cores ? "  (oversubscribed)" : ""));
        }
        return row;
    }

    /** The op, with the dtype when it is not float64 (e.g. {@code adjoint complex128}). */
    static String label(String op, String dtype) {
        return dtype.equals("float64") ? op : op + " " + dtype;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The median of {@code a[r] / b[r]} over the repetitions (the solver over its products, pair by pair). */
    static double pairedRatio(double[] a, double[] b) {
        double[] q = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            q[r] = a[r] / b[r];
        }
        java.util.Arrays.sort(q);
        int n = q.length;
        return n % 2 == 1 ? q[n / 2] : 0.5 * (q[n / 2 - 1] + q[n / 2]);
    }

    private static double maxOverRanks(Communicator comm, double v) {
        MemorySegment s = Arena.ofAuto().allocate(ValueLayout.JAVA_DOUBLE);
        s.set(ValueLayout.JAVA_DOUBLE, 0, v);
        comm.allreduce(s, s, 1, Datatype.FLOAT64, ReduceOp.MAX);
        return s.get(ValueLayout.JAVA_DOUBLE, 0);
    }
}
