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
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
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

    /** One product on sub-ranges of larger host buffers (see {@link #productInsideLargerBuffers}). */
    record RangeProduct(NdArray expect, NdArray out, NdArray before, long nOut) {
        /** The range of {@code out} the product wrote. */
        NdArray written() {
            return out.slice(0, 2, 2 + nOut);
        }
    }

    /**
     * Applies {@code op} (forward, or adjoint when {@code adjoint}) on host buffers from element 3
     * of a random input 7 elements longer than the operator's input to element 2 of a random output
     * 4 elements longer than its output; keeps the output as it was before, and the host-array
     * product of the input range alone as the expected result.
     */
    static RangeProduct productInsideLargerBuffers(LocalOperator op, DType dt, boolean adjoint) {
        Engine e = Engine.host();
        long nIn = adjoint ? op.rows() : op.cols();
        long nOut = adjoint ? op.cols() : op.rows();
        NdArray in = random(dt, 5, nIn + 7);
        NdArray out = random(dt, 6, nOut + 4);
        NdArray before = out.copy();
        Buffer bi = e.wrap(in.data(), dt.elementType());
        Buffer bo = e.wrap(out.data(), dt.elementType());
        if (adjoint) {
            op.rmatvec(bi, 3, bo, 2);
        } else {
            op.matvec(bi, 3, bo, 2);
        }
        NdArray part = in.slice(0, 3, 3 + nIn);
        NdArray expect = adjoint ? op.rmatvec(part) : op.matvec(part);
        return new RangeProduct(expect, out, before, nOut);
    }
}
