package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.StencilKernels.Rows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Vector API's stencil loops against the scalar loops: the same cases run through both give
 * the same bits — every element type, banded stencils of 0 to 9 taps with edge rows and their
 * transposes, convolutions, every split of the rows into ghost pieces, overwrite and accumulate,
 * lengths on either side of a whole number of vectors, and the one-pass Laplacian.
 */
class VectorStencilLoopsTest {

    private static final StencilKernels HOST = Engine.host().stencils();
    private static final StencilKernels SCALAR = HOST.scalar();

    @Test
    void theBuildRunsTheTestsOnTheVectorPath() {
        // the parent pom gives surefire --add-modules jdk.incubator.vector: without it this suite
        // would compare the scalar loops with themselves
        assertTrue(HOST.implementation().startsWith("Vector API"), HOST.implementation());
        assertEquals("scalar loops", SCALAR.implementation());
        assertSame(SCALAR, SCALAR.scalar());
        assertNotNull(HostStencilKernels.vectorLoops(new StringBuilder()));
    }

    @Test
    void onScalarPathSwitchesTheCallingThreadOnly() {
        assertSame(HOST, Engine.host().stencils());
        StencilKernels[] other = new StencilKernels[1];
        StencilKernels inside = StencilKernels.onScalarPath(() -> {
            Thread t = new Thread(() -> other[0] = Engine.host().stencils());
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Engine.host().stencils();
        });
        assertSame(SCALAR, inside);
        assertSame(HOST, other[0]);
        assertSame(HOST, Engine.host().stencils());
    }

    @Test
    void theSinglePrecisionLoopsAreTheDoublePrecisionLoopsRetyped() throws IOException {
        // each file's float loops are its double loops written again (a generic body over the
        // species boxes every vector; Java has no generics over primitive arrays): the float half
        // must be the double half with the types renamed, so the two cannot drift apart
        assertRetyped("VectorStencilLoops.java", "    @Override\n    public void bulk(double[]", "    /**\n     * Lanes 0-3",
                "    @Override\n    public void bulk(float[]");
        assertRetyped("HostStencilKernels.java", "    static void bulk(double[] x", "    // ----------",
                "    static void bulk(float[] x");
    }

    /** The text from {@code from} to {@code to}, retyped, equals the text from {@code floatFrom} to the class's end. */
    private static void assertRetyped(String file, String from, String to, String floatFrom) throws IOException {
        String src = Files.readString(Path.of("src/main/java/org/jlops/mpi/engine/host", file));
        int d0 = src.indexOf(from);
        int d1 = src.indexOf(to, d0);
        int f0 = src.indexOf(floatFrom);
        int f1 = src.lastIndexOf("}");
        assertTrue(d0 > 0 && d1 > d0 && f0 > d1 && f1 > f0, file + ": the halves' markers moved");
        String retyped = src.substring(d0, d1).replace("double", "float").replace("Double", "Float")
                .replace("(D,", "(F,").replace("D.length()", "F.length()").replace("D.loopBound", "F.loopBound");
        assertEquals(retyped.strip(), src.substring(f0, f1).strip(), file);
    }

    /** A banded stencil of {@code taps} taps at random distinct offsets, with random edge rows, or a convolution. */
    private static Stencil stencil(long n, int taps, SplittableRandom r) {
        int reach = 1 + r.nextInt(Math.max(1, taps));
        List<Integer> pool = new ArrayList<>();
        for (int o = -reach; o <= reach; o++) {
            pool.add(o);
        }
        int t = Math.min(taps, pool.size());
        int[] off = new int[t];
        double[] c = new double[t];
        for (int k = 0; k < t; k++) {
            off[k] = pool.remove(r.nextInt(pool.size()));
            c[k] = r.nextDouble(-2, 2);
        }
        if (r.nextInt(4) == 0) {
            return Stencil.convolution(n, off, c);
        }
        Stencil s = Stencil.banded(n, off, c, reach, reach);
        if (n > 2 * reach && r.nextBoolean()) {
            s = s.withRow(0, new long[] {0, 1}, new double[] {r.nextDouble(), r.nextDouble()})
                    .withRow(n - 1, new long[] {n - 2, n - 1}, new double[] {r.nextDouble(), r.nextDouble()});
        }
        return r.nextBoolean() ? s.transpose() : s;
    }

