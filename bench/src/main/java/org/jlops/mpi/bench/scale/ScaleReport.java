package org.jlops.mpi.bench.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jlops.mpi.bench.report.BenchRow;

/**
 * Reads a scaling report back: the {@code key=value} items of the notes, the series of one
 * workload over np in one mode, and the summary table printed at the end of a run.
 */
public final class ScaleReport {

    private ScaleReport() {
    }

    /** The value of {@code key=} in a row's notes, or null. */
    public static String note(BenchRow r, String key) {
        for (String item : r.notes().split("; ")) {
            if (item.startsWith(key + "=")) {
                return item.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** {@code r} without the {@code floor=} and {@code floor_ratio=} items of its notes. */
    public static BenchRow withoutFloor(BenchRow r) {
        List<String> kept = new ArrayList<>();
        for (String item : r.notes().split("; ")) {
            if (!item.startsWith("floor=") && !item.startsWith("floor_ratio=") && !item.isEmpty()) {
                kept.add(item);
            }
        }
        return new BenchRow(r.impl(), r.backend(), r.engine(), r.workload(), r.op(), r.np(), r.dtype(),
                r.globalShape(), r.reps(), r.medianS(), r.minS(), r.maxS(), r.gbytesPerS(), String.join("; ", kept));
    }

    /** The numeric value of {@code key=} in a row's notes, or NaN. */
    public static double noteValue(BenchRow r, String key) {
        String v = note(r, key);
        try {
            return v == null ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The measured rows of {@code impl} in {@code mode}, by {@code workload op} then np. The np = 1
     * rows belong to both modes (the same problem).
     */
    public static Map<String, TreeMap<Integer, BenchRow>> series(List<BenchRow> rows, String impl, String mode) {
        Map<String, TreeMap<Integer, BenchRow>> out = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            String m = note(r, "mode");
            if (!r.impl().equals(impl) || r.isSkipped() || m == null || !(m.equals(mode) || r.np() == 1)) {
                continue;
            }
            TreeMap<Integer, BenchRow> s = out.computeIfAbsent(r.workload() + " " + ScaleRunner.label(r.op(), r.dtype()),
                    k -> new TreeMap<>());
            // np = 1 is shared: a row of this mode wins over the other mode's
            if (r.np() != 1 || !s.containsKey(1) || mode.equals(m)) {
                s.put(r.np(), r);
            }
        }
        return out;
    }

    /** Speed-up of {@code r} over the np = 1 row: strong t1/tp, weak np t1/tp. */
    public static double speedup(BenchRow one, BenchRow r, boolean weak) {
        return (weak ? r.np() : 1) * one.medianS() / r.medianS();
    }

    /**
     * The summary table: per workload and np, median time, GB/s, GFLOP/s, speed-up, parallel
     * efficiency, fraction of the floor, and (when pylops-mpi rows of the same workload, np and size
     * are present) PyLops-MPI's time over ours, with the geometric mean of those speed-ups.
     */
    public static String summary(List<BenchRow> rows, String mode) {
        boolean weak = mode.equals("weak");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-18s %-20s %3s %-16s %11s %9s %8s %8s %6s %7s %10s  %s%n", "workload",
                "op", "np", "global_shape", "median_ms", "GB/s", "GFLOP/s", "speedup", "eff", "floor", "pylops/us",
                "flags"));
        List<Double> peer = new ArrayList<>();
        double worst = Double.POSITIVE_INFINITY;
        String worstName = "";
        for (Map.Entry<String, TreeMap<Integer, BenchRow>> e : series(rows, "jlops-mpi", mode).entrySet()) {
            BenchRow one = e.getValue().get(1);
            for (BenchRow r : e.getValue().values()) {
                double s = one == null ? Double.NaN : speedup(one, r, weak);
                BenchRow p = peer(rows, r);
                double ratio = p == null ? Double.NaN : p.medianS() / r.medianS();
                if (!Double.isNaN(ratio)) {
                    peer.add(ratio);
                    if (ratio < worst) {
                        worst = ratio;
                        worstName = r.workload() + " np=" + r.np();
                    }
                }
                sb.append(String.format(Locale.ROOT, "%-18s %-20s %3d %-16s %11.4f %9s %8s %8s %6s %7s %10s  %s%n",
                        r.workload(), ScaleRunner.label(r.op(), r.dtype()), r.np(), r.globalShape(), r.medianS() * 1e3,
                        num(r.gbytesPerS()),
                        num(noteValue(r, "gflops_per_s")), num(s), num(s / r.np()), num(noteValue(r, "floor_ratio")),
                        Double.isNaN(ratio) ? "-" : num(ratio) + "x",
                        note(r, "oversubscribed") != null ? "oversubscribed" : ""));
            }
        }
        if (!peer.isEmpty()) {
            double log = 0;
            for (double v : peer) {
                log += Math.log(v);
            }
            double geo = Math.exp(log / peer.size());
            sb.append(String.format(Locale.ROOT,
                    "speed-up over pylops-mpi: geometric mean %.2fx over %d rows (target >= 3x: %s); lowest %.2fx (%s; "
                            + "target >= 1x: %s)%n", geo, peer.size(), geo >= 3 ? "met" : "MISSED", worst, worstName,
                    worst >= 1 ? "met" : "MISSED"));
        } else {
            sb.append("no pylops-mpi rows: run scripts/bench.sh --with-peers for the side-by-side ratio\n");
        }
        sb.append("floor = fraction of the floor measured in the same run (1 = at the floor; memory-bound target"
                + " >= 0.7)\n");
        return sb.toString();
    }

    /** The pylops-mpi row of the same workload, op, dtype, np and size, or null. */
    static BenchRow peer(List<BenchRow> rows, BenchRow r) {
        BenchRow found = null;
        for (BenchRow p : rows) {
            if (p.impl().equals("pylops-mpi") && !p.isSkipped() && p.workload().equals(r.workload())
                    && p.op().equals(r.op()) && p.dtype().equals(r.dtype()) && p.np() == r.np()
                    && p.globalShape().equals(r.globalShape())) {
                found = p;
            }
        }
        return found;
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }
}
