package org.jlops.mpi.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jlops.mpi.engine.StencilKernels.Rows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stencil description (exact transposes, explicit rows, reach) and the host stencil kernels
 * against a dense evaluation of the same matrix, with the rows cut into front/main/back pieces,
 * several outer slices, every element type and both output modes.
 */
class StencilTest {

    private static final Engine E = Engine.host();

    /** A random banded stencil: random taps, random explicit rows at both ends (some reaching far). */
    private static Stencil randomStencil(Random rnd, long n) {
        int minOff = -rnd.nextInt(3);
        int maxOff = rnd.nextInt(3);
        int taps = maxOff - minOff + 1;
        int[] off = new int[taps];
        double[] c = new double[taps];
        for (int k = 0; k < taps; k++) {
            off[k] = minOff + k;
            c[k] = rnd.nextInt(4) == 0 ? 0 : rnd.nextGaussian();
        }
        Stencil s = Stencil.banded(n, off, c, -minOff + rnd.nextInt(2), maxOff + rnd.nextInt(2));
        for (int e = rnd.nextInt(4); e > 0 && n > 0; e--) {
            long row = rnd.nextBoolean() ? rnd.nextInt((int) Math.min(n, 3)) : n - 1 - rnd.nextInt((int) Math.min(n, 3));
            int terms = rnd.nextInt(4);
            long[] cols = new long[terms];
            double[] w = new double[terms];
            for (int t = 0; t < terms; t++) {
                long near = Math.max(0, Math.min(n - 1, row + rnd.nextInt(7) - 3));
                cols[t] = near;
                w[t] = rnd.nextGaussian();
            }
            s = s.withRow(row, cols, w);
        }
        return s;
    }

