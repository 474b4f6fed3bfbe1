package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

/**
 * What users see in logs and messages and what collections rely on: the texts of shapes, complex
 * scalars, host arrays and distributed vectors; equality and hash codes; the identity of a stack's
 * layout and the small accessors of a stack.
 */
class ArrayTextAndIdentityTest {

    @Test
    void shapesReadLikePython() {
        assertEquals("(7,)", Shapes.str(new long[] {7}));
        assertEquals("(10, 5)", Shapes.str(new long[] {10, 5}));
        assertEquals("()", Shapes.str(new long[0]));
        assertEquals("null", Shapes.str((long[]) null));
        assertEquals("[(3,), (1, 2)]", Shapes.str(new long[][] {{3}, {1, 2}}));
        assertEquals("[]", Shapes.str(new long[0][]));
    }

    @Test
    void complexScalars() {
        assertEquals(new Complex(1.5, -2), new Complex(1.5, 2).conj());
        assertEquals(new Complex(-3, 0), Complex.real(-3));
        assertEquals(new Complex(4, 6), new Complex(1, 2).plus(new Complex(3, 4)));
        assertEquals(5.0, new Complex(3, 4).abs());
        assertEquals("2.5", new Complex(2.5, 0).toString());
        assertEquals("(1.0+2.0j)", new Complex(1, 2).toString());
        assertEquals("(1.0-2.0j)", new Complex(1, -2).toString());
        assertEquals("(1.0NaNj)", new Complex(1, Double.NaN).toString());
        assertEquals("(0.0-0.5j)", new Complex(0, -0.5).toString());
    }

    @Test
    void hostArraysPrintTheirFirstElements() {
        assertEquals("NdArray[FLOAT64 (3,)] [0.0, 1.0, 2.0]", SerialArrays.arange(DType.FLOAT64, 3).toString());
        NdArray c = NdArray.ofComplex128(new double[] {1, 2, 3, 0});
        assertEquals("NdArray[COMPLEX128 (2,)] [(1.0+2.0j), 3.0]", c.toString());
        String ten = SerialArrays.arange(DType.FLOAT32, 2, 5).toString();
        assertTrue(ten.startsWith("NdArray[FLOAT32 (2, 5)] [0.0, 1.0,"), ten);
        assertTrue(ten.endsWith("7.0, ...]"), ten);
        assertEquals("NdArray[FLOAT64 (8,)] [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]",
                SerialArrays.arange(DType.FLOAT64, 8).toString());
        assertEquals("NdArray[FLOAT64 (0,)] []", NdArray.zeros(DType.FLOAT64, 0).toString());
    }

