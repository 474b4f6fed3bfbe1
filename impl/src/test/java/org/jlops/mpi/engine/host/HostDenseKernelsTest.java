package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.DenseKernels.Op;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dense kernels of the host engine: the BLAS path (netlib for real types, the system CBLAS
 * through FFM for complex types) and the Java loops, each against an element-by-element
 * recomputation in double precision, for every element type and op, tiles inside larger buffers
 * (positions and leading dimensions larger than the rows), accumulation, the one-column
 * {@code gemv} path, empty sizes; the entries outside {@code C} untouched; bad arguments; the
 * fallback forced by {@code -Djlops.blas.complex=java} in a child JVM.
 */
class HostDenseKernelsTest {

    private static final DenseKernels BLAS = Engine.host().dense();
    private static final DenseKernels LOOPS = BLAS.loops();
    /** (m, n, k): one column (gemv), one row, squares, rectangles, empty. */
    private static final int[][] SIZES = {{1, 1, 1}, {5, 1, 7}, {1, 6, 4}, {8, 8, 8}, {13, 9, 21}, {33, 17, 5},
        {0, 3, 2}, {3, 0, 2}, {3, 2, 0}, {24, 20, 30}};

    /** This machine has the system's OpenBLAS (scripts/setup.sh installs it): the native paths must load. */
    @Test
    void nativeBlasIsBound() {
        assertTrue(BLAS.implementation(ElementType.FLOAT64).startsWith("dev.ludovic.netlib.blas."),
                BLAS.implementation(ElementType.FLOAT64));
        String complex = BLAS.implementation(ElementType.COMPLEX128);
        assertTrue(complex.startsWith("CBLAS "), complex);
        assertEquals(complex, BLAS.implementation(ElementType.COMPLEX64));
        assertEquals("Java loops", LOOPS.implementation(ElementType.COMPLEX128));
        assertSame(LOOPS, LOOPS.loops());
    }

    private static Buffer random(ElementType t, long n, long seed) {
        Random rnd = new Random(seed);
        Buffer b = Engine.host().allocate(t, n);
        Object a = b.hostArray();
        for (int k = 0; k < n * t.components(); k++) {
            double v = rnd.nextGaussian();
            if (a instanceof double[] d) {
                d[k] = v;
            } else {
                ((float[]) a)[k] = (float) v;
            }
        }
        return b;
    }

    private static double re(Buffer b, long e) {
        Object a = b.hostArray();
        int c = b.type().components();
        return a instanceof double[] d ? d[(int) (c * e)] : ((float[]) a)[(int) (c * e)];
    }

    private static double im(Buffer b, long e) {
        if (!b.type().isComplex()) {
            return 0;
        }
        Object a = b.hostArray();
        return a instanceof double[] d ? d[(int) (2 * e + 1)] : ((float[]) a)[(int) (2 * e + 1)];
    }

    /** One product's layout inside larger buffers. */
    private record Layout(int m, int n, int k, Op op, long aPos, int lda, long bPos, int ldb, long cPos, int ldc) {
        int aRows() {
            return op == Op.NONE ? m : k;
        }

        int aCols() {
            return op == Op.NONE ? k : m;
        }
    }

    /** Every entry of C equals sum_p op(A)[i,p] B[p,j] (+ C0) in double precision; the rest of c is unchanged. */
    private static void assertProduct(Layout l, Buffer a, Buffer b, Buffer c0, Buffer c, boolean acc, double tol,
            String what) {
        boolean conj = l.op() == Op.ADJOINT;
        for (long e = 0; e < c.length(); e++) {
            long rel = e - l.cPos();
            boolean inside = l.n() > 0 && rel >= 0 && rel / l.ldc() < l.m() && rel % l.ldc() < l.n();
            if (!inside) {
                assertEquals(re(c0, e), re(c, e), 0, what + ": entry " + e + " outside C changed");
                assertEquals(im(c0, e), im(c, e), 0, what + ": entry " + e + " outside C changed");
                continue;
            }
            int i = (int) (rel / l.ldc());
            int j = (int) (rel % l.ldc());
            double sr = acc ? re(c0, e) : 0;
            double si = acc ? im(c0, e) : 0;
            double scale = Math.abs(sr) + Math.abs(si);
            for (int p = 0; p < l.k(); p++) {
                long ae = l.aPos() + (l.op() == Op.NONE ? (long) i * l.lda() + p : (long) p * l.lda() + i);
                long be = l.bPos() + (long) p * l.ldb() + j;
                double ar = re(a, ae);
                double ai = conj ? -im(a, ae) : im(a, ae);
                double br = re(b, be);
                double bi = im(b, be);
                sr += ar * br - ai * bi;
                si += ar * bi + ai * br;
                scale += Math.hypot(ar, ai) * Math.hypot(br, bi);
            }
            double err = Math.hypot(re(c, e) - sr, im(c, e) - si);
            assertTrue(err <= tol * Math.max(scale, 1e-300), what + ": C[" + i + ", " + j + "] = " + re(c, e) + "+"
                    + im(c, e) + "i, expected " + sr + "+" + si + "i");
        }
    }