    private static double[][] dense(Stencil s) {
        int n = (int) s.length();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            long[] cols = s.columns(i);
            double[] w = s.weights(i);
            for (int t = 0; t < cols.length; t++) {
                d[i][(int) cols[t]] += w[t];
            }
        }
        return d;
    }

    @Test
    void transposeIsExact() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            long n = rnd.nextInt(12);
            Stencil s = randomStencil(rnd, n);
            double[][] d = dense(s);
            double[][] t = dense(s.transpose());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(d[j][i], t[i][j], 0.0, s + ": entry (" + i + ", " + j + ") of the transpose");
                    assertEquals(d[i][j], s.entry(i, j), 0.0, s + ": entry");
                }
            }
            assertEquals(s.transpose().transpose().toString().length() > 0, true);
            double[][] back = dense(s.transpose().transpose());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(d[i], back[i], 0.0, s + ": transposing twice");
            }
        }
    }

    @Test
    void reachCoversEveryReferencedColumn() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 300; trial++) {
            long n = 1 + rnd.nextInt(15);
            Stencil s = randomStencil(rnd, n);
            long from = rnd.nextInt((int) n);
            long to = from + rnd.nextInt((int) (n - from) + 1);
            long lo = from;
            long hi = to;
            for (long r = from; r < to; r++) {
                for (long c : s.columns(r)) {
                    lo = Math.min(lo, c);
                    hi = Math.max(hi, c + 1);
                }
            }
            assertEquals(lo, s.firstColumn(from, to), s + " rows [" + from + ", " + to + ")");
            assertEquals(hi, s.endColumn(from, to), s + " rows [" + from + ", " + to + ")");
        }
    }

    @Test
    void describesItsRows() {
        Stencil c3 = Stencil.banded(5, new int[] {-1, 1}, new double[] {-0.5, 0.5}, 1, 1);
        assertEquals("Stencil[n=5, taps {-1: -0.5, 1: 0.5} on [1, 4), rows {0:; 4:}]", c3.toString());
        Stencil edge = c3.withRow(0, new long[] {1, 0, 1}, new double[] {0.5, -1, 0.5});
        assertArrayEquals(new long[] {0, 1}, edge.columns(0));
        assertArrayEquals(new double[] {-1, 1}, edge.weights(0));
        assertTrue(edge.isInterior(2));
        Stencil inner = c3.withRow(2, new long[] {2}, new double[] {3});
        assertEquals(3.0, inner.entry(2, 2));
        assertEquals(0.5, inner.entry(1, 2));
        assertSame(c3, c3.scaled(1));
        assertEquals(-1.0, c3.scaled(2).entry(1, 0));
        assertEquals(Stencil.banded(2, new int[] {-1, 1}, new double[] {1, 1}, 1, 1), Stencil.banded(2, new int[0],
                new double[0], 2, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stencil.banded(5, new int[] {-2}, new double[] {1}, 1, 0));
        assertEquals("offsets: offset -2 reaches outside the sequence from the interior rows [1, n - 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c3.withRow(5, new long[0], new double[0]));
        assertEquals("row: 5 is outside [0, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c3.withRow(1, new long[] {7}, new double[] {1}));
        assertEquals("columns: column 7 is outside [0, 5)", e.getMessage());
    }

    private static Buffer fill(ElementType t, long elements, Random rnd) {
        Buffer b = E.allocate(t, elements);
        Object a = b.hostArray();
        int entries = (int) (elements * t.components());
        for (int k = 0; k < entries; k++) {
            if (a instanceof double[] d) {
                d[k] = rnd.nextGaussian();
            } else {
                ((float[]) a)[k] = (float) rnd.nextGaussian();
            }
        }
        return b;
    }

    private static double get(Buffer b, long entry) {
        Object a = b.hostArray();
        return a instanceof double[] d ? d[(int) entry] : ((float[]) a)[(int) entry];
    }

    /** Copies rows [first, first + count) of the full (outer, n, inner) block x into a new piece buffer. */
    private static Rows piece(Buffer full, long outer, long n, long inner, long first, long count, long pad) {
        ElementType t = full.type();
        Buffer b = E.allocate(t, pad + outer * count * inner);
        E.copyRows(full, first * inner, n * inner, b, pad, count * inner, outer, count * inner);
        return new Rows(b, pad, first, count);
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void kernelsOnPiecesMatchADenseEvaluation(ElementType t) {
        Random rnd = new Random(13 + t.ordinal());
        int c = t.components();
        double tol = t.isDoublePrecision() ? 1e-12 : 1e-5;
        for (int trial = 0; trial < 150; trial++) {
            long n = rnd.nextInt(14);
            long outer = 1 + rnd.nextInt(3);
            long inner = rnd.nextInt(4);
            Stencil s = randomStencil(rnd, n);
            double[][] d = dense(s);
            Buffer full = fill(t, outer * n * inner, rnd);
            // output rows [y0, y1) and the pieces holding exactly the rows they need
            long y0 = n == 0 ? 0 : rnd.nextInt((int) n);
            long y1 = y0 + (n == 0 ? 0 : rnd.nextInt((int) (n - y0) + 1));
            long need0 = s.firstColumn(y0, y1);
            long need1 = s.endColumn(y0, y1);
            long m0 = Math.max(need0, Math.min(y0, need1));
            long m1 = Math.max(m0, Math.min(need1, y1 + rnd.nextInt(2)));
            Rows front = m0 > need0 ? piece(full, outer, n, inner, need0, m0 - need0, 0) : null;
            Rows mid = piece(full, outer, n, inner, m0, m1 - m0, rnd.nextInt(3));
            Rows back = need1 > m1 ? piece(full, outer, n, inner, m1, need1 - m1, 0) : null;
            boolean acc = rnd.nextBoolean();
            long pad = rnd.nextInt(3);
            Buffer out = fill(t, pad + outer * (y1 - y0) * inner, rnd);
            double[] before = new double[(int) (out.length() * c)];
            for (int k = 0; k < before.length; k++) {
                before[k] = get(out, k);
            }
            E.stencils().apply(s, outer, inner, front, mid, back, new Rows(out, pad, y0, y1 - y0), acc);
            for (long o = 0; o < outer; o++) {
                for (long i = y0; i < y1; i++) {
                    for (long j = 0; j < inner * c; j++) {
                        double expect = 0;
                        for (int col = 0; col < n; col++) {
                            expect += d[(int) i][col] * get(full, (o * n + col) * inner * c + j);
                        }
                        long e = (pad + (o * (y1 - y0) + i - y0) * inner) * c + j;
                        if (acc) {
                            expect += before[(int) e];
                        }
                        assertEquals(expect, get(out, e), tol * (1 + Math.abs(expect)), s + " row " + i);
                    }
                }
            }
            for (long e = 0; e < pad * c; e++) {
                assertEquals(before[(int) e], get(out, e), 0.0, "entries before the output range are untouched");
            }
        }
    }

    @Test
    void kernelsRejectPiecesThatDoNotFit() {
        Stencil s = Stencil.banded(6, new int[] {-1, 1}, new double[] {-0.5, 0.5}, 1, 1);
        Buffer x = E.allocate(ElementType.FLOAT64, 12);
        Buffer y = E.allocate(ElementType.FLOAT64, 12);
        StencilKernels k = E.stencils();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.apply(s, 1, 4, null, new Rows(x, 0, 1, 3), null, new Rows(y, 0, 1, 3), false));
        assertEquals("x: output rows [1, 4) need input rows [0, 5), but the pieces hold [1, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.apply(s, 1, 4, new Rows(x, 0, 0, 1),
                new Rows(x, 0, 2, 2), null, new Rows(y, 0, 2, 2), false));
        assertEquals("front: holds rows [0, 1), which must end where x's rows start (2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.apply(s, 1, 4, null, new Rows(x, 0, 0, 6), null, new Rows(y, 0, 0, 6), false));
        assertEquals("x: 1 x 6 rows of 4 elements from element 0 do not fit a buffer of 12", e.getMessage());
        Buffer f = E.allocate(ElementType.FLOAT32, 12);
        e = assertThrows(IllegalArgumentException.class,
                () -> k.apply(s, 1, 2, null, new Rows(f, 0, 0, 6), null, new Rows(y, 0, 0, 6), false));
        assertEquals("x: element type FLOAT32 differs from y's FLOAT64", e.getMessage());
    }
}
