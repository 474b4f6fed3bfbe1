package org.jlops.mpi.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jlops.mpi.bench.report.BenchRow;
import org.junit.jupiter.api.Test;

/**
 * The FFTW floor of the spectral workloads (issue 17): each of our rows is compared with the C FFTW
 * row of its own direction, forward with forward, adjoint with backward (c2r for the real case).
 * The C loops floor of {@code nonstatconv}: np times the C speed per sample, of the row's direction.
 */
class FloorsTest {

    /** A C FFTW floor row as {@code fftw_floor.c} prints it. */
    private static BenchRow fftw(String op, String dtype, String shape, double seconds) {
        return new BenchRow("c", "c-fftw", "host", "fftw", op, 1, dtype, shape, 5, seconds, seconds, seconds, 1.0,
                "FFTW serial");
    }

    private static BenchRow ours(String workload, String op, int np, String dtype, String shape, double seconds) {
        return new BenchRow("jlops-mpi", "mpi-ffm", "host", workload, op, np, dtype, shape, 5, seconds, seconds,
                seconds, 1.0, "mode=strong");
    }

    /**
     * Forward and backward floors whose times differ by 2x (c2r 3x): a row is at 0.8 of the floor of
     * its direction, so comparing an adjoint row with the forward floor (0.4, 0.27) fails.
     */
    @Test
    void eachDirectionIsComparedWithTheCFloorOfTheSameDirection() {
        List<BenchRow> report = List.of(
                fftw("fft2d", "complex128", "4096x4096", 0.100), fftw("fft2d-adjoint", "complex128", "4096x4096", 0.200),
                fftw("fft2d", "float64", "2048x2048", 0.020), fftw("fft2d-adjoint", "float64", "2048x2048", 0.060),
                fftw("fftnd", "complex128", "256x256x256", 0.300),
                fftw("fftnd-adjoint", "complex128", "256x256x256", 0.600));
        record Case(String workload, String op, String dtype, String shape, double floor, String words) {
        }
        List<Case> cases = List.of(
                new Case("fft2d", "forward", "complex128", "4096x4096", 0.100, "forward"),
                new Case("fft2d", "forward-new", "complex128", "4096x4096", 0.100, "forward"),
                new Case("fft2d", "adjoint", "complex128", "4096x4096", 0.200, "backward"),
                new Case("fft2d", "adjoint-new", "complex128", "4096x4096", 0.200, "backward"),
                new Case("fft2d", "forward", "float64", "2048x2048", 0.020, "forward"),
                new Case("fft2d", "adjoint", "float64", "2048x2048", 0.060, "c2r"),
                new Case("fft2d", "adjoint-new", "float64", "2048x2048", 0.060, "c2r"),
                new Case("fftnd", "forward", "complex128", "256x256x256", 0.300, "forward"),
                new Case("fftnd", "adjoint", "complex128", "256x256x256", 0.600, "backward"));
        for (Case c : cases) {
            for (int np : new int[] {1, 2}) {
                BenchRow row = ours(c.workload(), c.op(), np, c.dtype(), c.shape(), c.floor() / 0.8);
                Floors.Found f = Floors.ratio(row, Workload.Floor.FFTW, report);
                assertEquals(0.8, f.ratio(), 1e-12, c + " np " + np + ": " + f);
                assertTrue(f.description().startsWith("C FFTW serial " + c.words() + " "), f.description());
            }
        }
    }

    /**
     * A report with the forward floors only (as before the backward rows were measured): the
     * adjoint rows find no floor, they are not compared with the forward.
     */
    @Test
    void adjointRowsWithoutABackwardFloorAreNotMeasured() {
        List<BenchRow> report = List.of(fftw("fft2d", "complex128", "32x32", 1e-6), fftw("fft2d", "float64", "32x32",
                1e-6));
        for (String dtype : List.of("complex128", "float64")) {
            assertNull(Floors.ratio(ours("fft2d", "adjoint", 1, dtype, "32x32", 2e-6), Workload.Floor.FFTW, report));
            assertNull(Floors.ratio(ours("fft2d", "adjoint-new", 1, dtype, "32x32", 2e-6), Workload.Floor.FFTW,
                    report));
            assertEquals(0.5, Floors.ratio(ours("fft2d", "forward", 1, dtype, "32x32", 2e-6), Workload.Floor.FFTW,
                    report).ratio(), 1e-12);
        }
        List<BenchRow> annotated = Floors.annotate(List.of(ours("fft2d", "adjoint", 1, "float64", "32x32", 2e-6)),
                Map.of(Floors.kindKey("fft2d", "adjoint"), Workload.Floor.FFTW), report);
        assertEquals("fftw not measured", ScaleReport.note(annotated.get(0), "floor"));
        assertNull(ScaleReport.note(annotated.get(0), "floor_ratio"));
    }