    private static Buffer random(ElementType t, long entries, SplittableRandom r) {
        Buffer b = Engine.host().allocate(t, entries);
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = r.nextDouble(-1, 1);
            }
        } else {
            float[] f = (float[]) a;
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) r.nextDouble(-1, 1);
            }
        }
        return b;
    }

    private static Buffer copy(Buffer b) {
        Buffer c = Engine.host().allocate(b.type(), b.length());
        Object src = b.hostArray();
        System.arraycopy(src, 0, c.hostArray(), 0, java.lang.reflect.Array.getLength(src));
        return c;
    }

    private static void assertSameBits(Buffer want, Buffer got, String what) {
        if (want.hostArray() instanceof double[] d) {
            assertArrayEquals(d, (double[]) got.hostArray(), what);
        } else {
            assertArrayEquals((float[]) want.hostArray(), (float[]) got.hostArray(), what);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void applyGivesTheScalarBitsOnEveryCase(ElementType type) {
        long seed = 2026_12_07L + type.ordinal();
        SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < 400; c++) {
            long n = 1 + r.nextInt(40);
            int taps = r.nextInt(10);
            Stencil s = stencil(n, taps, r);
            long outer = 1 + r.nextInt(3);
            long inner = 1 + r.nextInt(r.nextBoolean() ? 3 : 40);
            // x holds rows [p, q); front and back the ghost rows the output rows [y0, y1) need
            long p = r.nextInt((int) n);
            long q = p + 1 + r.nextInt((int) (n - p));
            long y0 = p + r.nextInt((int) (q - p));
            long y1 = y0 + 1 + r.nextInt((int) (q - y0));
            long lo = Math.min(p, Math.max(0, p - s.firstColumn(y0, y1)));
            long hi = Math.min(n - q, Math.max(0, s.endColumn(y0, y1) - q));
            if (s.firstColumn(y0, y1) < p - lo || s.endColumn(y0, y1) > q + hi) {
                continue;
            }
            boolean acc = r.nextBoolean();
            Buffer front = random(type, lo * outer * inner + 3, r);
            Buffer x = random(type, (q - p) * outer * inner + 5, r);
            Buffer back = random(type, hi * outer * inner + 2, r);
            Buffer yv = random(type, (y1 - y0) * outer * inner + 4, r);
            Buffer ys = copy(yv);
            Rows fr = lo == 0 ? null : new Rows(front, 3, p - lo, lo);
            Rows xr = new Rows(x, 5, p, q - p);
            Rows br = hi == 0 ? null : new Rows(back, 2, q, hi);
            HOST.apply(s, outer, inner, fr, xr, br, new Rows(yv, 4, y0, y1 - y0), acc);
            SCALAR.apply(s, outer, inner, fr, xr, br, new Rows(ys, 4, y0, y1 - y0), acc);
            assertSameBits(ys, yv, "seed " + seed + " case " + c + ": " + type + " " + s + " outer=" + outer
                    + " inner=" + inner + " x=[" + p + "," + q + ") y=[" + y0 + "," + y1 + ") acc=" + acc);
        }
    }

    @Test
    void dotBlocksGivesTheScalarBits() {
        StencilLoops vector = HostStencilKernels.vectorLoops(new StringBuilder());
        SplittableRandom r = new SplittableRandom(2026_12_09L);
        for (int c = 0; c < 300; c++) {
            int n = r.nextInt(2000);
            int xo = r.nextInt(9);
            int yo = r.nextInt(9);
            int block = r.nextBoolean() ? 256 : 1 + r.nextInt(40);
            double[] x = new double[xo + n];
            double[] y = new double[yo + n];
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.scalb(r.nextDouble(-1, 1), r.nextInt(-20, 20));
            }
            for (int k = 0; k < y.length; k++) {
                y[k] = Math.scalb(r.nextDouble(-1, 1), r.nextInt(-20, 20));
            }
            int blocks = (n + block - 1) / block;
            double[] want = new double[2 * blocks + 1];
            double[] got = new double[2 * blocks + 1];
            HostBlockKernels.dotBlocksScalar(x, xo, y, yo, n, block, want, 1);
            vector.dotBlocks(x, xo, y, yo, n, block, got, 1);
            assertArrayEquals(want, got, "case " + c + ": n=" + n + " block=" + block);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void theOnePassLaplacianGivesTheScalarBits(ElementType type) {
        long seed = 2026_12_08L + type.ordinal();
        SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < 150; c++) {
            long n = 3 + r.nextInt(30);
            long nc = 3 + r.nextInt(70);
            long inner = nc * (1 + r.nextInt(2));
            Stencil rows = Stencil.banded(n, new int[] {-1, 0, 1},
                    new double[] {r.nextDouble(), r.nextDouble(-2, 0), r.nextDouble()}, 1, 1);
            Stencil last = Stencil.banded(nc, new int[] {-1, 0, 1},
                    new double[] {r.nextDouble(), r.nextDouble(-2, 0), r.nextDouble()}, 1, 1);
            if (r.nextBoolean()) {
                rows = rows.transpose();
                last = last.transpose();
            }
            long p = r.nextInt((int) n);
            long q = p + 1 + r.nextInt((int) (n - p));
            long f = Math.min(1, p);
            long bk = Math.min(1, n - q);
            Buffer front = random(type, f * inner + 1, r);
            Buffer x = random(type, (q - p) * inner + 2, r);
            Buffer back = random(type, bk * inner, r);
            Buffer yv = random(type, (q - p) * inner + 3, r);
            Buffer ys = copy(yv);
            Rows fr = f == 0 ? null : new Rows(front, 1, p - f, f);
            Rows xr = new Rows(x, 2, p, q - p);
            Rows br = bk == 0 ? null : new Rows(back, 0, q, bk);
            HOST.applyRowsAndLast(rows, last, inner, fr, xr, br, new Rows(yv, 3, p, q - p));
            SCALAR.applyRowsAndLast(rows, last, inner, fr, xr, br, new Rows(ys, 3, p, q - p));
            assertSameBits(ys, yv, "seed " + seed + " case " + c + ": " + type + " n=" + n + " nc=" + nc
                    + " inner=" + inner + " x=[" + p + "," + q + ")");
        }
    }
}
