package org.jlops.mpi.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and merges bench CSV files: optional comment lines starting with {@code #} (machine,
 * command), the header {@link BenchRow#HEADER} once, then one record per row.
 *
 * <p>{@link #merge} keeps the rows already in the file and adds the new ones; a new row whose
 * {@link BenchRow#key() key} is already present replaces the old row in place, so running the
 * same benchmark twice on one day updates the report instead of duplicating it. The file is
 * rewritten through a temporary file and an atomic move.
 */
public final class CsvWriter {

    private CsvWriter() {
    }

    /**
     * The contents of a bench CSV file.
     *
     * @param comments the comment lines, each starting with {@code #}, in file order
     * @param rows     the rows, in file order
     */
    public record Report(List<String> comments, List<BenchRow> rows) {
        /** Copies the lists (the record is immutable). */
        public Report {
            comments = List.copyOf(comments);
            rows = List.copyOf(rows);
        }
    }

    /**
     * Reads a bench CSV file.
     *
     * @param file (Input) the file; a missing file reads as an empty report
     * @throws IllegalArgumentException if the header is not {@link BenchRow#HEADER} or a record
     *                                  does not parse (the message names the file and record)
     */
    public static Report read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Report(List.of(), List.of());
        }
        List<String> comments = new ArrayList<>();
        List<BenchRow> rows = new ArrayList<>();
        boolean header = false;
        int index = 0;
        for (String record : records(Files.readString(file, StandardCharsets.UTF_8))) {
            index++;
            if (record.isBlank()) {
                continue;
            }
            if (record.startsWith("#")) {
                comments.add(record);
            } else if (!header) {
                if (!record.equals(BenchRow.HEADER)) {
                    throw new IllegalArgumentException("file " + file + ": record " + index + " should be the header '"
                            + BenchRow.HEADER + "', got '" + record + "'");
                }
                header = true;
            } else {
                try {
                    rows.add(BenchRow.parse(record));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("file " + file + ", record " + index + ": " + e.getMessage(), e);
                }
            }
        }
        return new Report(comments, rows);
    }

    /**
     * Adds rows (and comment lines) to a bench CSV file, creating it and its folder if needed.
     *
     * @param file     (Input/Output) the report; rewritten
     * @param comments (Input) comment lines to add when not already present; a missing leading
     *                 {@code #} is added. Not modified.
     * @param rows     (Input) the rows to add; a row replaces an existing row with the same key.
     *                 Not modified.
     * @return the report as written
     */
    public static Report merge(Path file, List<String> comments, List<BenchRow> rows) throws IOException {
        Report old = read(file);
        Set<String> allComments = new LinkedHashSet<>(old.comments());
        for (String c : comments) {
            if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("comments: a comment must be one line, got '" + c + "'");
            }
            allComments.add(c.startsWith("#") ? c : "# " + c);
        }
        Map<String, BenchRow> byKey = new LinkedHashMap<>();
        for (BenchRow r : old.rows()) {
            byKey.put(r.key(), r);
        }
        for (BenchRow r : rows) {
            byKey.put(r.key(), r);
        }
        StringBuilder text = new StringBuilder();
        for (String c : allComments) {
            text.append(c).append('\n');
        }
        text.append(BenchRow.HEADER).append('\n');
        for (BenchRow r : byKey.values()) {
            text.append(r.toCsv()).append('\n');
        }
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Report(List.copyOf(allComments), List.copyOf(byKey.values()));
    }

    /**
     * Splits CSV text into records at line breaks outside quoted fields (CR LF or LF); a line
     * starting with {@code #} is one record whatever it holds.
     */
    static List<String> records(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#' && cur.isEmpty() && !quoted) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                out.add(text.substring(i, end > i && text.charAt(end - 1) == '\r' ? end - 1 : end));
                i = end;
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == '\n' && !quoted) {
                int end = cur.length();
                if (end > 0 && cur.charAt(end - 1) == '\r') {
                    cur.setLength(end - 1);
                }
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
