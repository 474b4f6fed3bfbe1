package org.jlops.mpi.bench.scale;

import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;

/**
 * The floors of the scaling study and each workload's ratio to its floor.
 *
 * <p>The C floors (STREAM triad from {@code stream.c}, collectives and ping-pong from
 * {@code osu_like.c}) are run by {@code scripts/bench.sh} at every np and merged into the same
 * report; the BLAS floor is measured here, on one core, through {@code dev.ludovic.netlib} (rows
 * {@code impl=blas}, {@code backend=serial}; the notes name the BLAS implementation the library
 * loaded): dgemv on the block workloads' blocks in turn ({@code op=dgemv-blocks}, as many blocks as
 * those workloads hold at np = 1, so the matrices stream from memory as theirs do: the floor),
 * dgemv on one block, which stays in cache ({@code op=dgemv}, the compute peak, for reference), and
 * dgemm.
 *
 * <p>{@link #ratio} is the fraction of the floor a row reaches (1 = at the floor, higher is
 * better): its GB/s over the floor's GB/s for TRIAD, DGEMV (np &times; single-core) and PINGPONG,
 * the floor's time over its time for PRODUCTS (the same implementation's {@code _products} row; a
 * row measured pair by pair with it, note {@code paired_ratio}, gives the inverse of that ratio instead),
 * and the C time over its time for ALLREDUCE, ALLGATHER and FFTW, and for C_LOOPS the C time per
 * sample over np (the C loops on one core, the row on np ranks) times the row's samples over the
 * row's time.
 *
 * <p>The FFTW floor ({@code fftw_floor.c}, rows {@code impl=c}, {@code workload=fftw}) has one row
 * per transform and direction, and each spectral row is compared with the C transform of its own
 * direction ({@link #fftwOp}): ops {@code forward}, {@code forward-new} with FFTW's forward
 * transform (op {@code fft2d}, {@code fftnd}; real-to-complex for the real {@code float64} rows),
 * ops {@code adjoint}, {@code adjoint-new} with its backward one (op {@code fft2d-adjoint},
 * {@code fftnd-adjoint}; complex-to-real for the real rows). A report without the backward rows
 * (before they were measured) leaves the adjoint rows at "not measured" rather than comparing them
 * with the forward.
 */
public final class Floors {

    private Floors() {
    }

