package org.jlops.mpi.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side table of a communication report: for each workload and size, one line per
 * backend with its median time and its ratio to the C program's time ({@code backend = c-mpi})
 * of the same case, and for {@code mpi-ffm} whether the target holds (allreduce of one
 * element &le; 1.5&times; C; messages of 1 MiB and more &le; 1.1&times; C).
 */
public final class Summary {

    private static final List<String> ORDER = List.of("c-mpi", "mpi-ffm", "ompi-java", "local");
    /** Bytes from which a case counts as a large message for the targets. */
    private static final long LARGE_BYTES = 1L << 20;

    private Summary() {
    }

    /**
     * Formats the table for the rows at {@code np} ranks, in the order cases first appear.
     *
     * @param rows (Input) the report's rows; rows of other rank counts are left out. Not modified.
     * @param np   the rank count to show
     * @return the table, lines ending with {@code \n}; a note when no row matches
     */
    public static String format(List<BenchRow> rows, int np) {
        Map<String, List<BenchRow>> byCase = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            if (r.np() == np) {
                byCase.computeIfAbsent(r.workload() + " " + r.globalShape() + " " + r.dtype(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (byCase.isEmpty()) {
            return "no rows at np = " + np + "\n";
        }
        sb.append(String.format(Locale.ROOT, "%-10s %-16s %-10s %12s %8s  %s%n", "workload", "size", "backend",
                "median", "vs C", "note"));
        for (List<BenchRow> group : byCase.values()) {
            group.sort(Comparator.comparingInt(Summary::rank));
            BenchRow c = group.stream().filter(r -> r.backend().equals("c-mpi") && !r.isSkipped()).findFirst()
                    .orElse(null);
            boolean first = true;
            for (BenchRow r : group) {
                String workload = first ? r.workload() : "";
                String size = first ? size(r) : "";
                first = false;
                if (r.isSkipped()) {
                    sb.append(String.format(Locale.ROOT, "%-10s %-16s %-10s %12s %8s  %s%n", workload, size,
                            r.backend(), "-", "-", r.notes()));
                    continue;
                }
                double ratio = c == null ? Double.NaN : r.medianS() / c.medianS();
                String ratioText = Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
                sb.append(String.format(Locale.ROOT, "%-10s %-16s %-10s %12s %8s  %s%n", workload, size, r.backend(),
                        time(r.medianS()), ratioText, target(r, ratio)));
            }
        }
        return sb.toString();
    }

    /** The target for this row ({@code ""} when none applies). */
    static String target(BenchRow r, double ratio) {
        if (!r.backend().equals("mpi-ffm") || Double.isNaN(ratio)) {
            return "";
        }
        double limit;
        if (r.workload().equals("allreduce") && r.globalShape().equals("1")) {
            limit = 1.5;
        } else if (bytes(r) >= LARGE_BYTES) {
            limit = 1.1;
        } else {
            return "";
        }
        return String.format(Locale.ROOT, "target <= %.1fx: %s", limit, ratio <= limit ? "met" : "MISSED");
    }

    private static long bytes(BenchRow r) {
        long n;
        try {
            n = Long.parseLong(r.globalShape());
        } catch (NumberFormatException e) {
            return 0;
        }
        return r.dtype().equals("byte") ? n : n * 8;
    }

    private static String size(BenchRow r) {
        long n;
        try {
            n = Long.parseLong(r.globalShape());
        } catch (NumberFormatException e) {
            return r.globalShape();
        }
        String unit = r.dtype().equals("byte") ? " B" : " " + r.dtype();
        if (n >= 1024 && Long.bitCount(n) == 1) {
            int p = Long.numberOfTrailingZeros(n);
            return r.dtype().equals("byte") ? (n >> 20 > 0 ? (n >> 20) + " MiB" : (n >> 10) + " KiB")
                    : "2^" + p + unit;
        }
        return n + unit;
    }

    private static String time(double s) {
        return s < 1e-3 ? String.format(Locale.ROOT, "%.2f us", s * 1e6) : String.format(Locale.ROOT, "%.3f ms", s * 1e3);
    }

    private static int rank(BenchRow r) {
        int i = ORDER.indexOf(r.backend());
        return i < 0 ? ORDER.size() : i;
    }
}
