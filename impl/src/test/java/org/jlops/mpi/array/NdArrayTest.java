package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void storageHasTheDtypesOwnWidth() {
        assertEquals(6, NdArray.zeros(DType.FLOAT32, 2, 3).floats().length);
        assertEquals(6, NdArray.zeros(DType.FLOAT64, 2, 3).doubles().length);
        assertEquals(12, NdArray.zeros(DType.COMPLEX64, 2, 3).floats().length);
        assertEquals(12, NdArray.zeros(DType.COMPLEX128, 2, 3).doubles().length);
        assertEquals(4, DType.FLOAT32.itemSize());
        assertEquals(2 * DType.FLOAT32.itemSize(), DType.FLOAT64.itemSize(), "float32 takes half the memory");
        assertThrows(IllegalStateException.class, () -> NdArray.zeros(DType.FLOAT32, 1).doubles());
    }

    @Test
    void elementsInCOrder() {
        NdArray x = NdArray.ofFloat64(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5, x.index(1, 2));
        assertEquals(5.0, x.re(x.index(1, 2)));
        NdArray c = NdArray.ofComplex128(new double[] {1, 2, 3, 4});
        assertArrayEquals(new long[] {2}, c.shape());
        assertEquals(3.0, c.re(1));
        assertEquals(4.0, c.im(1));
        c.set(0, -1, -2);
        assertEquals(-2.0, c.im(0));
        NdArray f = NdArray.zeros(DType.FLOAT32, 2);
        f.set(1, 0.1, 9);
        assertEquals((float) 0.1, f.re(1));
        assertEquals(0.0, f.im(1), "real dtypes drop the imaginary part");
        NdArray s = NdArray.zeros(DType.FLOAT64);
        assertEquals(0, s.ndim());
        assertEquals(1, s.size());
    }

    @Test
    void reshapeIsAViewAndCopyIsNot() {
        NdArray x = NdArray.ofFloat64(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        NdArray v = x.reshape(3, 2);
        assertSame(x.data(), v.data());
        v.set(0, 9);
        assertEquals(9.0, x.re(0));
        NdArray c = x.copy();
        c.set(0, 7);
        assertEquals(9.0, x.re(0));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
    }

    @Test
    void sliceAndConcatenateInvertEachOther() {
        NdArray x = SerialArrays.arange(DType.COMPLEX64, 3, 4, 5);
        for (int axis = 0; axis < 3; axis++) {
            long n = x.shape()[axis];
            NdArray a = x.slice(axis, 0, 1);
            NdArray b = x.slice(axis, 1, n);
            assertEquals(x, NdArray.concatenate(axis, List.of(a, b)), "axis " + axis);
        }
        NdArray mid = x.slice(1, 1, 3);
        assertArrayEquals(new long[] {3, 2, 5}, mid.shape());
        assertEquals(x.re(x.index(2, 2, 4)), mid.re(mid.index(2, 1, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.concatenate(0, List.of(x, NdArray.zeros(DType.COMPLEX64, 3, 4, 4))));
        assertTrue(e.getMessage().startsWith("parts:"), e.getMessage());
    }

    @Test
    void astypeFollowsNumpyCasting() {
        NdArray c = NdArray.ofComplex128(new double[] {1.5, -2, 1e300, 3});
        NdArray r = c.astype(DType.FLOAT64);
        assertEquals(1.5, r.re(0));
        assertEquals(1e300, r.re(1));
        NdArray f = c.astype(DType.COMPLEX64);
        assertEquals(Float.POSITIVE_INFINITY, f.re(1));
        assertEquals(-2.0, f.im(0));
    }

    @Test
    void equalityIsBitwise() {
        NdArray a = NdArray.ofFloat64(new double[] {0.0, Double.NaN});
        NdArray b = NdArray.ofFloat64(new double[] {0.0, Double.NaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, NdArray.ofFloat64(new double[] {-0.0, Double.NaN}));
        assertNotEquals(a, a.astype(DType.FLOAT32));
        assertTrue(a.toString().contains("FLOAT64 (2,)"), a.toString());
    }

    @Test
    void badArgumentsNameTheParameter() {
        assertEquals("shape", param(() -> NdArray.zeros(DType.FLOAT64, -1)));
        assertEquals("shape", param(() -> NdArray.zeros(DType.COMPLEX128, 1L << 30, 2)));
        assertEquals("dtype", param(() -> NdArray.zeros(null, 1)));
        assertEquals("storage", param(() -> NdArray.wrap(DType.FLOAT32, new double[2], 2)));
        assertEquals("storage", param(() -> NdArray.wrap(DType.COMPLEX128, new double[2], 2)));
        assertEquals("idx", param(() -> NdArray.zeros(DType.FLOAT64, 2, 2).index(2, 0)));
        assertEquals("flat", param(() -> NdArray.zeros(DType.FLOAT64, 2).re(2)));
        assertEquals("axis", param(() -> NdArray.zeros(DType.FLOAT64, 2).slice(1, 0, 1)));
        assertEquals("from/to", param(() -> NdArray.zeros(DType.FLOAT64, 2).slice(0, 1, 3)));
    }

    private static String param(Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        return e.getMessage().substring(0, e.getMessage().indexOf(':'));
    }
}
