package org.jlops.mpi.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The {@code arrays} subcommand in quick mode on the in-JVM backend, and {@code merge --best}. */
class BenchMainArraysTest {

    private static final List<String> OPS = List.of("add", "iadd", "scale", "dot", "norm2", "norm1", "norminf",
            "add-unagreed", "dot-allreduce", "norm2-allreduce", "dot1", "dot1-allreduce", "allreduce1", "add1",
            "add1-unagreed");
    /** The one-element operations of issue 14 (latency: no bytes counted). */
    private static final List<String> LATENCY = List.of("dot1", "dot1-allreduce", "allreduce1", "add1", "add1-unagreed");

    @TempDir
    Path dir;

    private int execute(StringWriter out, String... args) {
        CommandLine cmd = BenchMain.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void quickRunWritesOneRowPerOperationWithItsFractionOfTheTriad(int np) throws IOException {
        Path file = dir.resolve("arrays.csv");
        StringWriter out = new StringWriter();
        int status = execute(out, "arrays", "--backend", "local", "--np", Integer.toString(np), "--quick",
                "--reps", "5", "--rounds", "2", "--triad-gbs", "10", "--out", file.toString(), "--comment", "machine: test");
        assertEquals(0, status, out.toString());
        List<String> lines = Files.readAllLines(file);
        assertEquals("# machine: test", lines.get(0));
        assertTrue(lines.get(1).startsWith("# memory per element at np=" + np), lines.get(1));
        assertTrue(lines.get(1).contains("float32 4.00 B storage") && lines.get(1).contains("float64 8.00 B storage"),
                lines.get(1));
        List<BenchRow> rows = CsvWriter.read(file).rows();
        assertEquals(OPS, rows.stream().map(BenchRow::op).toList());
        for (BenchRow r : rows) {
            assertEquals("array", r.workload());
            assertEquals(np, r.np());
            if (LATENCY.contains(r.op())) {
                assertTrue(r.medianS() > 0, r.toString());
                continue;
            }
            assertEquals("65536", r.globalShape());
            assertEquals(5, r.reps());
            int bytes = switch (r.op()) {
                case "add", "iadd", "add-unagreed" -> 24;
                case "scale", "dot", "dot-allreduce" -> 16;
                default -> 8;
            };
            assertEquals(bytes * 65536 / r.medianS() / 1e9, r.gbytesPerS(), 1e-3 * r.gbytesPerS(), r.op());
            assertTrue(r.notes().contains(String.format(java.util.Locale.ROOT, "%.2f of the triad floor (10.00 GB/s)",
                    r.gbytesPerS() / 10)), r.notes());
            assertTrue(r.notes().contains("fastest of 2 rounds"), r.notes());
        }
    }

    @Test
    void mergeBestKeepsTheFastestOfRowsWithTheSameKey() throws IOException {
        Path file = dir.resolve("best.csv");
        String slow = "c,c-mpi,host,stream,triad,1,float64,100,7,2.0e-03,1.0e-03,3.0e-03,1.2,slow";
        String fast = "c,c-mpi,host,stream,triad,1,float64,100,7,1.0e-03,1.0e-03,3.0e-03,2.4,fast";
        String other = "c,c-mpi,host,stream,copy,1,float64,100,7,5.0e-03,1.0e-03,6.0e-03,0.3,copy";
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((slow + "\n" + fast + "\n" + other + "\n").getBytes()));
            assertEquals(0, execute(new StringWriter(), "merge", "--best", "--out", file.toString()));
        } finally {
            System.setIn(stdin);
        }
        List<BenchRow> rows = CsvWriter.read(file).rows();
        assertEquals(2, rows.size());
        assertEquals("fast", rows.get(0).notes());
        assertEquals("copy", rows.get(1).notes());
    }
}