    /**
     * The registry's floor kinds are per workload name and op: the {@code fft2d}/{@code fftnd} rows
     * keep C FFTW as their floor beside the same names' {@code local-*} rows (no floor), whichever is
     * registered last (a map by name alone gave every FFT row "floor=none").
     */
    @Test
    void floorKindsAreKeptPerOpUnderOneWorkloadName() {
        Map<String, Workload.Floor> kinds = Floors.kinds(Workloads.standard().all());
        for (String name : List.of("fft2d", "fftnd")) {
            for (String op : List.of("forward", "forward-new", "adjoint", "adjoint-new")) {
                assertEquals(Workload.Floor.FFTW, kinds.get(Floors.kindKey(name, op)), name + " " + op);
            }
            for (String op : List.of("local-forward", "local-adjoint")) {
                assertEquals(Workload.Floor.NONE, kinds.get(Floors.kindKey(name, op)), name + " " + op);
            }
        }
        List<BenchRow> report = List.of(fftw("fft2d-adjoint", "float64", "2048x2048", 0.060));
        List<BenchRow> annotated = Floors.annotate(List.of(ours("fft2d", "adjoint", 1, "float64", "2048x2048", 0.075),
                ours("fft2d", "local-adjoint", 1, "float64", "2048x2048", 0.075)), kinds, report);
        assertEquals(0.8, ScaleReport.noteValue(annotated.get(0), "floor_ratio"), 1e-6, annotated.get(0).notes());
        assertEquals("none", ScaleReport.note(annotated.get(1), "floor"), annotated.get(1).notes());
    }

    /** The C floor's op for each direction, and which of our ops are adjoints. */
    @Test
    void fftwOpNamesTheDirection() {
        assertEquals("fft2d", Floors.fftwOp("fft2d", false));
        assertEquals("fftnd-adjoint", Floors.fftwOp("fftnd", true));
        for (String op : List.of("adjoint", "adjoint-new", "local-adjoint")) {
            assertTrue(Floors.isAdjoint(op), op);
        }
        for (String op : List.of("forward", "forward-new", "local-forward")) {
            assertTrue(!Floors.isAdjoint(op), op);
        }
    }

    /**
     * The C loops floor: a row at np ranks is compared with np times the one-core C loops of its own
     * direction, per sample (a C row of another size scales), so a row at 0.5 of the ideal time is
     * at 2; an adjoint row is not compared with the forward C row, and a row without its C row
     * finds no floor.
     */
    @Test
    void theCLoopsFloorIsNpTimesTheOneCoreCSpeedPerSampleOfTheSameDirection() {
        List<BenchRow> report = List.of(
                new BenchRow("c", "c-serial", "host", "nonstat", "forward", 1, "float64", "1000", 5, 0.010, 0.010,
                        0.010, 1.0, "plain C loops"),
                new BenchRow("c", "c-serial", "host", "nonstat", "adjoint", 1, "float64", "1000", 5, 0.030, 0.030,
                        0.030, 1.0, "plain C loops"));
        // 2000 samples: 0.020 s (forward) and 0.060 s (adjoint) on one core, half that at np 2
        Floors.Found f1 = Floors.ratio(ours("nonstatconv", "forward", 1, "float64", "2000", 0.010),
                Workload.Floor.C_LOOPS, report);
        assertEquals(2.0, f1.ratio(), 1e-12, f1.toString());
        assertTrue(f1.description().startsWith("np x plain C loops"), f1.description());
        assertEquals(1.0, Floors.ratio(ours("nonstatconv", "forward", 2, "float64", "2000", 0.010),
                Workload.Floor.C_LOOPS, report).ratio(), 1e-12);
        assertEquals(3.0, Floors.ratio(ours("nonstatconv", "adjoint", 2, "float64", "2000", 0.010),
                Workload.Floor.C_LOOPS, report).ratio(), 1e-12);
        assertEquals(3.0, Floors.ratio(ours("nonstatconv", "adjoint-new", 2, "float64", "2000", 0.010),
                Workload.Floor.C_LOOPS, report).ratio(), 1e-12);
        assertNull(Floors.ratio(ours("nonstatconv", "adjoint", 1, "float64", "2000", 0.010), Workload.Floor.C_LOOPS,
                report.subList(0, 1)));
    }
}
