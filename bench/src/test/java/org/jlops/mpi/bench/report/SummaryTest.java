package org.jlops.mpi.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static BenchRow row(String impl, String backend, String shape, String dtype, double median) {
        return new BenchRow(impl, backend, "host", "allreduce", "x", 2, dtype, shape, 5, median, median, median, 1, "");
    }

    @Test
    void ratiosToCAndTargets() {
        List<BenchRow> rows = List.of(
                row("jlops-mpi", "mpi-ffm", "1", "float64", 1.2e-6),
                row("c", "c-mpi", "1", "float64", 1.0e-6),
                row("c", "c-mpi", "1048576", "float64", 1.0e-3),
                row("jlops-mpi", "mpi-ffm", "1048576", "float64", 1.2e-3),
                BenchRow.skipped("jlops-mpi", "ompi-java", "host", "allreduce", "x", 2, "float64", "1", "no jar"));
        String table = Summary.format(rows, 2);
        String[] lines = table.split("\n");
        assertEquals(6, lines.length, table);
        assertTrue(lines[1].contains("c-mpi") && lines[1].contains("1.00 us") && lines[1].contains("1.00x"), table);
        assertTrue(lines[2].contains("mpi-ffm") && lines[2].contains("1.20x") && lines[2].contains("met"), table);
        assertTrue(lines[3].contains("ompi-java") && lines[3].contains("skipped: no jar"), table);
        assertTrue(lines[5].contains("1.200 ms") && lines[5].contains("MISSED"), table);
        assertEquals("no rows at np = 4\n", Summary.format(rows, 4));
    }
}
