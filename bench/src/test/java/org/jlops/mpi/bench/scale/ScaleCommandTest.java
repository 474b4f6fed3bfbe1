package org.jlops.mpi.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.jlops.mpi.comm.Communicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scale --quick} at np 1 and 2 on in-JVM ranks: CSV rows and columns, plots, failures. */
class ScaleCommandTest {

    private static int run(Workloads registry, StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new ScaleCommand(registry));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /**
     * The dense workloads (issue 15) in quick mode at 1 and 4 in-JVM ranks: a row per kind, op and
     * dtype, the counted bytes per rank equal to the model of SPEC §5.1 / §5.13, and the gemm floor
     * found in the same report.
     */
    @Test
    void denseWorkloadsCountTheirTraffic(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(Workloads.standard(), out, err, "--quick", "--backend", "local", "--np", "1,4", "--out",
                dir.toString(), "--date", "t", "--cores", "2", "--no-plots", "--workloads",
                "matrixmult_block,matrixmult_summa,fredholm1");
        assertEquals(0, rc, err.toString());
        List<BenchRow> rows = CsvWriter.read(dir.resolve("bench-t-strong.csv")).rows();
        Set<String> keys = new HashSet<>();
        for (BenchRow r : rows) {
            if (!r.impl().equals("jlops-mpi")) {
                continue;
            }
            keys.add(r.workload() + " " + r.op() + " " + r.dtype() + "@" + r.np());
            assertEquals(ScaleReport.note(r, "comm_model_bytes_per_rank"), ScaleReport.note(r, "comm_bytes_per_rank"),
                    r.toString());
            assertEquals(r.np() == 1, ScaleReport.noteValue(r, "comm_bytes_per_rank") == 0, r.toString());
            assertTrue(ScaleReport.note(r, "floor").startsWith("np x single-core " + (r.dtype().equals("float64")
                    ? "dgemm" : "zgemm")), r.notes());
            assertTrue(Double.parseDouble(ScaleReport.note(r, "floor_ratio")) > 0, r.notes());
        }
        assertEquals(2 * 12, keys.size(), keys.toString());
        assertTrue(rows.stream().filter(r -> r.impl().equals("blas") && r.workload().equals("gemm")).count() == 4,
                rows.toString());
    }

