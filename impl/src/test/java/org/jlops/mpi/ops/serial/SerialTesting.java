package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.apply;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertDotsClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.DerivativeTesting.rtol;
import static org.jlops.mpi.ops.serial.DerivativeTesting.vdot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.reference.ops.DenseOperator;

/**
 * Helpers of the tests of the basic serial operators and of the serial algebra: EJML copies of
 * host matrices, and the comparison of an operator with its dense reference (forward and adjoint,
 * on real and complex input, plus a dot-test).
 */
final class SerialTesting {

    private SerialTesting() {
    }

    /** The real EJML matrix of a real 2-d host array (single precision widened). */
    static DMatrixRMaj real(NdArray a) {
        int r = (int) a.shape(0);
        int c = (int) a.shape(1);
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        for (int k = 0; k < r * c; k++) {
            m.data[k] = a.re(k);
        }
        return m;
    }

    /** The complex EJML matrix of a 2-d host array. */
    static ZMatrixRMaj complex(NdArray a) {
        int r = (int) a.shape(0);
        int c = (int) a.shape(1);
        ZMatrixRMaj m = new ZMatrixRMaj(r, c);
        for (int k = 0; k < r * c; k++) {
            m.data[2 * k] = a.re(k);
            m.data[2 * k + 1] = a.im(k);
        }
        return m;
    }

    /** A random {@code rows x cols} matrix of {@code dtype}. */
    static NdArray matrix(DType dtype, long seed, long rows, long cols) {
        return random(dtype, seed, rows * cols).reshape(rows, cols);
    }

    /**
     * Compares {@code op} with {@code reference} forward and adjoint (output dtype, shapes), on
     * input of the operator's dtype and, for a real operator, on complex input too; plus a dot-test.
     */
    static void check(LocalOperator op, DenseOperator reference, long seed, String what) {
        DType dt = op.dtype();
        assertEquals(reference.rows(), op.rows(), what + ": rows");
        assertEquals(reference.cols(), op.cols(), what + ": cols");
        assertArrayEquals(reference.dims(), op.dims(), what + ": dims");
        assertArrayEquals(reference.dimsd(), op.dimsd(), what + ": dimsd");
        checkProducts(op, reference, seed, what);
        NdArray y = random(dt, seed + 1, op.rows());
        assertEquals(dt, op.rmatvec(y).dtype(), what + ": adjoint output dtype");
    }

    /**
     * Compares {@code op} with {@code reference} forward and adjoint (the forward output dtype),
     * on input of the operator's dtype and, for a real operator, on complex input too (a real
     * operator on complex data acts on the real and imaginary parts); plus a dot-test.
     */
    static void checkProducts(LocalOperator op, DenseOperator reference, long seed, String what) {
        DType dt = op.dtype();
        NdArray x = random(dt, seed, op.cols());
        NdArray y = random(dt, seed + 1, op.rows());
        NdArray ax = op.matvec(x);
        NdArray ahy = op.rmatvec(y);
        assertEquals(dt, ax.dtype(), what + ": output dtype");
        assertClose(apply(reference, x, false), ax, rtol(dt), what + " forward");
        assertClose(apply(reference, y, true), ahy, rtol(dt), what + " adjoint");
        assertDotsClose(vdot(ax, y), vdot(x, ahy), dt.isDoublePrecision() ? 1e-12 : 1e-4, what + " dot-test");
        if (!dt.isComplex()) {
            NdArray xc = random(dt.complexType(), seed + 2, op.cols());
            NdArray yc = random(dt.complexType(), seed + 3, op.rows());
            NdArray axc = op.matvec(xc);
            assertEquals(dt.complexType(), axc.dtype(), what + ": complex output dtype");
            assertClose(apply(reference, xc, false), axc, rtol(dt), what + " forward on complex input");
            assertClose(apply(reference, yc, true), op.rmatvec(yc), rtol(dt), what + " adjoint on complex input");
        }
    }
}
