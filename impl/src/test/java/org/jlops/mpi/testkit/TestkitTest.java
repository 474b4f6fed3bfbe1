package org.jlops.mpi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.junit.jupiter.api.Test;

/** The test kit itself against closed forms: its references and checks must be able to fail. */
class TestkitTest {

    @Test
    void normsAndDotsMatchClosedForms() {
        NdArray x = NdArray.ofFloat64(new double[] {3, -4, 0});
        assertEquals(5, SerialArrays.norm(x, 2));
        assertEquals(7, SerialArrays.norm(x, 1));
        assertEquals(4, SerialArrays.norm(x, Double.POSITIVE_INFINITY));
        assertEquals(0, SerialArrays.norm(x, Double.NEGATIVE_INFINITY));
        assertEquals(2, SerialArrays.norm(x, 0));
        // rows (1, 2) and (3, 4): norms along axis 0 are |(1, 3)| and |(2, 4)|
        NdArray m = NdArray.ofFloat64(new double[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new double[] {Math.sqrt(10), Math.sqrt(20)}, SerialArrays.norm(m, 2, 0), 1e-15);
        // (1 + 2i) and (3 - i): dot = 5 + 5i, vdot = conj(1 + 2i)(3 - i) = 1 - 7i
        NdArray a = NdArray.ofComplex128(new double[] {1, 2});
        NdArray b = NdArray.ofComplex128(new double[] {3, -1});
        assertEquals(new Complex(5, 5), SerialArrays.dot(a, b, false));
        assertEquals(new Complex(1, -7), SerialArrays.dot(a, b, true));
    }

    @Test
    void assertCloseFailsOnEveryKindOfMismatch() {
        NdArray x = SerialArrays.arange(DType.COMPLEX128, 2, 3);
        SerialArrays.assertClose(x, x.copy(), 0, "same");
        NdArray off = x.copy();
        off.set(4, x.re(4) * (1 + 1e-9), x.im(4));
        SerialArrays.assertClose(x, off, 1e-8, "within");
        AssertionError e = assertThrows(AssertionError.class, () -> SerialArrays.assertClose(x, off, 1e-10, "w"));
        assertTrue(e.getMessage().startsWith("w: element 4 expected"), e.getMessage());
        assertThrows(AssertionError.class,
                () -> SerialArrays.assertClose(x, SerialArrays.arange(DType.COMPLEX64, 2, 3), 1, "dtype"));
        assertThrows(AssertionError.class,
                () -> SerialArrays.assertClose(x, SerialArrays.arange(DType.COMPLEX128, 3, 2), 1, "shape"));
        assertThrows(AssertionError.class, () -> SerialArrays.assertClose(1.0, 1.1, 0.01, "double"));
        assertThrows(AssertionError.class,
                () -> SerialArrays.assertClose(new Complex(1, 0), new Complex(1, 0.1), 0.01, "complex"));
        assertThrows(AssertionError.class,
                () -> SerialArrays.assertClose(new double[] {1, 2}, NdArray.ofFloat64(new double[] {1}), 1, "size"));
    }

    @Test
    void denseOpAgreesWithItsReference() {
        for (DType t : DType.values()) {
            DenseOp op = DenseOp.random(t, 3, 4, 11);
            DenseOperator ref = op.reference();
            assertEquals(3, ref.rows());
            assertEquals(4, ref.cols());
            NdArray x = NdArray.zeros(t, 4);
            x.set(1, 1, 0);                                  // e_1: A e_1 is column 1
            NdArray y = op.matvec(x);
            NdArray z = op.rmatvec(NdArray.zeros(t, 3));
            double rtol = t.isDoublePrecision() ? 0 : 1e-6;
            for (int i = 0; i < 3; i++) {
                SerialArrays.assertClose(op.matrix().re(i * 4 + 1), y.re(i), rtol, t + " forward re " + i);
                SerialArrays.assertClose(op.matrix().im(i * 4 + 1), y.im(i), rtol, t + " forward im " + i);
            }
            assertEquals(0, SerialArrays.norm(z, 2), t + ": adjoint of zero");
            double[] column = t.isComplex() ? ref.matvecComplex(new double[] {0, 0, 1, 0, 0, 0, 0, 0})
                    : ref.matvec(new double[] {0, 1, 0, 0});
            int c = t.isComplex() ? 2 : 1;
            for (int i = 0; i < 3; i++) {
                assertEquals(op.matrix().re(i * 4 + 1), column[c * i], 0, t + " reference " + i);
            }
        }
        DenseOp nd = new DenseOp(DenseOp.random(DType.FLOAT64, 6, 4, 1).matrix(), new long[] {2, 2},
                new long[] {3, 2});
        assertArrayEquals(new long[] {2, 2}, nd.reference().dims());
        assertArrayEquals(new long[] {3, 2}, nd.reference().dimsd());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenseOp(NdArray.zeros(DType.FLOAT64, 4)));
        assertEquals("a: expected a matrix, got 1 dimensions", e.getMessage());
    }
}
