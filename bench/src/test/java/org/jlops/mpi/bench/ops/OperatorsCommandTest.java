package org.jlops.mpi.bench.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.bench.BenchMain;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The {@code operators} subcommand in quick mode on in-JVM ranks, through the CSV file. */
class OperatorsCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void quickRunWritesEveryWorkloadAndOp(int np) throws Exception {
        Path file = dir.resolve("operators.csv");
        StringWriter log = new StringWriter();
        CommandLine cmd = BenchMain.commandLine();
        cmd.setOut(new PrintWriter(log));
        cmd.setErr(new PrintWriter(log));
        int status = cmd.execute("operators", "--quick", "--backend", "local", "--np", Integer.toString(np), "--reps",
                "5", "--out", file.toString(), "--comment", "machine: test");
        assertEquals(0, status, log.toString());
        List<BenchRow> rows = CsvWriter.read(file).rows();
        List<String> keys = new ArrayList<>();
        for (BenchRow r : rows) {
            keys.add(r.impl() + "/" + r.workload() + "/" + r.op());
            assertEquals(np, r.np());
            assertEquals(5, r.reps());
            assertTrue(r.medianS() > 0 && r.gbytesPerS() > 0, r.toString());
            assertTrue(r.minS() <= r.medianS() && r.medianS() <= r.maxS(), r.toString());
            if (r.op().endsWith("-alloc")) {                                      // issue 20: which allocation ran
                assertTrue(r.notes().contains(OperatorBench.allocationPath()), r.notes());
            }
        }
        assertTrue(log.toString().contains("allocation: " + Engine.host().allocationImplementation()), log.toString());
        List<String> expected = new ArrayList<>();
        for (String w : List.of("first_derivative_o3", "first_derivative_o5", "second_derivative", "laplacian")) {
            for (String op : List.of("forward", "adjoint", "forward-alloc", "adjoint-alloc", "forward-unagreed")) {
                expected.add("jlops-mpi/" + w + "/" + op);
            }
            if (w.equals("first_derivative_o3")) {
                expected.add("jlops-mpi/cgls_first_derivative_o3/iteration");
            }
        }
        expected.addAll(List.of("jlops-mpi/blockdiag/forward", "jlops-mpi/blockdiag/adjoint", "blas/dgemv_blocks/forward",
                "blas/dgemv_blocks/adjoint", "jlops-mpi/cgls_blockdiag/iteration"));
        assertEquals(expected, keys);
        assertEquals("64x64", rows.get(0).globalShape());
        assertEquals(np * 2 + "x16x16", rows.get(rows.size() - 1).globalShape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--reps=3", "--n=4"})
    void badOptionsAreRejectedWithTheirName(String option) {
        StringWriter log = new StringWriter();
        CommandLine cmd = BenchMain.commandLine();
        cmd.setOut(new PrintWriter(log));
        cmd.setErr(new PrintWriter(log));
        int status = cmd.execute("operators", option, "--out", dir.resolve("x.csv").toString());
        assertEquals(2, status, log.toString());
        assertTrue(log.toString().contains(option.substring(0, option.indexOf('='))), log.toString());
    }
}
