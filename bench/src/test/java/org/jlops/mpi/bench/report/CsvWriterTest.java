package org.jlops.mpi.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {

    @TempDir
    Path dir;

    private static BenchRow row(String backend, String shape, double median) {
        return new BenchRow("jlops-mpi", backend, "host", "allreduce", "allreduce", 2, "float64", shape, 5, median,
                median, median, 1, "n");
    }

    @Test
    void writesHeaderOnceAndReplacesRowsWithTheSameKey() throws IOException {
        Path file = dir.resolve("sub/comm.csv");
        CsvWriter.merge(file, List.of("machine: test \"box\""), List.of(row("local", "1", 1e-6), row("local", "8", 2e-6)));
        CsvWriter.merge(file, List.of("# machine: test \"box\"", "command: x"),
                List.of(row("local", "8", 3e-6), row("mpi-ffm", "1", 4e-6)));
        List<String> lines = Files.readAllLines(file);
        assertEquals("# machine: test \"box\"", lines.get(0));
        assertEquals("# command: x", lines.get(1));
        assertEquals(BenchRow.HEADER, lines.get(2));
        assertEquals(6, lines.size(), String.join("\n", lines));
        CsvWriter.Report back = CsvWriter.read(file);
        assertEquals(3, back.rows().size());
        assertEquals(1e-6, back.rows().get(0).medianS());
        assertEquals(3e-6, back.rows().get(1).medianS());
        assertEquals("mpi-ffm", back.rows().get(2).backend());
    }

    @Test
    void readsRecordsWithQuotedLineBreaks() throws IOException {
        Path file = dir.resolve("r.csv");
        BenchRow r = new BenchRow("c", "c-mpi", "host", "pingpong", "MPI_Send+MPI_Recv", 2, "byte", "8", 5, 1e-6,
                1e-6, 1e-6, 0.008, "two\nlines, \"quoted\"");
        CsvWriter.merge(file, List.of(), List.of(r));
        assertEquals(r.notes(), CsvWriter.read(file).rows().get(0).notes());
    }

    @Test
    void rejectsAFileWithAnotherHeader() throws IOException {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "a,b,c\n1,2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvWriter.read(file));
        assertEquals(true, e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void missingFileReadsEmpty() throws IOException {
        assertEquals(0, CsvWriter.read(dir.resolve("none.csv")).rows().size());
    }
}
