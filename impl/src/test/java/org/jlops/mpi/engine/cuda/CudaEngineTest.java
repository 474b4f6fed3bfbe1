package org.jlops.mpi.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels.Rows;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.testkit.EngineCases;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CUDA engine against the host engine, on a GPU: every element-wise operation, fill, copies,
 * the block sums and dots, reductions and axis reductions bit for bit (sums of powers within a few
 * ulp), dense products within rtol 1e-12 (float64) / 1e-5 (float32), the stencil kernels (whole
 * blocks and ghost-row pieces) and the thresholds bit for bit (complex moduli and the half threshold
 * within a few ulp), the first and second derivatives and the Laplacian forward and adjoint and the
 * soft and hard thresholds on distributed arrays on the CUDA engine at 1 and 2 in-JVM ranks, and
 * the same bits on a second run; and the cases {@code FencedEngineTest} runs on the CPU
 * ({@link EngineCases}: array operations, operators forward and adjoint with the dot-test, the
 * operators that must refuse, CGLS's first 10 iterates) on device arrays at 1 and 2 in-JVM ranks
 * sharing the GPU through a staging communicator, rtol 1e-12 (float64, complex128) / 1e-5
 * (float32, complex64) against the host engine. Without a GPU every test here reports itself skipped, with what is missing, except the one
 * that checks that message.
 */
class CudaEngineTest {

    private static final Engine HOST = Engine.host();
    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 255, 256, 257, 4099, 1 << 20};
    private static final long SEED = 1919L;

    /** Why the CUDA engine does not start here, or empty when it does. */
    static Optional<String> unavailable() {
        try {
            Engine.cuda();
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Engine gpu() {
        Optional<String> why = unavailable();
        assumeTrue(why.isEmpty(), () -> "no GPU: " + why.orElse(""));
        return Engine.cuda();
    }

    @Test
    void withoutAGpuEngineCudaSaysWhatIsMissing() {
        Optional<String> why = unavailable();
        assumeTrue(why.isPresent(), "this machine has a usable GPU");
        String m = why.get();
        assertTrue(m.startsWith("Engine.cuda(): "), m);
        assertTrue(m.contains("libcudart") || m.contains("cudaGetDeviceCount") || m.contains("libcuda.so.1"), m);
        // the same answer every time, not a half-started engine
        IllegalStateException again = assertThrows(IllegalStateException.class, Engine::cuda);
        assertEquals(m, again.getMessage());
    }

    // ---------------------------------------------------------------------------------------

    private static Object random(ElementType t, int n, Random rnd) {
        int entries = n * t.components();
        if (t.isDoublePrecision()) {
            double[] d = new double[entries];
            for (int k = 0; k < entries; k++) {
                d[k] = rnd.nextInt(50) == 0 ? 0.0 : rnd.nextGaussian() * 10;
            }
            return d;
        }
        float[] f = new float[entries];
        for (int k = 0; k < entries; k++) {
            f[k] = rnd.nextInt(50) == 0 ? 0f : (float) (rnd.nextGaussian() * 10);
        }
        return f;
    }

    private static void assertSameBits(Object expected, Object actual, String what) {
        int n = java.lang.reflect.Array.getLength(expected);
        assertEquals(n, java.lang.reflect.Array.getLength(actual), what + ": length");
        for (int k = 0; k < n; k++) {
            double e = java.lang.reflect.Array.getDouble(expected, k), a = java.lang.reflect.Array.getDouble(actual, k);
            if (!(Double.isNaN(e) && Double.isNaN(a)) && Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(a)) {
                fail(what + ": entry " + k + " host " + e + ", cuda " + a + "; seed " + SEED);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void elementwiseOperationsEqualTheHostEngine(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + t.ordinal());
        double[][] scalars = {{2.5, 0}, {-0.75, 1.25}};
        for (int n : LENGTHS) {
            Object xs = random(t, n, rnd), ys = random(t, n, rnd);
            Buffer hx = HOST.fromHost(xs, t), hy = HOST.fromHost(ys, t), ho = HOST.allocate(t, n);
            Buffer dx = gpu.fromHost(xs, t), dy = gpu.fromHost(ys, t), dout = gpu.allocate(t, n);
            assertSameBits(xs, gpu.toHost(dx), "round trip " + t + " n=" + n);
            HOST.negate(hx, ho);
            gpu.negate(dx, dout);
            assertSameBits(ho.hostArray(), gpu.toHost(dout), "negate " + t + " n=" + n);
            HOST.add(hx, hy, ho);
            gpu.add(dx, dy, dout);
            assertSameBits(ho.hostArray(), gpu.toHost(dout), "add " + t + " n=" + n);
            HOST.subtract(hx, hy, ho);
            gpu.subtract(dx, dy, dout);
            assertSameBits(ho.hostArray(), gpu.toHost(dout), "subtract " + t + " n=" + n);
            HOST.multiply(hx, hy, ho);
            gpu.multiply(dx, dy, dout);
            assertSameBits(ho.hostArray(), gpu.toHost(dout), "multiply " + t + " n=" + n);
            HOST.conj(hx, ho);
            gpu.conj(dx, dout);
            assertSameBits(ho.hostArray(), gpu.toHost(dout), "conj " + t + " n=" + n);
            for (ElementType to : ElementType.values()) {
                Buffer hc = HOST.allocate(to, n), dc = gpu.allocate(to, n);
                HOST.convert(hx, hc);
                gpu.convert(dx, dc);
                assertSameBits(hc.hostArray(), gpu.toHost(dc), "convert " + t + " to " + to + " n=" + n);
            }
            for (double[] s : scalars) {
                HOST.scale(hx, s[0], s[1], ho);
                gpu.scale(dx, s[0], s[1], dout);
                assertSameBits(ho.hostArray(), gpu.toHost(dout), "scale " + t + " n=" + n);
                Buffer hy2 = HOST.copyOf(hy), dy2 = gpu.copyOf(dy);
                HOST.axpy(s[0], s[1], hx, hy2);
                gpu.axpy(s[0], s[1], dx, dy2);
                assertSameBits(hy2.hostArray(), gpu.toHost(dy2), "axpy " + t + " n=" + n);
                HOST.aypx(s[0], s[1], hx, hy2);
                gpu.aypx(s[0], s[1], dx, dy2);
                assertSameBits(hy2.hostArray(), gpu.toHost(dy2), "aypx " + t + " n=" + n);
                if (n > 2) {
                    HOST.fill(ho, 1, n - 2, s[0], s[1]);
                    gpu.fill(dout, 1, n - 2, s[0], s[1]);
                    assertSameBits(ho.hostArray(), gpu.toHost(dout), "fill " + t + " n=" + n);
                }
            }
            if (n > 4) {
                HOST.copy(hx, 1, ho, 2, n - 3);
                gpu.copy(dx, 1, dout, 2, n - 3);
                assertSameBits(ho.hostArray(), gpu.toHost(dout), "copy " + t + " n=" + n);
                long rows = n / 4;
                HOST.copyRows(hx, 0, 4, ho, 1, 3, rows - 1, 2);
                gpu.copyRows(dx, 0, 4, dout, 1, 3, rows - 1, 2);
                assertSameBits(ho.hostArray(), gpu.toHost(dout), "copyRows " + t + " n=" + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void reductionsEqualTheHostEngineAndRepeat(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + 10 + t.ordinal());
        for (int n : LENGTHS) {
            Object xs = random(t, n, rnd), ys = random(t, n, rnd);
            Buffer hx = HOST.fromHost(xs, t), hy = HOST.fromHost(ys, t);
            Buffer dx = gpu.fromHost(xs, t), dy = gpu.fromHost(ys, t);
            for (int block : new int[] {1, 8, 256, Math.max(1, n)}) {
                int blocks = (n + block - 1) / block;
                for (Reduction r : new Reduction[] {Reduction.COUNT_NONZERO, Reduction.SUM_ABS, Reduction.SUM_SQUARES}) {
                    double[] e = new double[blocks], a = new double[blocks], again = new double[blocks];
                    HOST.sumBlocks(hx, 0, n, block, r, 0, e, 0);
                    gpu.sumBlocks(dx, 0, n, block, r, 0, a, 0);
                    gpu.sumBlocks(dx, 0, n, block, r, 0, again, 0);
                    assertSameBits(e, a, "sumBlocks " + r + " " + t + " n=" + n + " block=" + block);
                    assertSameBits(a, again, "sumBlocks, second run");
                }
                for (boolean conjugate : new boolean[] {false, true}) {
                    double[] e = new double[2 * blocks], a = new double[2 * blocks];
                    HOST.dotBlocks(hx, 0, hy, 0, n, block, conjugate, e, 0);
                    gpu.dotBlocks(dx, 0, dy, 0, n, block, conjugate, a, 0);
                    assertSameBits(e, a, "dotBlocks " + t + " n=" + n + " block=" + block);
                }
            }
            if (n <= 4099) {                    // one block over the whole range: exact but sequential per lane
                for (Reduction r : Reduction.values()) {
                    double e = HOST.reduce(hx, 0, n, r, 3), a = gpu.reduce(dx, 0, n, r, 3);
                    if (r == Reduction.SUM_POW) {
                        assertEquals(e, a, 1e-12 * Math.abs(e), "reduce " + r + " " + t + " n=" + n);
                    } else {
                        assertSameBits(new double[] {e}, new double[] {a}, "reduce " + r + " " + t + " n=" + n);
                    }
                }
                double[] e = new double[2], a = new double[2];
                HOST.dot(hx, 0, hy, 0, n, true, e);
                gpu.dot(dx, 0, dy, 0, n, true, a);
                assertSameBits(e, a, "dot " + t + " n=" + n);
            }
        }
        int[][] shapes = {{3, 17, 5}, {1, 1000, 1}, {64, 9, 33}};
        for (int[] s : shapes) {
            int total = s[0] * s[1] * s[2];
            Object xs = random(t, total, rnd);
            for (Reduction r : Reduction.values()) {
                double[] e = new double[s[0] * s[2]], a = new double[s[0] * s[2]];
                HOST.reduceAxis(HOST.fromHost(xs, t), s[0], s[1], s[2], r, 3, e);
                gpu.reduceAxis(gpu.fromHost(xs, t), s[0], s[1], s[2], r, 3, a);
                if (r == Reduction.SUM_POW) {
                    for (int q = 0; q < e.length; q++) {
                        assertEquals(e[q], a[q], 1e-12 * Math.abs(e[q]), "reduceAxis " + r);
                    }
                } else {
                    assertSameBits(e, a, "reduceAxis " + r + " " + t + " shape " + java.util.Arrays.toString(s));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void denseProductsEqualTheHostEngine(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + 20 + t.ordinal());
        double rtol = t.isDoublePrecision() ? 1e-12 : 1e-5;
        int[][] shapes = {{1, 7, 5}, {7, 1, 5}, {33, 17, 9}, {64, 64, 64}, {5, 3, 0}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (DenseKernels.Op op : DenseKernels.Op.values()) {
                for (boolean acc : new boolean[] {false, true}) {
                    Object as = random(t, m * k, rnd), bs = random(t, k * n, rnd), cs = random(t, m * n, rnd);
                    int lda = op == DenseKernels.Op.NONE ? k : m;
                    Buffer hc = HOST.fromHost(cs, t), dc = gpu.fromHost(cs, t);
                    HOST.dense().gemm(op, m, n, k, HOST.fromHost(as, t), 0, lda, HOST.fromHost(bs, t), 0, n, acc, hc, 0, n);
                    gpu.dense().gemm(op, m, n, k, gpu.fromHost(as, t), 0, lda, gpu.fromHost(bs, t), 0, n, acc, dc, 0, n);
                    Object e = hc.hostArray(), a = gpu.toHost(dc);
                    double scale = 0;
                    for (int q = 0; q < java.lang.reflect.Array.getLength(e); q++) {
                        scale = Math.max(scale, Math.abs(java.lang.reflect.Array.getDouble(e, q)));
                    }
                    for (int q = 0; q < java.lang.reflect.Array.getLength(e); q++) {
                        assertEquals(java.lang.reflect.Array.getDouble(e, q), java.lang.reflect.Array.getDouble(a, q),
                                rtol * Math.max(1, scale) * Math.max(1, k), "gemm " + op + " " + t + " " + m + "x" + n + "x" + k);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Stencils and thresholds

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void stencilKernelsEqualTheHostEngine(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + 60 + t.ordinal());
        int n = 37;
        int outer = 3;
        int inner = 5;
        for (DerivativeKind kind : DerivativeKind.values()) {
            Stencil s = FirstDerivative.stencil(n, 0.7, kind, true, kind == DerivativeKind.CENTERED ? 5 : 3);
            for (Stencil st : new Stencil[] {s, s.transpose(), Stencil.convolution(n, new int[] {-2, 0, 1, 3, 4, 6},
                    new double[] {0.5, -1, 2, 0.25, -0.75, 1.5})}) {
                for (boolean acc : new boolean[] {false, true}) {
                    Object xs = random(t, outer * n * inner, rnd);
                    Object ys = random(t, outer * n * inner, rnd);
                    Buffer hx = HOST.fromHost(xs, t), hy = HOST.fromHost(ys, t);
                    Buffer dx = gpu.fromHost(xs, t), dy = gpu.fromHost(ys, t);
                    HOST.stencils().apply(st, outer, inner, hx, 0, hy, 0, acc);
                    gpu.stencils().apply(st, outer, inner, dx, 0, dy, 0, acc);
                    assertSameBits(hy.hostArray(), gpu.toHost(dy), "stencil " + t + " " + kind + " acc=" + acc);
                    // rows [10, 20) from three pieces: front [4, 10), x [10, 20), back [20, 30)
                    Object fs = random(t, outer * 6 * inner, rnd), ms = random(t, outer * 10 * inner, rnd);
                    Object bs = random(t, outer * 10 * inner, rnd), os = random(t, outer * 10 * inner, rnd);
                    Buffer ho = HOST.fromHost(os, t), dout = gpu.fromHost(os, t);
                    HOST.stencils().apply(st, outer, inner, new Rows(HOST.fromHost(fs, t), 0, 4, 6),
                            new Rows(HOST.fromHost(ms, t), 0, 10, 10), new Rows(HOST.fromHost(bs, t), 0, 20, 10),
                            new Rows(ho, 0, 10, 10), acc);
                    gpu.stencils().apply(st, outer, inner, new Rows(gpu.fromHost(fs, t), 0, 4, 6),
                            new Rows(gpu.fromHost(ms, t), 0, 10, 10), new Rows(gpu.fromHost(bs, t), 0, 20, 10),
                            new Rows(dout, 0, 10, 10), acc);
                    assertSameBits(ho.hostArray(), gpu.toHost(dout), "stencil pieces " + t + " " + kind + " acc=" + acc);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void thresholdsEqualTheHostEngine(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + 70 + t.ordinal());
        for (int n : LENGTHS) {
            Object xs = random(t, n, rnd);
            Buffer hx = HOST.fromHost(xs, t), ho = HOST.allocate(t, n);
            Buffer dx = gpu.fromHost(xs, t), dout = gpu.allocate(t, n);
            for (double tau : new double[] {0, 0.5, 7}) {
                HOST.thresholds().soft(hx, tau, ho);
                gpu.thresholds().soft(dx, tau, dout);
                assertNear(ho.hostArray(), gpu.toHost(dout), t, "soft " + t + " n=" + n + " tau=" + tau);
                HOST.thresholds().hard(hx, tau, ho);
                gpu.thresholds().hard(dx, tau, dout);
                assertNear(ho.hostArray(), gpu.toHost(dout), t, "hard " + t + " n=" + n + " t=" + tau);
                HOST.thresholds().half(hx, tau, ho);
                gpu.thresholds().half(dx, tau, dout);
                assertNear(ho.hostArray(), gpu.toHost(dout), t, "half " + t + " n=" + n + " tau=" + tau);
                HOST.thresholds().shrinkToBall(hx, tau, ho);
                gpu.thresholds().shrinkToBall(dx, tau, dout);
                assertNear(ho.hostArray(), gpu.toHost(dout), t, "ball " + t + " n=" + n + " r=" + tau);
                if (!t.isComplex()) {
                    HOST.thresholds().clip(hx, -tau, tau, ho);
                    gpu.thresholds().clip(dx, -tau, tau, dout);
                    assertSameBits(ho.hostArray(), gpu.toHost(dout), "clip " + t + " n=" + n);
                    assertEquals(HOST.thresholds().countOutside(hx, -tau, tau), gpu.thresholds().countOutside(dx, -tau,
                            tau), "countOutside " + t + " n=" + n);
                }
            }
        }
    }

    /** Equal within 8 ulp of each element's scale (maths-library functions: hypot, pow, acos, cos). */
    private static void assertNear(Object expected, Object actual, ElementType t, String what) {
        int n = java.lang.reflect.Array.getLength(expected);
        assertEquals(n, java.lang.reflect.Array.getLength(actual), what + ": length");
        for (int k = 0; k < n; k++) {
            double e = java.lang.reflect.Array.getDouble(expected, k), a = java.lang.reflect.Array.getDouble(actual, k);
            double ulp = t.isDoublePrecision() ? Math.ulp(Math.max(Math.abs(e), 10)) : Math.ulp((float) Math.max(
                    Math.abs(e), 10));
            if (!(Double.isNaN(e) && Double.isNaN(a)) && e != a && !(Math.abs(e - a) <= 8 * ulp)) {
                fail(what + ": entry " + k + " host " + e + ", cuda " + a + "; seed " + SEED);
            }
        }
    }

    /** The same distributed array with its local block copied to the device. */
    private static DistributedArray onDevice(Engine gpu, DistributedArray hx) {
        DistributedArray d = DistributedArray.builder(hx.communicator(), hx.globalShape()).like(hx).engine(gpu)
                .localShapes(hx.localShapes()).build();
        Buffer src = gpu.fromHost(hx.localBuffer().hostArray(), hx.dtype().elementType());
        gpu.copy(src, 0, d.localBuffer(), 0, src.length());
        return d;
    }

    private static void assertOperator(Engine gpu, MPILinearOperator op, DistributedArray hx, DType dt, String what) {
        DistributedArray dx = onDevice(gpu, hx);
        double rtol = dt == DType.FLOAT32 || dt == DType.COMPLEX64 ? 1e-5 : 1e-12;
        for (boolean adjoint : new boolean[] {false, true}) {
            DistributedArray hy = (DistributedArray) (adjoint ? op.rmatvec(hx) : op.matvec(hx));
            DistributedArray dy = (DistributedArray) (adjoint ? op.rmatvec(dx) : op.matvec(dx));
            assertEquals(gpu, dy.engine(), what + ": the result stays on the device");
            Object e = hy.localBuffer().hostArray(), a = gpu.toHost(dy.localBuffer());
            int n = java.lang.reflect.Array.getLength(e);
            assertEquals(n, java.lang.reflect.Array.getLength(a), what);
            for (int k = 0; k < n; k++) {
                double u = java.lang.reflect.Array.getDouble(e, k), v = java.lang.reflect.Array.getDouble(a, k);
                assertTrue(Math.abs(u - v) <= rtol * Math.max(1, Math.abs(u)), what + (adjoint ? " adjoint" : " forward")
                        + ": entry " + k + " host " + u + ", cuda " + v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void derivativeOperatorsOnTheDeviceEqualTheHostEngine(int np) {
        Engine gpu = gpu();
        LocalCluster.run(np, base -> {
            Communicator comm = Communicators.staging(base);      // device buffers never meet host loops
            long[] dims = {29, 11};
            long n = dims[0] * dims[1];
            long seed = 7;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX128}) {
                for (DerivativeKind kind : DerivativeKind.values()) {
                    NdArray xg = org.jlops.mpi.ops.serial.DerivativeTesting.random(dt, seed++, n);
                    DistributedArray hx = DistributedArray.toDist(xg, comm);
                    String what = dt + " " + kind + " on " + np;
                    assertOperator(gpu, new MPIFirstDerivative(dims, 0.5, kind, true, 3, comm, dt), hx, dt,
                            "MPIFirstDerivative " + what);
                    assertOperator(gpu, new MPISecondDerivative(dims, 0.5, kind, false, comm, dt), hx, dt,
                            "MPISecondDerivative " + what);
                    assertOperator(gpu, new MPILaplacian(dims, new int[] {0, 1}, new double[] {1, 0.7},
                            new double[] {1, 0.4}, false, kind, comm, dt), hx, dt, "MPILaplacian " + what);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void thresholdsOfDistributedArraysOnTheDeviceEqualTheHostEngine(int np) {
        Engine gpu = gpu();
        LocalCluster.run(np, base -> {
            Communicator comm = Communicators.staging(base);      // device buffers never meet host loops
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX128}) {
                NdArray xg = org.jlops.mpi.ops.serial.DerivativeTesting.random(dt, 11, 1000);
                DistributedArray hx = DistributedArray.toDist(xg, comm);
                DistributedArray dx = onDevice(gpu, hx);
                DistributedArray hs = ElementMaps.soft(hx, 0.5, hx.copy());
                DistributedArray ds = ElementMaps.soft(dx, 0.5, dx.copy());
                assertNear(hs.localBuffer().hostArray(), gpu.toHost(ds.localBuffer()), dt.elementType(), "soft " + dt);
                DistributedArray hh = ElementMaps.hard(hx, 0.5, hx.copy());
                DistributedArray dh = ElementMaps.hard(dx, 0.5, dx.copy());
                assertNear(hh.localBuffer().hostArray(), gpu.toHost(dh.localBuffer()), dt.elementType(), "hard " + dt);
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // The cases the fenced engine runs on the CPU (EngineCases), here on the device. In-JVM ranks
    // share the GPU through a staging communicator (device memory staged through page-locked host
    // buffers; NCCL needs a GPU per rank).

    private static final DType[] CASE_DTYPES = {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128};

    private static double rtol(DType dt) {
        return dt == DType.FLOAT32 || dt == DType.COMPLEX64 ? 1e-5 : 1e-12;
    }

    /** Runs {@code body} on np in-JVM ranks over a staging communicator and fails with every problem listed. */
    private static void onRanks(int np, java.util.function.BiConsumer<Communicator, List<String>> body) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        LocalCluster.run(np, base -> body.accept(Communicators.staging(base), problems));
        assertEquals(List.of(), problems, () -> problems.size() + " problems at np " + np);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theEngineCasesOfArraysOnTheDeviceEqualTheHostEngine(int np) {
        Engine gpu = gpu();
        onRanks(np, (comm, problems) -> {
            for (DType dt : CASE_DTYPES) {
                for (long[] shape : new long[][] {{29}, {7, 5}, {5, 3, 4}}) {
                    DistributedArray hx = DistributedArray.toDist(SerialArrays.random(dt, 1, 0, 1, shape), comm);
                    DistributedArray hy = DistributedArray.toDist(SerialArrays.random(dt, 2, 0, 1, shape), comm);
                    DistributedArray dx = EngineCases.onEngine(gpu, hx);
                    DistributedArray dy = EngineCases.onEngine(gpu, hy);
                    Object x0 = EngineCases.toHost(dx);
                    for (EngineCases.ArrayCase c : EngineCases.arrayCases()) {
                        String what = c + " " + dt + " " + Arrays.toString(shape) + " np " + np;
                        Object expected = EngineCases.toHost(c.op().apply(hx, hy));
                        String d = EngineCases.compare(expected, EngineCases.toHost(c.op().apply(dx, dy)), rtol(dt),
                                "cuda");
                        if (d != null) {
                            problems.add(what + ": " + d);
                        }
                        if (EngineCases.compare(x0, EngineCases.toHost(dx), 0, null) != null) {
                            problems.add(what + ": x changed");
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theEngineCasesOfOperatorsOnTheDeviceEqualTheHostEngineAndPassTheDotTest(int np) {
        Engine gpu = gpu();
        onRanks(np, (comm, problems) -> {
            for (DType dt : CASE_DTYPES) {
                for (EngineCases.OperatorCase c : EngineCases.operatorCases(dt)) {
                    String what = c + " np " + np;
                    EngineCases.Built b = c.build().apply(comm);
                    if (b == null) {
                        continue;
                    }
                    DistributedVector hy = b.apply(b.x(), false);
                    DistributedVector hx = b.apply(hy, true);
                    DistributedVector dx = EngineCases.onEngine(gpu, b.x());
                    DistributedVector dy = EngineCases.onEngine(gpu, hy);
                    if (c.refusal() != null) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                            b.apply(dx, false);
                            b.apply(dy, true);
                        }, what);
                        if (!e.getMessage().contains(c.refusal()) || !e.getMessage().contains("cuda")) {
                            problems.add(what + ": the refusal does not say what and where: " + e.getMessage());
                        }
                        continue;
                    }
                    String d = EngineCases.compare(EngineCases.toHost(hy), EngineCases.toHost(b.apply(dx, false)),
                            rtol(dt), "cuda");
                    if (d != null) {
                        problems.add(what + " forward: " + d);
                    }
                    d = EngineCases.compare(EngineCases.toHost(hx), EngineCases.toHost(b.apply(dy, true)), rtol(dt),
                            "cuda");
                    if (d != null) {
                        problems.add(what + " adjoint: " + d);
                    }
                    if (!c.name().contains("mask")) {                     // masked vectors: every group its own u
                        @SuppressWarnings("unchecked")
                        var op = (org.jlops.mpi.ops.DistributedOperator<DistributedVector>) b.op();
                        Dottest.Result r = Dottest.check(op, dx, 19, dt == DType.FLOAT32 || dt == DType.COMPLEX64
                                ? 1e-4 : 1e-10, Dottest.DEFAULT_ATOL);
                        if (!r.passed()) {
                            problems.add(what + ": dot-test on the device failed: " + r);
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void cglsIteratesOnTheDeviceEqualTheHostEngine(int np) {
        Engine gpu = gpu();
        onRanks(np, (comm, problems) -> {
            for (DType dt : CASE_DTYPES) {
                for (EngineCases.OperatorCase c : EngineCases.solverCases(dt)) {
                    EngineCases.Built b = c.build().apply(comm);
                    DistributedVector hy = b.apply(b.x(), false);
                    List<Object> expected = EngineCases.iterates(EngineCases.Solver.CGLS, b, hy, 10);
                    List<Object> actual = EngineCases.iterates(EngineCases.Solver.CGLS, b, EngineCases.onEngine(gpu, hy),
                            10);
                    String d = EngineCases.compare(expected, actual, rtol(dt), "cuda");
                    if (d != null) {
                        problems.add("CGLS on " + c + " np " + np + ": iterate " + d);
                    }
                }
            }
        });
    }

    @Test
    void hostBuffersAreRefusedWithAMessage() {
        Engine gpu = gpu();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gpu.negate(HOST.allocate(ElementType.FLOAT64, 3), gpu.allocate(ElementType.FLOAT64, 3)));
        assertTrue(e.getMessage().contains("device buffer"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> gpu.wrap(new double[3], ElementType.FLOAT64));
    }
}
