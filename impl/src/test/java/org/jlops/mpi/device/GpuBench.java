package org.jlops.mpi.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.cuda.Cublas;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.cuda.CudaRuntime;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.Fredholm1;
import org.jlops.mpi.solvers.CGLS;

/**
 * The GPU benchmark of the device check: a device-to-device copy as the floor, and add, axpy, the
 * blocked dot and the blocked sum of squares (the local steps of {@code DistributedArray.dot} and
 * {@code norm}) and the 2-d first derivative (the stencil kernel along either axis) on 2^28
 * float32 and 2^27 float64 elements, each as a fraction of the copy's
 * bandwidth (bytes each must move over the copy's bytes per second); the same dot twice for
 * bit-identity; the block-diagonal product of dense blocks through the engine (one cuBLAS call per
 * block, and one engine strided-batched call) against one bare strided-batched cuBLAS call;
 * Fredholm1 forward on device buffers against the same bare cuBLAS call; one CGLS iteration on device
 * arrays as a multiple of its forward and adjoint products ({@link #cglsIteration}). Each timing is the median of 5 runs after 2
 * warm-ups; every engine call waits for its kernel. Rows not measured say why (status
 * {@code not-run}). Run by {@link DeviceCheck}.
 */
final class GpuBench {

    private static final int WARMUP = 2;
    private static final int RUNS = 5;
    private static final int BLOCK = 256;

    private GpuBench() {
    }

    /** One row of results/gpu-*.csv. */
    record Row(String name, String dtype, long elements, double seconds, double gbPerS, double fractionOfCopy,
            String status, String detail) {

        String csv() {
            return String.join(",", "bench", name, dtype, Long.toString(elements), fmt(seconds), fmt(gbPerS),
                    fmt(fractionOfCopy), status, '"' + detail.replace('"', '\'') + '"');
        }

        private static String fmt(double v) {
            return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
        }
    }