    /**
     * Measures single-core dgemv (on the block workloads' blocks in turn, and on one
     * {@code side x side} block) and dgemm ({@code m x m x m}) through BLAS.
     *
     * @param reps  repetitions
     * @param quick tiny sizes
     * @return three rows
     */
    public static List<BenchRow> blas(int reps, boolean quick) {
        BLAS blas = BLAS.getInstance();
        String impl = blas.getClass().getSimpleName();
        int n = quick ? StackWorkloads.QUICK_SIDE : StackWorkloads.SIDE;
        int m = quick ? 16 : 512;
        double[] a = Fill.matrix(n, n, 1);
        double[] x = Fill.matrix(1, n, 2);
        double[] y = new double[n];
        double[] b = Fill.matrix(m, m, 3);
        double[] c = Fill.matrix(m, m, 4);
        double[] d = new double[m * m];
        OsuHarness h = new OsuHarness(reps);
        List<BenchRow> rows = new ArrayList<>();
        int kv = quick ? 1 : 200;
        int km = quick ? 1 : 5;
        OsuHarness.Timing tv = LocalCluster.call(1, comm -> h.measure(comm, 2 * kv, kv, 1,
                () -> blas.dgemv("N", n, n, 1.0, a, n, x, 1, 0.0, y, 1))).get(0);
        double bytesV = 8.0 * ((double) n * n + 2 * n);
        rows.add(new BenchRow("blas", "serial", "host", "dgemv", "dgemv", 1, "float64", n + "x" + n, tv.reps(),
                tv.medianSeconds(), tv.minSeconds(), tv.maxSeconds(), bytesV / tv.medianSeconds() / 1e9,
                "single core; " + impl + " (dev.ludovic.netlib); one block, cache-resident (compute peak, not the"
                        + " floor); gflops_per_s=" + ScaleRunner.fmt(2.0 * n * n / tv.medianSeconds() / 1e9)
                        + (quick ? "; quick" : "")));
        int nb = StackWorkloads.blockCount(quick);
        double[][] blocks = new double[nb][];
        for (int k = 0; k < nb; k++) {
            blocks[k] = Fill.matrix(n, n, 1000 + k);
        }
        int kb = quick ? 1 : Math.max(1, kv / nb / 4);
        OsuHarness.Timing tb = LocalCluster.call(1, comm -> h.measure(comm, 2 * kb, kb, 1, () -> {
            for (double[] blk : blocks) {
                blas.dgemv("N", n, n, 1.0, blk, n, x, 1, 0.0, y, 1);
            }
        })).get(0);
        rows.add(new BenchRow("blas", "serial", "host", "dgemv", "dgemv-blocks", 1, "float64", nb + "x" + n + "x" + n,
                tb.reps(), tb.medianSeconds(), tb.minSeconds(), tb.maxSeconds(), nb * bytesV / tb.medianSeconds() / 1e9,
                "single core; " + impl + " (dev.ludovic.netlib); " + nb + " distinct blocks in turn ("
                        + (8L * nb * n * n >> 20) + " MiB of matrices: from memory, like the block workloads); gflops_per_s="
                        + ScaleRunner.fmt(2.0 * nb * n * n / tb.medianSeconds() / 1e9) + (quick ? "; quick" : "")));
        OsuHarness.Timing tm = LocalCluster.call(1, comm -> h.measure(comm, 2 * km, km, 1,
                () -> blas.dgemm("N", "N", m, m, m, 1.0, b, m, c, m, 0.0, d, m))).get(0);
        rows.add(new BenchRow("blas", "serial", "host", "dgemm", "dgemm", 1, "float64", m + "x" + m + "x" + m,
                tm.reps(), tm.medianSeconds(), tm.minSeconds(), tm.maxSeconds(),
                8.0 * 3 * m * m / tm.medianSeconds() / 1e9,
                "single core; " + impl + " (dev.ludovic.netlib); gflops_per_s="
                        + ScaleRunner.fmt(2.0 * m * m * m / tm.medianSeconds() / 1e9) + (quick ? "; quick" : "")));
        return rows;
    }

    /**
     * The {@link Workload.Floor#GEMM} floors: single-core native {@code dgemm} (float64, through
     * netlib's JNI BLAS) and {@code zgemm} (complex128, the system CBLAS bound through FFM) — both
     * the OpenBLAS kernels the library calls, through the engine's dense kernels — on the dense
     * workloads' shapes at np = 1: one {@code N × K} by {@code K × M} product ({@code op=matrixmult})
     * and {@code nsl} products of {@code nx × ny} by {@code ny × nz} ({@code op=fredholm1}). Rows
     * {@code impl=blas, backend=serial, workload=gemm}, GFLOP/s in the notes ({@code 2mnk} real,
     * {@code 8mnk} complex), GB/s of the operands once.
     *
     * @param reps  repetitions, at least 1
     * @param scale the size rule at np = 1
     * @return four rows
     */
    public static List<BenchRow> gemm(int reps, Workload.Scale scale) {
        List<BenchRow> rows = new ArrayList<>();
        Engine e = Engine.host();
        DenseKernels dense = e.dense();
        OsuHarness h = new OsuHarness(reps);
        for (boolean complex : new boolean[] {false, true}) {
            ElementType t = complex ? ElementType.COMPLEX128
                    : ElementType.FLOAT64;
            String dtype = complex ? "complex128" : "float64";
            long[] mm = DenseWorkloads.matrixShape(scale, complex);
            long[] fr = DenseWorkloads.fredholmShape(scale);
            int n = (int) mm[0];
            int k = (int) mm[1];
            int m = (int) mm[2];
            Buffer a = random(e, t, (long) n * k, 1);
            Buffer x = random(e, t, (long) k * m, 2);
            Buffer y = e.allocate(t, (long) n * m);
            rows.add(gemmRow(h, "matrixmult", dtype, n + "x" + k + "x" + m, complex, (double) n * k * m,
                    (double) t.byteSize() * ((long) n * k + (long) k * m + (long) n * m), dense.implementation(t),
                    scale.quick(), () -> dense.gemm(DenseKernels.Op.NONE, n, m, k, a, 0, k, x, 0,
                            m, false, y, 0, m)));
            int nsl = (int) fr[0];
            int nx = (int) fr[1];
            int ny = (int) fr[2];
            int nz = (int) fr[3];
            Buffer g = random(e, t, (long) nsl * nx * ny, 3);
            Buffer mv = random(e, t, (long) nsl * ny * nz, 4);
            Buffer d = e.allocate(t, (long) nsl * nx * nz);
            rows.add(gemmRow(h, "fredholm1", dtype, nsl + "x" + nx + "x" + ny + "x" + nz, complex,
                    (double) nsl * nx * ny * nz, (double) t.byteSize() * nsl * ((long) nx * ny + (long) ny * nz
                            + (long) nx * nz), dense.implementation(t), scale.quick(), () -> {
                                for (int q = 0; q < nsl; q++) {
                                    dense.gemm(DenseKernels.Op.NONE, nx, nz, ny, g,
                                            (long) q * nx * ny, ny, mv, (long) q * ny * nz, nz, false, d,
                                            (long) q * nx * nz, nz);
                                }
                            }));
        }
        return rows;
    }

