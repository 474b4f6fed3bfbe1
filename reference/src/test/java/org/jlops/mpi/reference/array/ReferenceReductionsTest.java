package org.jlops.mpi.reference.array;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Dots and norms on hand-computed values. */
class ReferenceReductionsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void dots() {
        assertEquals(-3.0, ReferenceReductions.dot(new double[] {1, 2, 3}, new double[] {4, -5, 1}));
        // x = (1 + 2i, 3), y = (2 − i, i): Σ x y = (2 − i + 4i + 2) + 3i = 4 + 6i
        double[] x = {1, 2, 3, 0};
        double[] y = {2, -1, 0, 1};
        assertArrayEquals(new double[] {4, 6}, ReferenceReductions.dotComplex(x, y));
        // Σ conj(x) y = (1 − 2i)(2 − i) + 3i = (2 − i − 4i − 2) + 3i = −2i
        assertArrayEquals(new double[] {0, -2}, ReferenceReductions.vdotComplex(x, y));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceReductions.dot(new double[2], new double[3]));
        assertTrue(e.getMessage().startsWith("y: length 3, expected 2"), e.getMessage());
    }

    @Test
    void vectorNormsOfEveryOrder() {
        double[] x = {3, -4, 0, 1};
        assertClose(Math.sqrt(26), ReferenceReductions.norm(x, 2), 1e-15, 0, "2-norm");
        assertEquals(8.0, ReferenceReductions.norm(x, 1));
        assertEquals(3.0, ReferenceReductions.norm(x, 0));
        assertEquals(4.0, ReferenceReductions.norm(x, INF));
        assertEquals(0.0, ReferenceReductions.norm(x, -INF));
        assertClose(Math.cbrt(27 + 64 + 1), ReferenceReductions.norm(x, 3), 1e-14, 0, "3-norm of |x|");
        assertClose(Math.pow(Math.sqrt(3) + 2 + 1, 2), ReferenceReductions.norm(x, 0.5), 1e-14, 0,
                "p = 0.5 uses |x|^p: finite for negative entries");
        assertEquals(0.0, ReferenceReductions.norm(x, -1), "a zero entry makes the p = −1 norm 0");
        assertEquals(0.0, ReferenceReductions.norm(new double[0], 2));
        assertThrows(IllegalArgumentException.class, () -> ReferenceReductions.norm(new double[0], INF));
        assertThrows(IllegalArgumentException.class, () -> ReferenceReductions.norm(x, Double.NaN));
    }

    @Test
    void complexNormsUseTheModulus() {
        double[] z = {3, 4, 0, 0, 0, -1};   // 3 + 4i, 0, −i
        assertClose(Math.sqrt(26), ReferenceReductions.normComplex(z, 2), 1e-15, 0, "2-norm");
        assertEquals(6.0, ReferenceReductions.normComplex(z, 1));
        assertEquals(2.0, ReferenceReductions.normComplex(z, 0));
        assertEquals(5.0, ReferenceReductions.normComplex(z, INF));
        assertEquals(0.0, ReferenceReductions.normComplex(z, -INF));
        assertClose(Math.cbrt(126), ReferenceReductions.normComplex(z, 3), 1e-14, 0, "3-norm");
        assertThrows(IllegalArgumentException.class, () -> ReferenceReductions.normComplex(new double[3], 2));
    }

    @Test
    void normsAlongAnAxis() {
        // 2 × 3: [[1, -2, 2], [0, 3, -4]]
        double[] a = {1, -2, 2, 0, 3, -4};
        long[] shape = {2, 3};
        assertArrayEquals(new double[] {1, Math.sqrt(13), Math.sqrt(20)}, ReferenceReductions.norm(a, shape, 0, 2));
        assertArrayEquals(new double[] {3, 5}, ReferenceReductions.norm(a, shape, 1, 2));
        assertArrayEquals(new double[] {3, 5}, ReferenceReductions.norm(a, shape, -1, 2));
        assertArrayEquals(new double[] {5, 7}, ReferenceReductions.norm(a, shape, 1, 1));
        assertArrayEquals(new double[] {1, 3, 4}, ReferenceReductions.norm(a, shape, 0, INF));
        assertArrayEquals(new double[] {1, 2, 2}, ReferenceReductions.norm(a, shape, 0, 0));
        // 2 × 2 × 2 along the middle axis: fibres (0,·,0) = (1, 3), (0,·,1) = (2, 4), (1,·,0) = (5, 7), (1,·,1) = (6, 8)
        double[] b = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new double[] {4, 6, 12, 14}, ReferenceReductions.norm(b, new long[] {2, 2, 2}, 1, 1));
        assertArrayEquals(new long[] {2, 2}, ReferenceReductions.reducedShape(new long[] {2, 5, 2}, 1));
        // complex along an axis: [[3+4i, 0], [1, i]] along axis 1
        double[] z = {3, 4, 0, 0, 1, 0, 0, 1};
        assertArrayEquals(new double[] {5, Math.sqrt(2)}, ReferenceReductions.normComplex(z, new long[] {2, 2}, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceReductions.norm(a, new long[] {2, 2}, 0, 2));
        assertTrue(e.getMessage().startsWith("x: length 6, expected 4"), e.getMessage());
    }
}
