package org.jlops.mpi.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of a benchmark report: the bench CSV columns documented in {@code results/README.md},
 * shared by every benchmark of the project and by the C programs of {@code bench/src/main/c}.
 *
 * <p>Times are in seconds per single call (per single message for ping-pong); a row of a
 * benchmark that did not run (backend unavailable) has {@code reps = 0}, NaN times and
 * bandwidth (written as empty fields) and says why in {@code notes}.
 *
 * @param impl        implementation measured: {@code jlops-mpi}, {@code c} or {@code pylops-mpi}
 * @param backend     communication backend: {@code local}, {@code mpi-ffm}, {@code ompi-java},
 *                    {@code nccl} or {@code c-mpi}
 * @param engine      compute engine of the buffers, e.g. {@code host}
 * @param workload    what is measured, e.g. {@code allreduce}, {@code allgather}, {@code pingpong}
 * @param op          the backend's call, e.g. {@code allreduce} or {@code MPI_Allreduce}
 * @param np          number of ranks, at least 1
 * @param dtype       element type, e.g. {@code float64}
 * @param globalShape global size: an element count, or dimensions joined by {@code x}
 * @param reps        repetitions the statistics are over (0 for a skipped row)
 * @param medianS     median time in seconds (NaN for a skipped row)
 * @param minS        fastest repetition in seconds (NaN for a skipped row)
 * @param maxS        slowest repetition in seconds (NaN for a skipped row)
 * @param gbytesPerS  bytes moved per call / median, in 10<sup>9</sup> bytes per second (NaN when
 *                    not defined)
 * @param notes       free text (may be empty, never null)
 */
public record BenchRow(String impl, String backend, String engine, String workload, String op, int np,
        String dtype, String globalShape, int reps, double medianS, double minS, double maxS, double gbytesPerS,
        String notes) {

    /** The column names, in order, as the first line of every bench CSV file. */
    public static final String HEADER =
            "impl,backend,engine,workload,op,np,dtype,global_shape,reps,median_s,min_s,max_s,gbytes_per_s,notes";

    /** Number of columns. */
    public static final int COLUMNS = 14;

    /**
     * Validates the row.
     *
     * @throws IllegalArgumentException naming the column when a text column is blank (notes may be
     *                                  empty), {@code np < 1}, {@code reps < 0}, or a time is negative
     */
    public BenchRow {
        requireText("impl", impl);
        requireText("backend", backend);
        requireText("engine", engine);
        requireText("workload", workload);
        requireText("op", op);
        requireText("dtype", dtype);
        requireText("global_shape", globalShape);
        Objects.requireNonNull(notes, "notes must not be null (use \"\")");
        if (np < 1) {
            throw new IllegalArgumentException("np: must be at least 1, got " + np);
        }
        if (reps < 0) {
            throw new IllegalArgumentException("reps: must not be negative, got " + reps);
        }
        requireNotNegative("median_s", medianS);
        requireNotNegative("min_s", minS);
        requireNotNegative("max_s", maxS);
        requireNotNegative("gbytes_per_s", gbytesPerS);
    }

    /**
     * A row for a measurement that did not run: zero repetitions, no times, and
     * {@code "skipped: " + reason} as notes.
     */
    public static BenchRow skipped(String impl, String backend, String engine, String workload, String op, int np,
            String dtype, String globalShape, String reason) {
        return new BenchRow(impl, backend, engine, workload, op, np, dtype, globalShape, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, "skipped: " + reason);
    }

    /** Whether this row records a measurement that did not run ({@code reps == 0}). */
    public boolean isSkipped() {
        return reps == 0;
    }

    /**
     * The identity of the measurement: every column up to {@code global_shape}. Merging a report
     * replaces a row by a newer one with the same key.
     */
    public String key() {
        return String.join(",", impl, backend, engine, workload, op, Integer.toString(np), dtype, globalShape);
    }

    /** This row as one CSV line (no line terminator), fields escaped as RFC 4180 requires. */
    public String toCsv() {
        List<String> f = List.of(impl, backend, engine, workload, op, Integer.toString(np), dtype, globalShape,
                Integer.toString(reps), seconds(medianS), seconds(minS), seconds(maxS), rate(gbytesPerS), notes);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(escape(f.get(i)));
        }
        return sb.toString();
    }

    /**
     * Parses one CSV record written by {@link #toCsv} (or by the C programs).
     *
     * @param line one record, without its line terminator; quoted fields may contain line breaks
     * @throws IllegalArgumentException if the record does not have {@value #COLUMNS} fields or a
     *                                  number does not parse
     */
    public static BenchRow parse(String line) {
        List<String> f = splitRecord(line);
        if (f.size() != COLUMNS) {
            throw new IllegalArgumentException("line: expected " + COLUMNS + " CSV fields (" + HEADER + "), got "
                    + f.size() + " in '" + line + "'");
        }
        return new BenchRow(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), parseInt("np", f.get(5)), f.get(6),
                f.get(7), parseInt("reps", f.get(8)), parseDouble("median_s", f.get(9)),
                parseDouble("min_s", f.get(10)), parseDouble("max_s", f.get(11)),
                parseDouble("gbytes_per_s", f.get(12)), f.get(13));
    }

    /**
     * Escapes one field: fields holding a comma, a double quote, a line break or leading/trailing
     * blanks are quoted, inner quotes doubled; others are returned unchanged.
     */
    public static String escape(String field) {
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0 || (!field.isEmpty() && (field.charAt(0) == ' '
                        || field.charAt(field.length() - 1) == ' '));
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** Splits one CSV record into its unescaped fields (RFC 4180 quoting). */
    static List<String> splitRecord(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line: unterminated quoted field in '" + line + "'");
        }
        out.add(cur.toString());
        return out;
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "" : String.format(Locale.ROOT, "%.6e", s);
    }

    private static String rate(double r) {
        return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.6g", r);
    }

    private static void requireText(String column, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(column + ": must be a non-blank text, got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void requireNotNegative(String column, double value) {
        if (value < 0 || Double.isInfinite(value)) {
            throw new IllegalArgumentException(column + ": must be finite and not negative (or NaN when absent), got "
                    + value);
        }
    }

    private static int parseInt(String column, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": expected an integer, got '" + text + "'", e);
        }
    }

    private static double parseDouble(String column, String text) {
        if (text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": expected a number or an empty field, got '" + text + "'",
                    e);
        }
    }
}
