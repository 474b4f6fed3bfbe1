package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The host kernels against element-by-element recomputation, for every element type. */
class HostEngineTest {

    private static final Engine E = Engine.host();
    /** Lengths around the unrolling and blocking boundaries. */
    private static final int[] LENGTHS = {0, 1, 3, 4, 5, 511, 512, 1023, 1024, 1025, 3001};

    private static Buffer random(ElementType t, int n, long seed) {
        Random rnd = new Random(seed);
        Buffer b = E.allocate(t, n);
        for (int k = 0; k < n * t.components(); k++) {
            set(b, k, rnd.nextGaussian() * 10);
        }
        return b;
    }

    private static double get(Buffer b, int entry) {
        Object a = b.hostArray();
        return a instanceof double[] d ? d[entry] : ((float[]) a)[entry];
    }

    private static void set(Buffer b, int entry, double v) {
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            d[entry] = v;
        } else {
            ((float[]) a)[entry] = (float) v;
        }
    }

    private static double tol(ElementType t) {
        return t.isDoublePrecision() ? 1e-13 : 1e-5;
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void storageWidth(ElementType t) {
        Buffer b = E.allocate(t, 10);
        assertEquals(10, b.length());
        assertEquals(10L * t.byteSize(), b.segment().byteSize());
        assertEquals(t.isDoublePrecision() ? double[].class : float[].class, b.hostArray().getClass());
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void elementWiseKernels(ElementType t) {
        for (int n : LENGTHS) {
            Buffer x = random(t, n, 1), y = random(t, n, 2), out = E.allocate(t, n);
            int c = t.components();
            E.add(x, y, out);
            for (int k = 0; k < n * c; k++) {
                assertEquals(round(t, get(x, k) + get(y, k)), get(out, k), "add");
            }
            E.subtract(x, y, out);
            for (int k = 0; k < n * c; k++) {
                assertEquals(round(t, get(x, k) - get(y, k)), get(out, k), "subtract");
            }
            E.negate(x, out);
            for (int k = 0; k < n * c; k++) {
                assertEquals(-get(x, k), get(out, k), "negate");
            }
            E.multiply(x, y, out);
            for (int k = 0; k < n; k++) {
                double xr = get(x, c * k), yr = get(y, c * k);
                double xi = c == 2 ? get(x, 2 * k + 1) : 0, yi = c == 2 ? get(y, 2 * k + 1) : 0;
                assertEquals(xr * yr - xi * yi, get(out, c * k), tol(t) * (Math.abs(xr * yr) + Math.abs(xi * yi)),
                        "multiply re");
                if (c == 2) {
                    assertEquals(xr * yi + xi * yr, get(out, 2 * k + 1),
                            tol(t) * (Math.abs(xr * yi) + Math.abs(xi * yr)), "multiply im");
                }
            }
            Buffer s = E.allocate(t, n);
            E.scale(x, 1.5, -0.5, s);
            for (int k = 0; k < n; k++) {
                double xr = get(x, c * k), xi = c == 2 ? get(x, 2 * k + 1) : 0;
                double er = c == 2 ? 1.5 * xr + 0.5 * xi : 1.5 * xr;
                assertEquals(er, get(s, c * k), tol(t) * (Math.abs(xr) + Math.abs(xi)), "scale re");
                if (c == 2) {
                    assertEquals(1.5 * xi - 0.5 * xr, get(s, 2 * k + 1), tol(t) * (Math.abs(xr) + Math.abs(xi)));
                }
            }
            E.conj(x, out);
            for (int k = 0; k < n * c; k++) {
                assertEquals(c == 2 && k % 2 == 1 ? -get(x, k) : get(x, k), get(out, k), "conj");
            }
        }
    }

    private static double round(ElementType t, double v) {
        return t.isDoublePrecision() ? v : (float) v;
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void inPlaceKernelsMayAliasTheirInputs(ElementType t) {
        Buffer x = random(t, 1001, 3), y = random(t, 1001, 4);
        Buffer expected = E.allocate(t, 1001);
        E.multiply(x, y, expected);
        E.multiply(x, y, x);
        assertArrayEquals(entries(expected), entries(x));
        E.add(y, y, y);
        E.scale(y, 0.5, 0, y);
        assertArrayEquals(entries(random(t, 1001, 4)), entries(y));
    }

    private static double[] entries(Buffer b) {
        double[] out = new double[(int) b.length() * b.type().components()];
        for (int k = 0; k < out.length; k++) {
            out[k] = get(b, k);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void dotProducts(ElementType t) {
        for (int n : LENGTHS) {
            Buffer x = random(t, n + 3, 5), y = random(t, n + 5, 6);
            for (boolean conj : new boolean[] {false, true}) {
                double[] acc = {1, 2};
                E.dot(x, 3, y, 5, n, conj, acc);
                double re = 1, im = 2, scale = 0;
                int c = t.components();
                for (int k = 0; k < n; k++) {
                    double xr = get(x, c * (k + 3)), yr = get(y, c * (k + 5));
                    double xi = c == 2 ? (conj ? -1 : 1) * get(x, 2 * (k + 3) + 1) : 0;
                    double yi = c == 2 ? get(y, 2 * (k + 5) + 1) : 0;
                    re += xr * yr - xi * yi;
                    im += xr * yi + xi * yr;
                    scale += Math.abs(xr * yr) + Math.abs(xi * yi) + Math.abs(xr * yi) + Math.abs(xi * yr);
                }
                assertEquals(re, acc[0], 1e-13 * (scale + 3), t + " dot re, n " + n);
                assertEquals(im, acc[1], 1e-13 * (scale + 3), t + " dot im, n " + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void reductions(ElementType t) {
        for (int n : LENGTHS) {
            Buffer x = random(t, n + 2, 7);
            if (n > 3) {
                set(x, t.components() * 4, 0); // an element with a zero real part
            }
            for (Reduction r : Reduction.values()) {
                double p = 3;
                double expected = r.identity();
                for (int k = 2; k < n + 2; k++) {
                    double re = get(x, t.components() * k);
                    double im = t.isComplex() ? get(x, 2 * k + 1) : 0;
                    double a = Math.hypot(re, im);
                    double f = switch (r) {
                        case COUNT_NONZERO -> re != 0 || im != 0 ? 1 : 0;
                        case SUM_SQUARES -> a * a;
                        case SUM_POW -> Math.pow(a, p);
                        default -> a;
                    };
                    expected = r.combine(expected, f);
                }
                double got = E.reduce(x, 2, n, r, p);
                assertEquals(expected, got, 1e-13 * Math.abs(expected), t + " " + r + " n " + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void axisReductions(ElementType t) {
        int[][] shapes = {{3, 5, 1}, {1, 7, 4}, {2, 3, 2000}, {4, 0, 3}, {0, 3, 2}};
        for (int[] s : shapes) {
            Buffer x = random(t, s[0] * s[1] * s[2], 8);
            for (Reduction r : Reduction.values()) {
                double[] out = new double[s[0] * s[2]];
                E.reduceAxis(x, s[0], s[1], s[2], r, 1.5, out);
                for (int o = 0; o < s[0]; o++) {
                    for (int i = 0; i < s[2]; i++) {
                        double expected = r.identity();
                        for (int a = 0; a < s[1]; a++) {
                            double part = E.reduce(x, ((long) o * s[1] + a) * s[2] + i, 1, r, 1.5);
                            expected = r.combine(expected, part);
                        }
                        assertEquals(expected, out[o * s[2] + i], 1e-13 * Math.abs(expected), t + " " + r);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void axpyAndAypx(ElementType t) {
        for (int n : LENGTHS) {
            Buffer x = random(t, n, 11), y = random(t, n, 12);
            Buffer y0 = E.copyOf(y);
            Buffer sx = E.allocate(t, n);
            E.scale(x, 0.75, -2, sx);
            Buffer expected = E.allocate(t, n);
            E.add(y0, sx, expected);
            E.axpy(0.75, -2, x, y);
            assertClose(expected, y, tol(t) * 100, t + " axpy");
            Buffer sy = E.allocate(t, n);
            E.scale(y, -0.5, 1, sy);
            E.add(x, sy, expected);
            E.aypx(-0.5, 1, x, y);
            assertClose(expected, y, tol(t) * 100, t + " aypx");
        }
    }

    private static void assertClose(Buffer expected, Buffer actual, double tol, String what) {
        double[] e = entries(expected), a = entries(actual);
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], tol * (1 + Math.abs(e[k])), what + " entry " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void nanAndInfinityPropagateAsInNumpy(ElementType t) {
        for (int n : new int[] {1, 9, 2000}) {
            Buffer x = random(t, n, 13);
            set(x, t.components() * (n / 2), Double.POSITIVE_INFINITY);
            assertEquals(Double.POSITIVE_INFINITY, E.reduce(x, 0, n, Reduction.MAX_ABS, 0), t + " max with inf");
            assertEquals(Double.POSITIVE_INFINITY, E.reduce(x, 0, n, Reduction.SUM_SQUARES, 0));
            set(x, t.components() * (n - 1), Double.NaN);
            for (Reduction r : Reduction.values()) {
                double v = E.reduce(x, 0, n, r, 2.5);
                assertTrue(r == Reduction.COUNT_NONZERO ? !Double.isNaN(v) : Double.isNaN(v), t + " " + r + " with NaN: " + v);
            }
            double[] acc = new double[2];
            E.dot(x, 0, x, 0, n, false, acc);
            assertTrue(Double.isNaN(acc[0]));
        }
    }

    @Test
    void copyRowsSlicesAndAssembles() {
        Buffer src = E.allocate(ElementType.COMPLEX128, 12); // 3 x 4 complex
        for (int k = 0; k < 24; k++) {
            set(src, k, k);
        }
        Buffer dst = E.allocate(ElementType.COMPLEX128, 6); // columns 1..2 of each row
        E.copyRows(src, 1, 4, dst, 0, 2, 3, 2);
        assertArrayEquals(new double[] {2, 3, 4, 5, 10, 11, 12, 13, 18, 19, 20, 21}, entries(dst));
        E.fill(dst, 1, 2, 7, 8);
        assertArrayEquals(new double[] {2, 3, 7, 8, 7, 8, 12, 13, 18, 19, 20, 21}, entries(dst));
    }

    @Test
    void wrapSharesStorageAndChecksIt() {
        double[] d = new double[4];
        Buffer b = E.wrap(d, ElementType.COMPLEX128);
        assertEquals(2, b.length());
        assertSame(d, b.hostArray());
        assertThrows(IllegalArgumentException.class, () -> E.wrap(new double[3], ElementType.COMPLEX128));
        assertThrows(IllegalArgumentException.class, () -> E.wrap(new float[3], ElementType.FLOAT64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> E.allocate(ElementType.COMPLEX128, 1L << 30));
        assertTrue(e.getMessage().startsWith("length:") && e.getMessage().contains("use more ranks"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> E.add(E.allocate(ElementType.FLOAT64, 2),
                E.allocate(ElementType.FLOAT32, 2), E.allocate(ElementType.FLOAT64, 2)));
        assertThrows(IllegalArgumentException.class, () -> E.add(E.allocate(ElementType.FLOAT64, 2),
                E.allocate(ElementType.FLOAT64, 3), E.allocate(ElementType.FLOAT64, 2)));
        assertThrows(IllegalArgumentException.class, () -> E.reduce(E.allocate(ElementType.FLOAT64, 2), 1, 2,
                Reduction.SUM_ABS, 0));
    }

    @Test
    void complexModulusAvoidsOverflowAndUnderflow() {
        assertEquals(5e300, HostKernels.cabs(3e300, 4e300), 1e286);
        assertEquals(5e-300, HostKernels.cabs(3e-300, 4e-300), 1e-314);
        assertEquals(5.0, HostKernels.cabs(3, -4));
        assertTrue(Double.isNaN(HostKernels.cabs(Double.NaN, 1)));
    }
}