    private static void run(DenseKernels kernels, ElementType t, Layout l, boolean acc, long seed, String what) {
        Buffer a = random(t, l.aPos() + (long) l.aRows() * l.lda() + 3, seed);
        Buffer b = random(t, l.bPos() + (long) l.k() * l.ldb() + 2, seed + 1);
        Buffer c = random(t, l.cPos() + (long) l.m() * l.ldc() + 4, seed + 2);
        Buffer c0 = Engine.host().copyOf(c);
        Buffer a0 = Engine.host().copyOf(a);
        Buffer b0 = Engine.host().copyOf(b);
        kernels.gemm(l.op(), l.m(), l.n(), l.k(), a, l.aPos(), l.lda(), b, l.bPos(), l.ldb(), acc, c, l.cPos(),
                l.ldc());
        double tol = t.isDoublePrecision() ? 1e-14 : 1e-5;
        assertProduct(l, a, b, c0, c, acc, tol, what);
        for (long e = 0; e < a.length(); e++) {
            assertEquals(re(a0, e), re(a, e), 0, what + ": A changed");
        }
        for (long e = 0; e < b.length(); e++) {
            assertEquals(re(b0, e), re(b, e), 0, what + ": B changed");
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void blasAndLoopsComputeTheProduct(ElementType t) {
        long seed = 100 * t.ordinal();
        for (int[] s : SIZES) {
            for (Op op : Op.values()) {
                for (boolean acc : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    int aCols = op == Op.NONE ? k : m;
                    List<Layout> layouts = List.of(
                            new Layout(m, n, k, op, 0, aCols, 0, n, 0, n),                   // packed
                            new Layout(m, n, k, op, 5, aCols + 3, 2, n + 1, 7, n + 2));      // tiles of larger matrices
                    for (Layout l : layouts) {
                        for (DenseKernels kernels : List.of(BLAS, LOOPS)) {
                            run(kernels, t, l, acc, seed++, t + " " + kernels.implementation(t) + " " + l
                                    + " accumulate=" + acc);
                        }
                    }
                }
            }
        }
    }

    /** The two paths agree with each other on a block large enough for BLAS's blocked kernels. */
    @ParameterizedTest
    @EnumSource(ElementType.class)
    void largeBlockAgrees(ElementType t) {
        Layout l = new Layout(150, 90, 130, Op.ADJOINT, 3, 160, 1, 95, 2, 91);
        run(BLAS, t, l, true, 7, t + " large, BLAS");
        run(LOOPS, t, l, false, 8, t + " large, loops");
    }

    /**
     * A tile of {@code A} or {@code B} whose leading dimension pads past its last row ends at the
     * buffer's last element ((rows - 1) ld + cols, as the contract asks): the same result, bit for
     * bit, as the tile with room after it (netlib checks whole column-major columns; such a tile
     * used to fail with its IndexOutOfBoundsException).
     */
    @ParameterizedTest
    @EnumSource(ElementType.class)
    void aPaddedTileEndingAtTheBufferEndWorks(ElementType t) {
        long seed = 900 + t.ordinal();
        for (int[] s : new int[][] {{2, 2, 3}, {4, 1, 5}, {3, 6, 2}, {1, 3, 4}}) {
            int m = s[0], n = s[1], k = s[2];
            for (Op op : Op.values()) {
                int aRows = op == Op.NONE ? m : k, aCols = op == Op.NONE ? k : m;
                int lda = aCols + 3, ldb = n + 2, ldc = n + 1;
                long aEnd = 1 + (long) (aRows - 1) * lda + aCols, bEnd = 2 + (long) (k - 1) * ldb + n;
                Buffer aTight = random(t, aEnd, seed++), bTight = random(t, bEnd, seed++);
                Buffer aRoomy = Engine.host().allocate(t, aEnd + lda), bRoomy = Engine.host().allocate(t, bEnd + ldb);
                Engine.host().copy(aTight, 0, aRoomy, 0, aEnd);
                Engine.host().copy(bTight, 0, bRoomy, 0, bEnd);
                Buffer c1 = Engine.host().allocate(t, (long) m * ldc), c2 = Engine.host().allocate(t, (long) m * ldc);
                BLAS.gemm(op, m, n, k, aRoomy, 1, lda, bRoomy, 2, ldb, false, c1, 0, ldc);
                BLAS.gemm(op, m, n, k, aTight, 1, lda, bTight, 2, ldb, false, c2, 0, ldc);
                String what = t + " " + op + " " + m + "x" + n + "x" + k;
                if (c1.hostArray() instanceof double[] d) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(d, (double[]) c2.hostArray(), what);
                } else {
                    org.junit.jupiter.api.Assertions.assertArrayEquals((float[]) c1.hostArray(), (float[]) c2.hostArray(),
                            what);
                }
            }
        }
    }

    @Test
    void badArguments() {
        Engine e = Engine.host();
        Buffer a = e.allocate(ElementType.COMPLEX128, 6);
        Buffer b = e.allocate(ElementType.COMPLEX128, 6);
        Buffer c = e.allocate(ElementType.COMPLEX128, 4);
        Buffer f = e.allocate(ElementType.FLOAT64, 4);
        assertEquals("m, n, k: must not be negative, got (-1, 2, 3)", assertThrows(IllegalArgumentException.class,
                () -> BLAS.gemm(Op.NONE, -1, 2, 3, a, 0, 3, b, 0, 2, false, c, 0, 2)).getMessage());
        assertEquals("op: must not be null", assertThrows(IllegalArgumentException.class,
                () -> BLAS.gemm(null, 2, 2, 3, a, 0, 3, b, 0, 2, false, c, 0, 2)).getMessage());
        assertEquals("a, b, c: element types COMPLEX128, COMPLEX128, FLOAT64, expected one type",
                assertThrows(IllegalArgumentException.class,
                        () -> BLAS.gemm(Op.NONE, 2, 2, 3, a, 0, 3, b, 0, 2, false, f, 0, 2)).getMessage());
        assertEquals("a: leading dimension 2 for rows of 3 elements, expected at least 3",
                assertThrows(IllegalArgumentException.class,
                        () -> BLAS.gemm(Op.NONE, 2, 2, 3, a, 0, 2, b, 0, 2, false, c, 0, 2)).getMessage());
        assertEquals("c: a 2 x 2 matrix with leading dimension 2 from element 1 ends at element 5, outside the "
                + "buffer of 4 elements", assertThrows(IllegalArgumentException.class,
                        () -> BLAS.gemm(Op.NONE, 2, 2, 3, a, 0, 3, b, 0, 2, false, c, 1, 2)).getMessage());
        assertEquals("b: a 3 x 2 matrix with leading dimension 3 from element 0 ends at element 8, outside the "
                + "buffer of 6 elements", assertThrows(IllegalArgumentException.class,
                        () -> BLAS.gemm(Op.TRANSPOSE, 2, 2, 3, a, 0, 2, b, 0, 3, false, c, 0, 2)).getMessage());
        assertEquals("a: position must not be negative, got -1", assertThrows(IllegalArgumentException.class,
                () -> LOOPS.gemm(Op.NONE, 2, 2, 3, a, -1, 3, b, 0, 2, false, c, 0, 2)).getMessage());
    }

    /** Child-JVM entry point: prints what computes complex products and one product's result. */
    public static void main(String[] args) {
        Engine e = Engine.host();
        Buffer a = e.wrap(new double[] {1, 2}, ElementType.COMPLEX128);
        Buffer b = e.wrap(new double[] {3, 4}, ElementType.COMPLEX128);
        Buffer c = e.allocate(ElementType.COMPLEX128, 1);
        e.dense().gemm(Op.NONE, 1, 1, 1, a, 0, 1, b, 0, 1, false, c, 0, 1);
        double[] r = (double[]) c.hostArray();
        System.out.println(e.dense().implementation(ElementType.COMPLEX128) + " | " + r[0] + " " + r[1]);
    }

    private static String child(String... properties) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HostDenseKernelsTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** {@code -Djlops.blas.complex=java} forces the loops; a library without CBLAS falls back with a reason. */
    @Test
    void fallbackForcedBySystemProperty() throws IOException, InterruptedException {
        assertEquals("Java loops (-Djlops.blas.complex=java) | -5.0 10.0", child("-Djlops.blas.complex=java"));
        String missing = child("-Djlops.blas.cblasLibrary=libjlops-no-such-blas.so");
        assertTrue(missing.startsWith("Java loops (no usable CBLAS: libjlops-no-such-blas.so: ")
                && missing.endsWith(" | -5.0 10.0"), missing);
        assertTrue(child().startsWith("CBLAS "), "default: the native CBLAS");
    }
}