    @Test
    void quickRunWritesEveryRowAndPlots(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(Workloads.standard(), out, err, "--quick", "--backend", "local", "--np", "1,2", "--out",
                dir.toString(), "--date", "t", "--cores", "1");
        assertEquals(0, rc, err.toString());
        Path csv = dir.resolve("bench-t-strong.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(BenchRow.HEADER, lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow());
        List<BenchRow> rows = CsvWriter.read(csv).rows();
        Set<String> keys = new HashSet<>();
        for (BenchRow r : rows) {
            if (r.impl().equals("jlops-mpi")) {
                keys.add(r.workload() + " " + r.op() + " " + r.dtype() + "@" + r.np());
                assertEquals("local", r.backend());
                assertTrue(r.medianS() > 0, r.toString());
                assertEquals("strong", ScaleReport.note(r, "mode"), r.notes());
                assertTrue(ScaleReport.note(r, "floor") != null, r.notes());
                assertEquals(r.np() > 1, ScaleReport.note(r, "oversubscribed") != null, r.notes());
            }
        }
        for (Workload w : Workloads.standard().all()) {
            for (int np : new int[] {1, 2}) {
                assertTrue(keys.contains(w.name() + " " + w.op() + " " + w.dtype() + "@" + np), "missing row " + w.name()
                        + " " + w.op() + " " + w.dtype() + " np=" + np);
            }
        }
        assertEquals(2 * Workloads.standard().all().size(), keys.size());
        assertTrue(rows.stream().anyMatch(r -> r.impl().equals("blas") && r.op().equals("dgemv")));
        assertTrue(rows.stream().anyMatch(r -> r.impl().equals("blas") && r.op().equals("dgemv-blocks")
                && r.globalShape().equals("4x16x16")), "the streaming dgemv floor row");
        for (BenchRow r : rows) {
            if (r.impl().equals("jlops-mpi") && List.of("blockdiag", "vstack", "hstack").contains(r.workload())) {
                // the block workloads' floor is the streaming dgemv, found in the same report
                assertTrue(ScaleReport.note(r, "floor").startsWith("np x single-core dgemv"), r.notes());
                assertTrue(Double.parseDouble(ScaleReport.note(r, "floor_ratio")) > 0, r.notes());
            }
        }
        for (BenchRow r : rows) {
            if (r.impl().equals("jlops-mpi") && List.of("fista_dense", "fista_reflectivity", "proximal_gradient")
                    .contains(r.workload())) {
                // the solvers' floor is their operator's own products, a row of the same run,
                // measured with it, repetitions in turn
                assertTrue(ScaleReport.note(r, "floor").startsWith("its products alone"), r.notes());
                assertTrue(Double.parseDouble(ScaleReport.note(r, "floor_ratio")) > 0, r.notes());
                assertEquals("repetitions taken in turn with " + r.workload() + "_products",
                        ScaleReport.note(r, "paired"), r.notes());
                double q = Double.parseDouble(ScaleReport.note(r, "paired_ratio"));
                assertTrue(q > 0, r.notes());
                // the floor fraction is the pairs' ratio, not the ratio of the two rows' medians
                assertEquals(1 / q, Double.parseDouble(ScaleReport.note(r, "floor_ratio")), 2e-3 / q, r.notes());
            }
            if (r.impl().equals("jlops-mpi") && r.workload().endsWith("_products")) {
                assertEquals("repetitions taken in turn with " + r.workload().replace("_products", ""),
                        ScaleReport.note(r, "paired"), r.notes());
            }
            if (r.impl().equals("jlops-mpi") && List.of("array_add", "cgls", "fft2d").contains(r.workload())) {
                assertEquals(null, ScaleReport.note(r, "paired"), r.notes());
            }
        }
        int n = Workloads.standard().all().size();
        assertTrue(out.toString().contains("[bench] np=2 step " + n + "/" + n), out.toString());
        assertTrue(out.toString().contains("summary of"), out.toString());
        for (String kind : List.of("time", "speedup", "efficiency", "bandwidth")) {
            Path png = dir.resolve("bench-t-strong-" + kind + ".png");
            try (InputStream in = Files.newInputStream(png); DataInputStream d = new DataInputStream(in)) {
                byte[] sig = d.readNBytes(8);
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, sig, "PNG signature of " + png);
                d.readInt();
                assertEquals("IHDR", new String(d.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(Plots.WIDTH, d.readInt());
                assertEquals(Plots.HEIGHT, d.readInt());
            }
            assertTrue(Files.readString(dir.resolve("bench-t-strong-" + kind + ".svg")).contains("<svg"));
        }
        List<Plots.Plot> charts = Plots.charts(rows, "strong", "t");
        assertEquals(List.of("median time per call (s)", "speed-up t1 / tnp", "parallel efficiency", "GB/s"),
                charts.stream().map(p -> p.chart().getYAxisTitle()).toList());
        for (Plots.Plot p : charts) {
            assertEquals(Plots.X_TITLE, p.chart().getXAxisTitle());
            assertTrue(p.chart().getTitle().contains("OVERSUBSCRIBED"), p.chart().getTitle());
        }
        assertTrue(charts.get(1).chart().getSeriesMap().containsKey("ideal"));
        assertTrue(charts.get(0).chart().getSeriesMap().containsKey("array_add add"));
    }

    @Test
    void chartsOfOneRankCountBesideThePeersDrawWithoutSpeedUpSeries() {
        // a run at one np only (e.g. --np 4 --with-peers) has no speed-up or efficiency series
        List<BenchRow> rows = List.of(
                new BenchRow("jlops-mpi", "mpi-ffm", "host", "matrixmult_summa", "forward", 4, "float64", "8x8x8", 5,
                        0.2, 0.19, 0.21, 1.0, "mode=strong"),
                new BenchRow("pylops-mpi", "mpi4py", "host", "matrixmult_summa", "forward", 4, "float64", "8x8x8", 5,
                        0.3, 0.29, 0.31, 0.7, "mode=strong"));
        List<Plots.Plot> charts = Plots.charts(rows, "strong", "t");
        assertEquals(4, charts.size());
        assertTrue(charts.get(0).chart().getSeriesMap().containsKey(Plots.PEER_LEGEND));
    }

    @Test
    void failingWorkloadFailsTheRunWithItsMessage(@TempDir Path dir) {
        Workloads registry = new Workloads().add(new ArrayWorkloads.Norm()).add(new Workload() {
            @Override
            public String name() {
                return "boom";
            }

            @Override
            public String op() {
                return "explode";
            }

            @Override
            public Floor floor() {
                return Floor.NONE;
            }

            @Override
            public Instance prepare(Communicator comm, Scale scale) {
                return new Instance("1", 8, 1, "", () -> {
                    throw new IllegalStateException("kernel exploded on rank " + comm.rank());
                });
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(registry, out, err, "--quick", "--backend", "local", "--np", "2", "--out", dir.toString(),
                "--date", "t", "--no-blas-floor");
        assertEquals(1, rc);
        assertTrue(err.toString().contains("workload 'boom' failed at np=2: kernel exploded on rank"), err.toString());
    }

    @Test
    void unknownWorkloadIsABadArgument(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int rc = run(Workloads.standard(), new StringWriter(), err, "--quick", "--backend", "local", "--workloads",
                "nope", "--out", dir.toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("unknown workload 'nope'"), err.toString());
    }

    @Test
    void weakScaleGrowsWithNp() {
        Workload.Scale strong = new Workload.Scale(4, 1, false, false);
        Workload.Scale weak = new Workload.Scale(4, 1, true, false);
        assertEquals(4096, strong.extent(4096, 64));
        assertEquals(4 * 4096, weak.extent(4096, 64));
        assertEquals(64, new Workload.Scale(2, 1, false, true).extent(4096, 64));
    }

    @Test
    void thePairedRatioIsTheMedianOfTheRepetitionsRatios() {
        assertEquals(3.0, ScaleRunner.pairedRatio(new double[] {2, 9, 3}, new double[] {1, 3, 1}));
        assertEquals(2.5, ScaleRunner.pairedRatio(new double[] {2, 9, 3, 8}, new double[] {1, 3, 1, 4}));
    }
}