    private static Buffer random(Engine e,
            ElementType t, long n, long seed) {
        Buffer b = e.allocate(t, n);
        double[] d = (double[]) b.hostArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int q = 0; q < d.length; q++) {
            d[q] = 2 * rnd.nextDouble() - 1;
        }
        return b;
    }

    private static BenchRow gemmRow(OsuHarness h, String family, String dtype, String shape, boolean complex,
            double mnk, double bytes, String blas, boolean quick, Runnable call) {
        double flops = (complex ? 8 : 2) * mnk;
        long t0 = System.nanoTime();
        call.run();
        double once = (System.nanoTime() - t0) * 1e-9;
        int k = quick ? 1 : (int) Math.max(1, Math.min(10_000, Math.round(0.2 / Math.max(once, 1e-9))));
        OsuHarness.Timing t = LocalCluster.call(1, comm -> h.measure(comm, quick ? 1 : Math.max(1, k), k, 1, call::run))
                .get(0);
        return new BenchRow("blas", "serial", "host", "gemm", family, 1, dtype, shape, t.reps(), t.medianSeconds(),
                t.minSeconds(), t.maxSeconds(), bytes / t.medianSeconds() / 1e9, "single core; " + blas
                        + " (the library's dense kernels); gflops_per_s=" + ScaleRunner.fmt(flops / t.medianSeconds() / 1e9)
                        + (quick ? "; quick" : ""));
    }

    /**
     * A floor found among {@code report}.
     *
     * @param ratio       the row's fraction of the floor
     * @param description what the floor is, e.g. {@code triad 31.2 GB/s}
     */
    public record Found(double ratio, String description) {
    }

    /**
     * The ratio of {@code row} to its floor among {@code report}, or null when the floor is not
     * in the report.
     *
     * @param row    (Input) a measured row
     * @param floor  the row's floor kind
     * @param report (Input) the rows of the same run (C and BLAS floors)
     */
    public static Found ratio(BenchRow row, Workload.Floor floor, List<BenchRow> report) {
        if (row.isSkipped()) {
            return null;
        }
        switch (floor) {
            case TRIAD -> {
                BenchRow f = find(report, "c", "stream", "triad", row.np(), null);
                return f == null ? null : new Found(row.gbytesPerS() / f.gbytesPerS(),
                        String.format(Locale.ROOT, "triad %.3g GB/s", f.gbytesPerS()));
            }
            case DGEMV -> {
                // the floor on blocks of the same side ("x1024x1024" of "8x1024x1024")
                String side = row.globalShape().substring(row.globalShape().indexOf('x'));
                BenchRow f = null;
                for (BenchRow r : report) {
                    if (r.impl().equals("blas") && r.op().equals("dgemv-blocks") && !r.isSkipped()
                            && r.globalShape().endsWith(side)) {
                        f = r;
                    }
                }
                double g = f == null ? 0 : f.gbytesPerS() * row.np();
                return f == null ? null : new Found(row.gbytesPerS() / g,
                        String.format(Locale.ROOT, "np x single-core dgemv %.3g GB/s", g));
            }
            case ALLREDUCE, ALLGATHER -> {
                String w = floor == Workload.Floor.ALLREDUCE ? "allreduce" : "allgather";
                BenchRow f = find(report, "c", w, null, row.np(), row.globalShape());
                return f == null ? null : new Found(f.medianS() / row.medianS(),
                        String.format(Locale.ROOT, "C MPI_%s %.3g s", w.substring(0, 1).toUpperCase(Locale.ROOT)
                                + w.substring(1), f.medianS()));
            }
            case GEMM -> {
                String family = row.workload().startsWith("matrixmult") ? "matrixmult" : row.workload();
                BenchRow f = null;
                for (BenchRow r : report) {
                    if (r.impl().equals("blas") && r.workload().equals("gemm") && r.op().equals(family)
                            && r.dtype().equals(row.dtype()) && !r.isSkipped()) {
                        f = r;
                    }
                }
                double g = f == null ? Double.NaN : ScaleReport.noteValue(f, "gflops_per_s") * row.np();
                return f == null ? null : new Found(ScaleReport.noteValue(row, "gflops_per_s") / g,
                        String.format(Locale.ROOT, "np x single-core %s %.3g GFLOP/s", row.dtype().equals("float64")
                                ? "dgemm" : "zgemm", g));
            }
            case FFTW -> {
                boolean adjoint = isAdjoint(row.op());
                String op = fftwOp(row.workload(), adjoint);
                BenchRow f = null;
                for (BenchRow r : report) {
                    if (r.impl().equals("c") && r.workload().equals("fftw") && r.op().equals(op)
                            && r.dtype().equals(row.dtype()) && r.globalShape().equals(row.globalShape())
                            && !r.isSkipped()) {
                        f = r;
                    }
                }
                String direction = !adjoint ? "forward" : row.dtype().equals("float64") ? "c2r" : "backward";
                return f == null ? null : new Found(f.medianS() / row.medianS(),
                        String.format(Locale.ROOT, "C FFTW serial %s %.3g s", direction, f.medianS()));
            }
            case C_LOOPS -> {
                String op = row.op().endsWith("-new") ? row.op().substring(0, row.op().length() - 4) : row.op();
                BenchRow f = null;
                for (BenchRow r : report) {
                    if (r.impl().equals("c") && r.backend().equals("c-serial") && r.workload().equals(cName(row))
                            && r.op().equals(op) && r.dtype().equals(row.dtype()) && !r.isSkipped()) {
                        f = r;
                    }
                }
                if (f == null) {
                    return null;
                }
                double perSample = f.medianS() / Double.parseDouble(f.globalShape());     // one core
                double ideal = perSample * Double.parseDouble(row.globalShape()) / row.np();
                return new Found(ideal / row.medianS(), String.format(Locale.ROOT,
                        "np x plain C loops (one core, cc -O3 -march=native) %.3g s for %s samples", f.medianS(),
                        f.globalShape()));
            }
            case PRODUCTS -> {
                BenchRow f = find(report, row.impl(), row.workload() + "_products", null, row.np(), row.globalShape());
                String paired = ScaleReport.note(row, "paired_ratio");
                if (paired != null) {           // measured pair by pair with the row: the ratio of neighbours
                    double q = Double.parseDouble(paired);
                    return new Found(1 / q, String.format(Locale.ROOT,
                            "its products alone, repetition by repetition (solver / products %.3f)%s", q,
                            f == null ? "" : String.format(Locale.ROOT, "; products row %.3g s", f.medianS())));
                }
                return f == null ? null : new Found(f.medianS() / row.medianS(),
                        String.format(Locale.ROOT, "its products alone %.3g s", f.medianS()));
            }
            case PINGPONG -> {
                BenchRow f = find(report, "c", "pingpong", null, row.np(), Long.toString(8L << 20));
                return f == null ? null : new Found(row.gbytesPerS() / f.gbytesPerS(),
                        String.format(Locale.ROOT, "C 8 MiB ping-pong %.3g GB/s", f.gbytesPerS()));
            }
            default -> {
                return null;
            }
        }
    }

    /** The workload name of the C loops floor of {@code row}'s workload ({@code nonstatconv}: {@code nonstat}). */
    static String cName(BenchRow row) {
        return row.workload().equals("nonstatconv") ? "nonstat" : row.workload();
    }

    /**
     * The floor kind of each workload of {@code workloads}, by {@link #kindKey workload name and op}:
     * one name may carry ops of different floors (the {@code fft2d} rows against C FFTW, its
     * {@code local-forward} rows against none).
     *
     * @param workloads (Input) the registry's workloads
     * @return a new map
     */
    public static Map<String, Workload.Floor> kinds(List<Workload> workloads) {
        Map<String, Workload.Floor> kinds = new LinkedHashMap<>();
        for (Workload w : workloads) {
            kinds.put(kindKey(w.name(), w.op()), w.floor());
        }
        return kinds;
    }

    /** The key of {@link #kinds}: {@code "<workload> <op>"}. */
    static String kindKey(String workload, String op) {
        return workload + " " + op;
    }

    /**
     * Appends {@code floor=...; floor_ratio=...} (or {@code floor=not measured}) to each row's
     * notes.
     *
     * @param rows   (Input) measured rows; not modified
     * @param kinds  (Input) floor kind per workload name and op ({@link #kinds})
     * @param report (Input) rows holding the floors
     * @return new rows
     */
    public static List<BenchRow> annotate(List<BenchRow> rows, Map<String, Workload.Floor> kinds,
            List<BenchRow> report) {
        List<BenchRow> out = new ArrayList<>();
        for (BenchRow r : rows) {
            Workload.Floor kind = kinds.getOrDefault(kindKey(r.workload(), r.op()), Workload.Floor.NONE);
            Found f = ratio(r, kind, report);
            String add = kind == Workload.Floor.NONE ? "floor=none"
                    : f == null ? "floor=" + kind.name().toLowerCase(Locale.ROOT) + " not measured"
                    : "floor=" + f.description() + "; floor_ratio=" + ScaleRunner.fmt(f.ratio());
            out.add(new BenchRow(r.impl(), r.backend(), r.engine(), r.workload(), r.op(), r.np(), r.dtype(),
                    r.globalShape(), r.reps(), r.medianS(), r.minS(), r.maxS(), r.gbytesPerS(),
                    r.notes().isEmpty() ? add : r.notes() + "; " + add));
        }
        return out;
    }

    /**
     * The {@code op} of the C FFTW floor row ({@code workload=fftw}, {@code fftw_floor.c}) of the same
     * direction as a spectral workload's row: the workload's name ({@code fft2d}, {@code fftnd}) for
     * the forward transform, that name + {@code -adjoint} for the backward one (complex
     * {@code FFTW_BACKWARD}; for the real {@code float64} rows, the complex-to-real transform).
     *
     * @param workload the spectral workload's name
     * @param adjoint  whether the row times the adjoint
     */
    static String fftwOp(String workload, boolean adjoint) {
        return adjoint ? workload + "-adjoint" : workload;
    }

    /**
     * Whether a spectral row's {@code op} times the adjoint: {@code adjoint}, {@code adjoint-new},
     * {@code local-adjoint}.
     */
    static boolean isAdjoint(String op) {
        return op.equals("adjoint") || op.startsWith("adjoint-") || op.endsWith("-adjoint");
    }

    private static BenchRow find(List<BenchRow> report, String impl, String workload, String op, int np,
            String shape) {
        BenchRow found = null;
        for (BenchRow r : report) {
            if (r.impl().equals(impl) && r.workload().equals(workload) && (op == null || r.op().equals(op))
                    && r.np() == np && !r.isSkipped() && (shape == null || r.globalShape().equals(shape))) {
                found = r;
            }
        }
        return found;
    }
}
