package org.jlops.mpi.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CUDA engine against the host engine, on a GPU: every element-wise operation, fill, copies,
 * the block sums and dots, reductions and axis reductions bit for bit (sums of powers within a few
 * ulp), dense products within rtol 1e-12 (float64) / 1e-5 (float32), and the same bits on a second
 * run. Without a GPU every test here reports itself skipped, with what is missing, except the one
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

    @Test
    void hostBuffersAreRefusedWithAMessage() {
        Engine gpu = gpu();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gpu.negate(HOST.allocate(ElementType.FLOAT64, 3), gpu.allocate(ElementType.FLOAT64, 3)));
        assertTrue(e.getMessage().contains("device buffer"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> gpu.wrap(new double[3], ElementType.FLOAT64));
    }
}