    @Test
    void hostArraysAreEqualByDtypeShapeAndBits() {
        NdArray a = SerialArrays.arange(DType.FLOAT64, 2, 3);
        NdArray b = a.copy();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.reshape(3, 2));
        assertNotEquals(a.hashCode(), a.reshape(3, 2).hashCode());
        assertNotEquals(a, a.astype(DType.FLOAT32));
        assertNotEquals(a.hashCode(), a.astype(DType.COMPLEX128).hashCode());
        b.set(4, 9);
        assertNotEquals(a, b);
        assertNotEquals(a.hashCode(), b.hashCode());
        NdArray f = SerialArrays.arange(DType.FLOAT32, 4);
        NdArray g = f.copy();
        assertEquals(f.hashCode(), g.hashCode());
        g.set(0, -1);
        assertNotEquals(f.hashCode(), g.hashCode());
        assertFalse(a.equals("not an array"));
    }

    @Test
    void complex64ArraysWrapACopy() {
        float[] v = {1, 2, 3, 4, 5, 6};
        NdArray x = NdArray.ofComplex64(v);
        assertArrayEquals(new long[] {3}, x.shape());
        assertEquals(DType.COMPLEX64, x.dtype());
        v[0] = 100;
        assertEquals(1.0, x.re(0));
        assertEquals(6.0, x.im(2));
        NdArray y = NdArray.ofComplex64(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2);
        assertArrayEquals(new long[] {2, 2}, y.shape());
        assertEquals(8.0, y.im(3));
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofComplex64(new float[] {1, 2, 3}, 2));
    }

    @Test
    void wrapChecksTheStorageType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.wrap(DType.FLOAT64, new float[2], 2));
        assertEquals("storage: FLOAT64 is stored in a double[], got float[]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(DType.COMPLEX64, new double[4], 2));
        assertEquals("storage: COMPLEX64 is stored in a float[], got double[]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(DType.FLOAT32, null, 2));
        assertEquals("storage: FLOAT32 is stored in a float[], got null", e.getMessage());
        assertEquals(2.0, NdArray.wrap(DType.FLOAT32, new float[] {1, 2}, 2).re(1));
    }

    @Test
    void astypeNeedsATargetAndCopies() {
        NdArray a = SerialArrays.arange(DType.FLOAT64, 3);
        assertThrows(IllegalArgumentException.class, () -> a.astype(null));
        NdArray same = a.astype(DType.FLOAT64);
        same.set(0, 5);
        assertEquals(0.0, a.re(0), "astype to the same dtype is a copy");
    }

    @Test
    void distributedVectorsDescribeTheirLayout() {
        LocalCluster.run(2, comm -> {
            DistributedArray a = DistributedArray.builder(comm, 4, 3).build();
            String t = a.toString();
            assertEquals("<DistributedArray with global shape=(4, 3), local shape=(2, 3), dtype=FLOAT64, partition=SCATTER,"
                    + " axis=0, processes=[0, 1]>", t);
            DistributedArray m = DistributedArray.builder(comm, 4).mask(0, 1).partition(Partition.SCATTER).build();
            assertTrue(m.toString().contains(", mask=[0, 1], processes=[0, 1]>"), m.toString());
            StackedDistributedArray s = StackedDistributedArray.of(a, StackedDistributedArray.of(m));
            String st = s.toString();
            assertTrue(st.startsWith("<StackedDistributedArray with 2 components:\n  <DistributedArray"), st);
            assertTrue(st.contains("\n  <StackedDistributedArray with 1 components:\n    <DistributedArray"), st);
            assertEquals(comm.rank(), s.rank());
            assertEquals(2, s.size());
            assertTrue(s.livesOn(comm));
        });
    }

    @Test
    void aStacksLayoutIsItsComponentsLayouts() {
        LocalCluster.run(3, comm -> {
            DistributedArray a = DistributedArray.builder(comm, 5).build();
            DistributedArray b = DistributedArray.builder(comm, 4, 2).axis(1).dtype(DType.COMPLEX64).build();
            StackedDistributedArray s = StackedDistributedArray.of(a, b);
            assertEquals("StackedDistributedArray[" + a.layout() + ", " + b.layout() + "]", s.layout());
            StackedDistributedArray same = StackedDistributedArray.of(a.zerosLike(), b.zerosLike());
            StackedDistributedArray swapped = StackedDistributedArray.of(b, a);
            StackedDistributedArray longer = StackedDistributedArray.of(a, b, a);
            StackedDistributedArray nested = StackedDistributedArray.of(a, StackedDistributedArray.of(b));
            assertTrue(s.sameLayout(same));
            assertFalse(s.sameLayout(swapped));
            assertFalse(s.sameLayout(longer));
            assertFalse(s.sameLayout(nested));
            assertFalse(s.sameLayout(a));
            assertEquals(s.layoutFingerprint(), same.layoutFingerprint());
            assertNotEquals(s.layoutFingerprint(), swapped.layoutFingerprint());
            assertNotEquals(s.layoutFingerprint(), longer.layoutFingerprint());
            assertNotEquals(s.layoutFingerprint(), nested.layoutFingerprint());
            assertNotEquals(s.layoutFingerprint(), StackedDistributedArray.of(a).layoutFingerprint());
            assertNotEquals(s.layoutFingerprint(), a.layoutFingerprint());
            assertNotEquals(a.layoutFingerprint(), a.astype(DType.FLOAT32).layoutFingerprint());
            assertNotEquals(a.layoutFingerprint(), DistributedArray.builder(comm, 5).partition(Partition.BROADCAST)
                    .build().layoutFingerprint());
            assertNotEquals(a.layoutFingerprint(), DistributedArray.builder(comm, 5).localSizes(5, 0, 0).build()
                    .layoutFingerprint());
            assertNotEquals(a.layoutFingerprint(), DistributedArray.builder(comm, 5).mask(0, 0, 1).build()
                    .layoutFingerprint());
            assertNotEquals(b.layoutFingerprint(), DistributedArray.builder(comm, 4, 2).axis(0).dtype(DType.COMPLEX64)
                    .build().layoutFingerprint());
        });
    }

    @Test
    void differentMasksOnOneCommunicatorAreCachedApart() {
        LocalCluster.run(4, comm -> {
            int before = Masks.cachedCount(comm);
            DistributedArray.builder(comm, 8).mask(0, 0, 1, 1).build();
            DistributedArray.builder(comm, 8).mask(0, 1, 0, 1).build();
            DistributedArray.builder(comm, 8).mask(new int[] {0, 0, 1, 1}).build();
            assertEquals(before + 2, Masks.cachedCount(comm));
        });
    }
}
