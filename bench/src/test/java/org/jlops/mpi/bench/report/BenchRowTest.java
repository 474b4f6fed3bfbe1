package org.jlops.mpi.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRowTest {

    private static BenchRow row(String notes) {
        return new BenchRow("jlops-mpi", "mpi-ffm", "host", "allreduce", "allreduce", 2, "float64", "1048576", 7,
                1.25e-3, 1.0e-3, 2.5e-3, 6.7108864, notes);
    }

    @Test
    void headerIsTheDocumentedColumnList() {
        assertEquals("impl,backend,engine,workload,op,np,dtype,global_shape,reps,median_s,min_s,max_s,gbytes_per_s,notes",
                BenchRow.HEADER);
        assertEquals(BenchRow.COLUMNS, BenchRow.HEADER.split(",").length);
    }

    @Test
    void formatsNumbersAndPlainNotes() {
        assertEquals("jlops-mpi,mpi-ffm,host,allreduce,allreduce,2,float64,1048576,7,1.250000e-03,1.000000e-03,"
                + "2.500000e-03,6.71089,plain notes", row("plain notes").toCsv());
    }

    @Test
    void quotesFieldsWithCommasQuotesAndLineBreaks() {
        assertEquals("\"a, b\"", BenchRow.escape("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", BenchRow.escape("say \"hi\""));
        assertEquals("\"two\nlines\"", BenchRow.escape("two\nlines"));
        assertEquals("\" padded\"", BenchRow.escape(" padded"));
        assertEquals("plain", BenchRow.escape("plain"));
        assertTrue(row("warmup 5, 20 iterations").toCsv().endsWith(",\"warmup 5, 20 iterations\""));
    }

    @Test
    void parseInvertsToCsv() {
        for (String notes : List.of("", "x", "a, \"quoted\", b", "line\nbreak")) {
            BenchRow r = row(notes);
            BenchRow back = BenchRow.parse(r.toCsv());
            assertEquals(r.key(), back.key());
            assertEquals(notes, back.notes());
            assertEquals(r.medianS(), back.medianS(), 1e-6 * r.medianS());
            assertEquals(r.gbytesPerS(), back.gbytesPerS(), 1e-5 * r.gbytesPerS());
            assertEquals(r.reps(), back.reps());
        }
    }

    @Test
    void skippedRowsHaveEmptyTimes() {
        BenchRow s = BenchRow.skipped("jlops-mpi", "ompi-java", "host", "pingpong", "send+recv", 2, "byte", "8",
                "mpi.jar missing");
        assertTrue(s.isSkipped());
        assertEquals("jlops-mpi,ompi-java,host,pingpong,send+recv,2,byte,8,0,,,,,skipped: mpi.jar missing", s.toCsv());
        assertTrue(BenchRow.parse(s.toCsv()).isSkipped());
    }

    @Test
    void badValuesNameTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BenchRow("c", "c-mpi", "host", "allreduce", "MPI_Allreduce", 0, "float64", "1", 5, 1, 1, 1, 1, ""));
        assertTrue(e.getMessage().startsWith("np:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BenchRow("c", " ", "host", "allreduce", "MPI_Allreduce", 1, "float64", "1", 5, 1, 1, 1, 1, ""));
        assertTrue(e.getMessage().startsWith("backend:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchRow.parse("c,c-mpi,host"));
        assertTrue(e.getMessage().contains("expected 14"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BenchRow.parse("c,c-mpi,host,allreduce,MPI_Allreduce,two,float64,1,5,1,1,1,1,"));
        assertTrue(e.getMessage().startsWith("np:"), e.getMessage());
    }
}
