package org.jlops.mpi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Convolution stencils ({@link Stencil#convolution}) and products of stencils ({@link Stencil#times})
 * against their definitions, and the host kernel's many-tap bulk loop against a row-by-row
 * evaluation (bit for bit).
 */
class ConvolutionStencilTest {

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

    private static int[] offsets(int from, int count) {
        int[] o = new int[count];
        for (int k = 0; k < count; k++) {
            o[k] = from + k;
        }
        return o;
    }

    @Test
    void convolutionIsTheTruncatedToeplitzMatrixAndItsMirrorIsTheTranspose() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(30);
            int taps = 1 + rnd.nextInt(9);
            int first = -rnd.nextInt(taps + 2);
            int[] o = offsets(first, taps);
            double[] c = new double[taps];
            for (int k = 0; k < taps; k++) {
                c[k] = rnd.nextInt(5) == 0 ? 0 : rnd.nextGaussian();
            }
            Stencil s = Stencil.convolution(n, o, c);
            double[][] d = dense(s);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int k = j - i - first;                               // y[i] += c_k x[i + o_k], o_k = first + k
                    double expect = k >= 0 && k < taps ? c[k] : 0;
                    assertEquals(expect, d[i][j], 0.0, s + " entry " + i + "," + j);
                }
            }
            int[] mirrored = new int[taps];
            for (int k = 0; k < taps; k++) {
                mirrored[k] = -o[k];
            }
            double[][] t = dense(Stencil.convolution(n, mirrored, c));
            double[][] tt = dense(s.transpose());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(d[j][i], t[i][j], 0.0, "mirrored taps give the transpose");
                    assertEquals(d[j][i], tt[i][j], 0.0, "transpose()");
                }
            }
        }
    }

    @Test
    void productOfStencilsIsTheMatrixProduct() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(25);
            int ta = 1 + rnd.nextInt(7);
            int tb = 1 + rnd.nextInt(3);
            double[] ca = new double[ta];
            double[] cb = new double[tb];
            for (int k = 0; k < ta; k++) {
                ca[k] = rnd.nextGaussian();
            }
            for (int k = 0; k < tb; k++) {
                cb[k] = rnd.nextGaussian();
            }
            Stencil a = Stencil.convolution(n, offsets(-rnd.nextInt(ta), ta), ca);
            Stencil b = Stencil.banded(n, offsets(-(tb / 2), tb), cb, tb / 2 + rnd.nextInt(2), tb - 1 - tb / 2);
            if (n > 2 && rnd.nextBoolean()) {
                b = b.withRow(0, new long[] {0, 1}, new double[] {-1, 1});
            }
            double[][] p = dense(a.times(b));
            double[][] da = dense(a);
            double[][] db = dense(b);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double e = 0;
                    for (int k = 0; k < n; k++) {
                        e += da[i][k] * db[k][j];
                    }
                    assertEquals(e, p[i][j], 1e-12 * (1 + Math.abs(e)), "entry " + i + "," + j + " of " + a + " · " + b);
                }
            }
        }
    }

    @Test
    void longFiltersAreSupportedUpToTheReach() {
        int reach = Stencil.MAX_EXPLICIT_ROWS / 2;
        double[] c = new double[2 * reach + 1];
        java.util.Arrays.fill(c, 1.0);
        Stencil s = Stencil.convolution(3000, offsets(-reach, 2 * reach + 1), c);
        assertEquals(2 * reach + 1, s.columns(1500).length);
        assertEquals(reach + 1, s.columns(0).length, "the first row keeps the taps inside the sequence");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stencil.convolution(3000, offsets(-reach - 1, 2), new double[] {1, 1}));
        assertTrue(e.getMessage().startsWith("offsets: taps reach " + (reach + 1) + " rows back"), e.getMessage());
    }

    /** The many-tap bulk loop equals the row-by-row sums of the same taps in the same order, bit for bit. */
    @Test
    void manyTapKernelIsBitIdenticalToRowByRowSums() {
        Random rnd = new Random(3);
        for (ElementType t : new ElementType[] {ElementType.FLOAT64, ElementType.FLOAT32, ElementType.COMPLEX128}) {
            for (int trial = 0; trial < 20; trial++) {
                int taps = 5 + rnd.nextInt(40);
                int n = 1300 + rnd.nextInt(200);                          // more than one block of the bulk loop
                double[] c = new double[taps];
                for (int k = 0; k < taps; k++) {
                    c[k] = rnd.nextGaussian();
                }
                Stencil s = Stencil.convolution(n, offsets(-taps / 2, taps), c);
                int comp = t.components();
                Buffer x = Engine.host().allocate(t, n);
                Buffer y = Engine.host().allocate(t, n);
                for (int e = 0; e < n * comp; e++) {
                    set(x, e, rnd.nextGaussian());
                }
                boolean acc = rnd.nextBoolean();
                double[] before = new double[n * comp];
                for (int e = 0; e < n * comp; e++) {
                    before[e] = rnd.nextGaussian();
                    set(y, e, before[e]);
                }
                Engine.host().stencils().apply(s, 1, 1, x, 0, y, 0, acc);
                for (int i = 0; i < n; i++) {
                    long[] cols = s.columns(i);
                    double[] w = s.weights(i);
                    for (int q = 0; q < comp; q++) {
                        double expect;
                        if (t.isDoublePrecision()) {
                            double v = w[0] * get(x, cols[0] * comp + q);
                            for (int k = 1; k < cols.length; k++) {
                                v = Math.fma(w[k], get(x, cols[k] * comp + q), v);
                            }
                            expect = acc ? before[i * comp + q] + v : v;
                        } else {
                            float v = (float) w[0] * (float) get(x, cols[0] * comp + q);
                            for (int k = 1; k < cols.length; k++) {
                                v = Math.fma((float) w[k], (float) get(x, cols[k] * comp + q), v);
                            }
                            expect = acc ? (float) before[i * comp + q] + v : v;
                        }
                        assertEquals(expect, get(y, (long) i * comp + q), 0.0, t + " row " + i);
                    }
                }
            }
        }
    }

    private static void set(Buffer b, long e, double v) {
        if (b.hostArray() instanceof double[] d) {
            d[(int) e] = v;
        } else {
            ((float[]) b.hostArray())[(int) e] = (float) v;
        }
    }

    private static double get(Buffer b, long e) {
        return b.hostArray() instanceof double[] d ? d[(int) e] : ((float[]) b.hostArray())[(int) e];
    }
}