    private static double median(Runnable op) {
        for (int i = 0; i < WARMUP; i++) {
            op.run();
        }
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - start) * 1e-9;
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }

    private static Object random(ElementType t, long n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        if (t.isDoublePrecision()) {
            double[] d = new double[(int) n];
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextDouble() - 0.5;
            }
            return d;
        }
        float[] f = new float[(int) n];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return f;
    }

    /**
     * Runs the benchmark on {@code gpu}, printing a line per row; {@code shift} halves the sizes that
     * many times; {@code comm} carries the arrays of the CGLS row (a staging communicator over one
     * in-JVM rank on the device).
     */
    static List<Row> run(Engine gpu, Communicator comm, int shift, java.io.PrintStream log) {
        List<Row> rows = new ArrayList<>();
        for (ElementType t : new ElementType[] {ElementType.FLOAT32, ElementType.FLOAT64}) {
            long n = (t == ElementType.FLOAT32 ? 1L << 28 : 1L << 27) >> shift;
            long b = t.byteSize();
            String dt = t.name().toLowerCase(java.util.Locale.ROOT);
            log.println("bench: " + dt + " x " + n + ": uploading operands");
            Buffer x = gpu.fromHost(random(t, n, 1), t);
            Buffer y = gpu.fromHost(random(t, n, 2), t);
            Buffer out = gpu.allocate(t, n);
            double copy = median(() -> gpu.copy(x, 0, out, 0, n));
            double copyRate = 2.0 * n * b / copy;
            rows.add(add(log, new Row("copy-d2d", dt, n, copy, copyRate / 1e9, 1.0, "ok", "the floor: cudaMemcpy device to device")));
            rows.add(add(log, rate("add", dt, n, median(() -> gpu.add(x, y, out)), 3.0 * n * b, copyRate, "out = x + y")));
            rows.add(add(log, rate("axpy", dt, n, median(() -> gpu.axpy(0.5, 0, x, out)), 3.0 * n * b, copyRate,
                    "y += a x")));
            long blocks = (n + BLOCK - 1) / BLOCK;
            double[] d1 = new double[(int) (2 * blocks)], d2 = new double[(int) (2 * blocks)];
            double dot = median(() -> gpu.dotBlocks(x, 0, y, 0, n, BLOCK, false, d1, 0));
            gpu.dotBlocks(x, 0, y, 0, n, BLOCK, false, d2, 0);
            boolean same = Arrays.equals(d1, d2);
            rows.add(add(log, rate("dot-blocks", dt, n, dot, 2.0 * n * b, copyRate,
                    "blocks of 256 in Engine.blockSum's order, block values to the host; second run bit-identical: " + same)));
            double[] s = new double[(int) blocks];
            rows.add(add(log, rate("norm2-blocks", dt, n, median(() -> gpu.sumBlocks(x, 0, n, BLOCK, Reduction.SUM_SQUARES,
                    0, s, 0)), 1.0 * n * b, copyRate, "sum of squares, blocks of 256, block values to the host")));
            long cols = 1L << 12;
            long rowsN = n / cols;
            Stencil der0 = FirstDerivative.stencil(rowsN, 1.0, DerivativeKind.CENTERED, false, 3);
            Stencil der1 = FirstDerivative.stencil(cols, 1.0, DerivativeKind.CENTERED, false, 3);
            rows.add(add(log, rate("first-derivative-2d-axis0", dt, n, median(() -> gpu.stencils().apply(der0, 1, cols,
                    x, 0, out, 0, false)), 2.0 * n * b, copyRate, "centered order-3 first derivative along axis 0 of ("
                    + rowsN + ", " + cols + "): one stencil kernel, x read once and y written once")));
            rows.add(add(log, rate("first-derivative-2d-axis1", dt, n, median(() -> gpu.stencils().apply(der1, rowsN, 1,
                    x, 0, out, 0, false)), 2.0 * n * b, copyRate, "the same along the last axis (inner 1)")));
            rows.add(add(log, cglsIteration(gpu, comm, t, rowsN, cols)));
        }
        rows.addAll(blockDiag(gpu, log));
        rows.addAll(fredholm1(gpu, shift, log));
        return rows;
    }

    /**
     * One undamped CGLS step on arrays of {@code engine} (MPIFirstDerivative, centered, order 3,
     * along axis 0 of a {@code (rows, cols)} model: its forward and adjoint products, 3 dots, 4
     * axpys, as the host bench's {@code cgls_first_derivative_o3}), timed as the median of 5 steps
     * after 2, and reported with its ratio to the forward plus the adjoint product on the same
     * arrays: the solver's overhead on the device. The bytes count the two products (16 bytes per
     * element each for float64, 8 for float32). A failure gives a {@code failed} row with its
     * message rather than stopping the benchmark. Collective over {@code comm}.
     */
    static Row cglsIteration(Engine engine, Communicator comm, ElementType t, long rowsN, long cols) {
        String dt = t.name().toLowerCase(java.util.Locale.ROOT);
        long n = rowsN * cols;
        try {
            DType dtype = DType.of(t);
            MPIFirstDerivative op = new MPIFirstDerivative(new long[] {rowsN, cols}, 1.0, DerivativeKind.CENTERED,
                    false, 3, comm, dtype);
            DistributedArray x = DistributedArray.builder(comm, n).dtype(dtype).engine(engine).build();
            x.assign(NdArray.wrap(dtype, random(t, x.localSize(), 5), x.localSize()));     // one upload
            DistributedArray y = op.matvec(x);
            DistributedArray yOut = op.matvec(x);
            DistributedArray xOut = op.rmatvec(y);
            double forward = median(() -> op.matvec(x, yOut));
            double adjoint = median(() -> op.rmatvec(y, xOut));
            CGLS<DistributedArray> cgls = new CGLS<>(op).setup(y, null, Integer.MAX_VALUE / 2, 0.0, 0.0);
            double step = median(cgls::step);
            double bytes = 2.0 * 2 * n * t.byteSize();
            return new Row("cgls-iteration", dt, n, step, bytes / step / 1e9, Double.NaN, "ok", "one undamped CGLS step "
                    + "on MPIFirstDerivative (centered, order 3, axis 0 of (" + rowsN + ", " + cols + ")) on arrays of "
                    + "engine " + engine.name() + " at " + comm.size() + " rank(s); time / (forward + adjoint) = "
                    + String.format(java.util.Locale.ROOT, "%.3f", step / (forward + adjoint)) + " (forward "
                    + Row.fmt(forward) + " s, adjoint " + Row.fmt(adjoint) + " s)");
        } catch (RuntimeException e) {
            return new Row("cgls-iteration", dt, n, Double.NaN, Double.NaN, Double.NaN, "failed", e.toString());
        }
    }

    private static Row rate(String name, String dt, long n, double seconds, double bytes, double copyRate, String detail) {
        double r = bytes / seconds;
        return new Row(name, dt, n, seconds, r / 1e9, r / copyRate, "ok", detail);
    }

    private static Row add(java.io.PrintStream log, Row r) {
        log.println("bench: " + r.name() + " " + r.dtype() + " " + r.status() + " " + Row.fmt(r.seconds()) + " s, "
                + Row.fmt(r.gbPerS()) + " GB/s, " + Row.fmt(r.fractionOfCopy()) + " of copy; " + r.detail());
        return r;
    }

    /**
     * Fredholm1 forward on device buffers (its slices in one engine strided-batched product) against
     * the same product as one bare {@code cublasDgemmStridedBatched}: nsl 64 slices of 512 x 512
     * (128 x 128 in quick mode), nz 64, float64.
     */
    private static List<Row> fredholm1(Engine gpu, int shift, java.io.PrintStream log) {
        int nsl = 64, nx = shift > 0 ? 128 : 512, ny = nx, nz = 64;
        ElementType t = ElementType.FLOAT64;
        long gn = (long) nsl * nx * ny;
        NdArray g = NdArray.wrap(DType.FLOAT64, random(t, gn, 5), nsl, nx, ny);
        Fredholm1 op = new Fredholm1(g, nz, DType.FLOAT64, new Fredholm1.Options(false, true));
        Buffer dg = gpu.fromHost(g.data(), t);
        Buffer m = gpu.fromHost(random(t, (long) nsl * ny * nz, 6), t);
        Buffer d = gpu.allocate(t, (long) nsl * nx * nz);
        double engine = median(() -> op.matvec(m, 0, d, 0));
        Cublas blas = Cublas.create(CudaLibraries.system());
        CudaRuntime rt = CudaRuntime.load(CudaLibraries.system());
        long gAddr = dg.segment().address(), mAddr = m.segment().address(), dAddr = d.segment().address();
        double bare = median(() -> {
            // row-major d_k = G_k m_k is column-major d_k^T (nz x nx) = m_k^T (nz x ny) G_k^T (ny x nx)
            blas.gemmStridedBatched(true, false, Cublas.OP_N, Cublas.OP_N, nz, nx, ny, new double[] {1, 0}, mAddr, nz,
                    (long) ny * nz, gAddr, ny, (long) nx * ny, new double[] {0, 0}, dAddr, nz, (long) nx * nz, nsl);
            rt.synchronize();
        });
        double flops = 2.0 * gn * nz;
        double bytes = 8.0 * (gn + (long) nsl * (nx + ny) * nz);
        String shape = nsl + "x" + nx + "x" + ny + " nz " + nz;
        List<Row> rows = new ArrayList<>();
        rows.add(add(log, new Row("fredholm1-engine", "float64", gn, engine, bytes / engine / 1e9, Double.NaN, "ok",
                "Fredholm1 forward " + shape + " on device buffers (one engine gemmStridedBatched), "
                + String.format(java.util.Locale.ROOT, "%.1f GFLOP/s; ratio to bare %.3f", flops / engine / 1e9,
                        engine / bare))));
        rows.add(add(log, new Row("fredholm1-cublas-batched", "float64", gn, bare, bytes / bare / 1e9, Double.NaN, "ok",
                "one cublasDgemmStridedBatched over the " + nsl + " slices, then a device synchronise, "
                + String.format(java.util.Locale.ROOT, "%.1f GFLOP/s", flops / bare / 1e9))));
        return rows;
    }

    /** k dense m x m float64 blocks times vectors: the engine's gemm per block vs one strided-batched cuBLAS call. */
    private static List<Row> blockDiag(Engine gpu, java.io.PrintStream log) {
        int k = 64, m = 1024;
        ElementType t = ElementType.FLOAT64;
        Buffer a = gpu.fromHost(random(t, (long) k * m * m, 3), t);
        Buffer x = gpu.fromHost(random(t, (long) k * m, 4), t);
        Buffer y = gpu.allocate(t, (long) k * m);
        double engine = median(() -> {
            for (int i = 0; i < k; i++) {
                gpu.dense().gemm(DenseKernels.Op.NONE, m, 1, m, a, (long) i * m * m, m, x, (long) i * m, 1, false, y,
                        (long) i * m, 1);
            }
        });
        double batched = median(() -> gpu.dense().gemmStridedBatched(DenseKernels.Op.NONE, m, 1, m, a, 0, m,
                (long) m * m, x, 0, 1, m, false, y, 0, 1, m, k));
        Cublas blas = Cublas.create(CudaLibraries.system());
        CudaRuntime rt = CudaRuntime.load(CudaLibraries.system());
        long aAddr = a.segment().address(), xAddr = x.segment().address(), yAddr = y.segment().address();
        double bare = median(() -> {
            // row-major y_i = A_i x_i is column-major y_i^T = x_i^T A_i^T: (1 x m) = (1 x m)(m x m), A_i^T = A_i's view
            blas.gemmStridedBatched(true, false, Cublas.OP_N, Cublas.OP_N, 1, m, m, new double[] {1, 0}, xAddr, 1, m,
                    aAddr, m, (long) m * m, new double[] {0, 0}, yAddr, 1, m, k);
            rt.synchronize();
        });
        List<Row> rows = new ArrayList<>();
        double bytes = 8.0 * k * m * m;
        rows.add(add(log, new Row("blockdiag-dense-engine", "float64", (long) k * m * m, engine, bytes / engine / 1e9,
                Double.NaN, "ok", k + " blocks " + m + "x" + m + ", one engine gemm (cuBLAS gemv) per block; ratio to bare "
                + String.format(java.util.Locale.ROOT, "%.3f", engine / bare))));
        rows.add(add(log, new Row("blockdiag-dense-engine-batched", "float64", (long) k * m * m, batched,
                bytes / batched / 1e9, Double.NaN, "ok", k + " blocks " + m + "x" + m
                + ", one engine gemmStridedBatched (one cuBLAS call, checks and a synchronise); ratio to bare "
                + String.format(java.util.Locale.ROOT, "%.3f", batched / bare))));
        rows.add(add(log, new Row("blockdiag-dense-cublas-batched", "float64", (long) k * m * m, bare, bytes / bare / 1e9,
                Double.NaN, "ok", "one cublasDgemmStridedBatched over the " + k + " blocks, then a device synchronise")));
        return rows;
    }
}
