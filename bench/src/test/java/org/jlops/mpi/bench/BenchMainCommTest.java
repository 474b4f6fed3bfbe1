package org.jlops.mpi.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The {@code comm} subcommand in quick mode on the in-JVM backend, end to end through the CSV file. */
class BenchMainCommTest {

    private static final List<String> WORKLOADS = List.of("allreduce", "allreduce", "allgather", "pingpong", "pingpong");

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
    void quickRunWritesOneCompleteRowPerWorkload(int np) throws IOException {
        Path file = dir.resolve("comm.csv");
        StringWriter out = new StringWriter();
        int status = execute(out, "comm", "--backend", "local", "--np", Integer.toString(np), "--quick", "--reps", "5",
                "--out", file.toString(), "--comment", "machine: test");
        assertEquals(0, status, out.toString());

        List<String> lines = Files.readAllLines(file);
        assertEquals("# machine: test", lines.get(0));
        assertEquals(BenchRow.HEADER, lines.get(1));
        assertEquals(2 + WORKLOADS.size(), lines.size(), String.join("\n", lines));

        List<BenchRow> rows = CsvWriter.read(file).rows();
        List<String> workloads = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            BenchRow r = rows.get(i);
            String csv = lines.get(2 + i);
            workloads.add(r.workload());
            assertFalse(csv.contains(",,") || csv.endsWith(","), "empty field in " + csv);
            assertFalse(r.notes().isBlank(), csv);
            assertEquals("jlops-mpi", r.impl());
            assertEquals("local", r.backend());
            assertEquals("host", r.engine());
            assertEquals(np, r.np());
            assertEquals(5, r.reps());
            assertTrue(r.minS() > 0 && r.minS() <= r.medianS() && r.medianS() <= r.maxS(), csv);
            assertTrue(r.gbytesPerS() > 0, csv);
        }
        assertEquals(WORKLOADS, workloads);
        assertEquals(List.of("1", "1024", "4096", "8", "8192"), rows.stream().map(BenchRow::globalShape).toList());
    }

    @Test
    void skippedBackendWritesMarkedRowsWithoutRunning() throws IOException {
        Path file = dir.resolve("skip.csv");
        StringWriter out = new StringWriter();
        int status = execute(out, "comm", "--backend", "ompi-java", "--np", "2", "--quick", "--out", file.toString(),
                "--skipped", "mpi.jar not found");
        assertEquals(0, status, out.toString());
        List<BenchRow> rows = CsvWriter.read(file).rows();
        assertEquals(WORKLOADS.size(), rows.size());
        for (BenchRow r : rows) {
            assertTrue(r.isSkipped());
            assertEquals("ompi-java", r.backend());
            assertEquals("skipped: mpi.jar not found", r.notes());
        }
    }

    @Test
    void tooFewRepetitionsAreRejected() {
        StringWriter out = new StringWriter();
        int status = execute(out, "comm", "--backend", "local", "--quick", "--reps", "3", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, status);
        assertTrue(out.toString().contains("--reps: at least 5"), out.toString());
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }
}
