package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * The host's one-pass {@link StencilKernels#applyRowsAndLast}: bit-identical to the interface's
 * two passes (whatever the pieces, the output rows, the stencils' edges and tap counts), equal to
 * an entry-by-entry recomputation, and rejecting pieces that do not fit.
 */
class HostRowsAndLastTest {

    private static final StencilKernels HOST = Engine.host().stencils();
    /** The interface's default, two passes of the host's {@code apply}. */
    private static final StencilKernels TWO_PASSES = HOST::apply;

    /** Three-tap stencils (the one-pass path), their edge variants, and a five-tap one (two passes). */
    private static List<Stencil> stencils(long n, Random rnd) {
        double a = rnd.nextGaussian();
        double b = rnd.nextGaussian();
        double c = rnd.nextGaussian();
        List<Stencil> s = new ArrayList<>();
        Stencil centered = Stencil.banded(n, new int[] {-1, 0, 1}, new double[] {a, b, c}, 1, 1);
        s.add(centered);
        s.add(centered.transpose());
        s.add(Stencil.banded(n, new int[] {0, 1, 2}, new double[] {a, b, c}, 0, 2));
        s.add(Stencil.banded(n, new int[] {-2, -1, 0}, new double[] {a, b, c}, 2, 0));
        if (n >= 3) {
            Stencil edged = centered.withRow(0, new long[] {0, 1, 2}, new double[] {c, b, a})
                    .withRow(n - 1, new long[] {n - 3, n - 2, n - 1}, new double[] {b, c, a});
            s.add(edged);
            s.add(edged.transpose());
        }
        if (n >= 5) {
            s.add(Stencil.banded(n, new int[] {-2, -1, 1, 2}, new double[] {a, b, c, a * b}, 2, 2));
        }
        return s;
    }

    private static Buffer random(ElementType t, long entries, Random rnd) {
        Buffer buf = Engine.host().allocate(t, entries);
        Object arr = buf.hostArray();
        if (arr instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = rnd.nextGaussian();
            }
        } else {
            float[] f = (float[]) arr;
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) rnd.nextGaussian();
            }
        }
        return buf;
    }

    private static double[] doubles(Buffer b) {
        Object arr = b.hostArray();
        if (arr instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) arr;
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }

    private static Buffer copy(Buffer b) {
        Buffer c = Engine.host().allocate(b.type(), b.length());
        Object src = b.hostArray();
        System.arraycopy(src, 0, c.hostArray(), 0, java.lang.reflect.Array.getLength(src));
        return c;
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void onePassIsBitIdenticalToTwoPassesAndMatchesTheEntries(ElementType type) {
        Random rnd = new Random(20261203L + type.ordinal());
        int comp = type.components();
        int cases = 0;
        for (long n : new long[] {1, 3, 6, 11}) {
            for (long nc : new long[] {1, 2, 5, 13}) {
                long inner = nc * (1 + rnd.nextInt(3));
                for (Stencil rows : stencils(n, rnd)) {
                    for (Stencil last : stencils(nc, rnd)) {
                        // x holds rows [p, q), ghosts up to two rows either side, y some of x's rows
                        long p = rnd.nextInt((int) n);
                        long q = p + 1 + rnd.nextInt((int) (n - p));
                        long f = Math.min(2, p);
                        long bk = Math.min(2, n - q);
                        long y0 = p + rnd.nextInt((int) (q - p));
                        long y1 = y0 + 1 + rnd.nextInt((int) (q - y0));
                        if (rows.firstColumn(y0, y1) < p - f || rows.endColumn(y0, y1) > q + bk) {
                            continue;
                        }
                        Buffer front = random(type, f * inner + 3, rnd);
                        Buffer x = random(type, (q - p) * inner + 5, rnd);
                        Buffer back = random(type, bk * inner + 2, rnd);
                        Buffer y1Buf = random(type, (y1 - y0) * inner + 4, rnd);
                        Buffer y2Buf = copy(y1Buf);
                        Rows fr = f == 0 ? null : new Rows(front, 3, p - f, f);
                        Rows xr = new Rows(x, 5, p, q - p);
                        Rows br = bk == 0 ? null : new Rows(back, 2, q, bk);
                        HOST.applyRowsAndLast(rows, last, inner, fr, xr, br, new Rows(y1Buf, 4, y0, y1 - y0));
                        TWO_PASSES.applyRowsAndLast(rows, last, inner, fr, xr, br, new Rows(y2Buf, 4, y0, y1 - y0));
                        String what = type + " n=" + n + " nc=" + nc + " inner=" + inner + " rows=" + rows + " last="
                                + last + " x=[" + p + "," + q + ") y=[" + y0 + "," + y1 + ")";
                        assertArrayEquals(doubles(y2Buf), doubles(y1Buf), what);
                        double[] got = doubles(y1Buf);
                        double[] xf = doubles(front);
                        double[] xx = doubles(x);
                        double[] xb = doubles(back);
                        for (long i = y0; i < y1; i++) {
                            for (long e = 0; e < inner; e++) {
                                long seg = e / nc;
                                long j = e % nc;
                                for (int r = 0; r < comp; r++) {
                                    double want = 0;
                                    for (long col = 0; col < n; col++) {
                                        double w = rows.entry(i, col);
                                        if (w != 0) {
                                            long at = col * inner + e;
                                            double v = col < p ? xf[(int) ((3 + at - (p - f) * inner) * comp + r)]
                                                    : col >= q ? xb[(int) ((2 + at - q * inner) * comp + r)]
                                                    : xx[(int) ((5 + at - p * inner) * comp + r)];
                                            want += w * v;
                                        }
                                    }
                                    for (long col = 0; col < nc; col++) {
                                        double w = last.entry(j, col);
                                        if (w != 0) {
                                            want += w * xx[(int) ((5 + (i - p) * inner + seg * nc + col) * comp + r)];
                                        }
                                    }
                                    double g = got[(int) ((4 + (i - y0) * inner + e) * comp + r)];
                                    double tol = (type.isDoublePrecision() ? 1e-12 : 1e-4) * (1 + Math.abs(want));
                                    assertEquals(want, g, tol, what + " at row " + i + " element " + e);
                                }
                            }
                        }
                        cases++;
                    }
                }
            }
        }
        assertTrue(cases > 200, "only " + cases + " cases ran");
    }

    @Test
    void theEntriesOutsideTheOutputRowsAreLeftAlone() {
        Random rnd = new Random(7);
        Stencil rows = Stencil.banded(8, new int[] {-1, 0, 1}, new double[] {1, -2, 1}, 1, 1);
        Stencil last = Stencil.banded(4, new int[] {-1, 0, 1}, new double[] {1, -2, 1}, 1, 1);
        Buffer x = random(ElementType.FLOAT64, 8 * 8, rnd);
        Buffer y = random(ElementType.FLOAT64, 8 * 8, rnd);
        double[] before = doubles(y);
        HOST.applyRowsAndLast(rows, last, 8, null, new Rows(x, 0, 0, 8), null, new Rows(y, 16, 2, 4));
        double[] after = doubles(y);
        for (int k = 0; k < 64; k++) {
            if (k < 16 || k >= 48) {
                assertEquals(before[k], after[k], 0.0, "entry " + k);
            }
        }
    }

    @Test
    void piecesThatDoNotFitAreRejected() {
        Random rnd = new Random(8);
        Stencil rows = Stencil.banded(8, new int[] {-1, 0, 1}, new double[] {1, -2, 1}, 1, 1);
        Stencil last = Stencil.banded(3, new int[] {-1, 0, 1}, new double[] {1, -2, 1}, 1, 1);
        Buffer x = random(ElementType.FLOAT64, 8 * 8, rnd);
        Buffer y = random(ElementType.FLOAT64, 8 * 8, rnd);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HOST.applyRowsAndLast(rows,
                last, 8, null, new Rows(x, 0, 0, 8), null, new Rows(y, 0, 0, 8)));
        assertTrue(e.getMessage().startsWith("last:"), e.getMessage());
        Stencil last4 = Stencil.banded(4, new int[] {-1, 0, 1}, new double[] {1, -2, 1}, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> HOST.applyRowsAndLast(rows, last4, 8,
                new Rows(x, 0, 0, 2), new Rows(x, 16, 2, 4), new Rows(x, 48, 6, 2), new Rows(y, 0, 1, 3)));
        assertTrue(e.getMessage().startsWith("x:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HOST.applyRowsAndLast(null, last4, 8, null,
                new Rows(x, 0, 0, 8), null, new Rows(y, 0, 0, 8)));
        assertTrue(e.getMessage().startsWith("stencil:"), e.getMessage());
    }
}
