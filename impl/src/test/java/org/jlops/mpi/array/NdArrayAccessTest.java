package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Element access by multi-index and the conversions from and to {@code double[][]}. */
class NdArrayAccessTest {

    @Test
    void getReadsTheCOrderElement() {
        NdArray a = NdArray.ofFloat64(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5.0, a.get(1, 2));
        assertEquals(3.0, a.get(1, 0));
        assertEquals(new Complex(1, 0), a.getComplex(0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.get(2, 0));
        assertEquals("idx: index 2 is out of range for axis 0 of size 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.get(1));
    }

    @Test
    void complexArraysGiveBothParts() {
        NdArray z = NdArray.ofComplex128(new double[] {1, 2, 3, 4}, 2);
        assertEquals(new Complex(3, 4), z.getComplex(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.get(1));
        assertEquals("get: this array is COMPLEX128; getComplex gives both parts", e.getMessage());
    }

    @Test
    void rowsRoundTrip() {
        double[][] rows = {{1, 2, 3}, {4, 5, 6}};
        NdArray a = NdArray.of(rows);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(DType.FLOAT64, a.dtype());
        assertEquals(6.0, a.get(1, 2));
        rows[0][0] = 99;                                   // a copy
        assertEquals(1.0, a.get(0, 0));
        double[][] back = a.toRows();
        assertArrayEquals(new double[] {1, 2, 3}, back[0]);
        assertArrayEquals(new double[] {4, 5, 6}, back[1]);
        assertArrayEquals(new double[] {0.5f, 2}, NdArray.ofFloat32(new float[] {0.5f, 2}, 1, 2).toRows()[0]);
    }

    @Test
    void badRowsAndShapesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.of(new double[][] {{1, 2}, {3}}));
        assertEquals("rows: row 1 has 1 values, row 0 has 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(null));
        assertThrows(IllegalStateException.class, () -> NdArray.ofFloat64(new double[] {1, 2}, 2).toRows());
        assertArrayEquals(new long[] {0, 0}, NdArray.of(new double[0][]).shape());
    }
}
