package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.DerivativeTesting.rtol;
import static org.jlops.mpi.ops.serial.SerialTesting.check;
import static org.jlops.mpi.ops.serial.SerialTesting.complex;
import static org.jlops.mpi.ops.serial.SerialTesting.matrix;
import static org.jlops.mpi.ops.serial.SerialTesting.real;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The serial algebra ({@link LocalOperators}) against the reference's dense algebra for every
 * dtype and for mixed real/complex operands; the laws {@code (A+B)x = Ax+Bx},
 * {@code (AB)^H = B^H A^H}, {@code (aA)^H = conj(a) A^H}, {@code (A^H)^H = A}; bad arguments.
 */
class LocalOperatorsTest {

    /** A random dense operator and its reference. */
    private record Pair(LocalOperator op, DenseOperator ref) {
    }

    private static Pair dense(DType dt, long seed, int rows, int cols) {
        NdArray a = matrix(dt, seed, rows, cols);
        DenseOperator ref = dt.isComplex() ? ReferenceOperators.matrixMult(complex(a))
                : ReferenceOperators.matrixMult(real(a));
        return new Pair(new MatrixMult(a), ref);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyOperationMatchesTheReference(DType dt) {
        Pair a = dense(dt, 1, 5, 4);
        Pair b = dense(dt, 2, 5, 4);
        Pair c = dense(dt, 3, 4, 6);
        Pair s = dense(dt, 4, 4, 4);
        check(LocalOperators.adjoint(a.op), a.ref.adjoint(), 10, "A.H");
        check(LocalOperators.transpose(a.op), a.ref.transpose(), 11, "A.T");
        check(LocalOperators.conj(a.op), a.ref.conj(), 12, "conj(A)");
        check(LocalOperators.sum(a.op, b.op), a.ref.plus(b.ref), 13, "A + B");
        check(LocalOperators.difference(a.op, b.op), a.ref.minus(b.ref), 14, "A - B");
        check(LocalOperators.scale(a.op, -2.5), a.ref.times(-2.5), 15, "-2.5 A");
        check(LocalOperators.negate(a.op), a.ref.negate(), 16, "-A");
        check(LocalOperators.compose(a.op, c.op), a.ref.compose(c.ref), 17, "A C");
        check(LocalOperators.power(s.op, 3), s.ref.power(3), 18, "S ** 3");
        check(LocalOperators.power(s.op, 2), s.ref.power(2), 19, "S ** 2");
        check(LocalOperators.power(s.op, 0), ReferenceOperators.identity(4), 20, "S ** 0");
        assertSame(s.op, LocalOperators.power(s.op, 1));
        if (dt.isComplex()) {
            check(LocalOperators.scale(a.op, 0.5, -1.5), a.ref.times(0.5, -1.5), 21, "(0.5-1.5j) A");
        } else {
            // a complex scalar makes a real operator complex
            LocalOperator z = LocalOperators.scale(a.op, 0.5, -1.5);
            assertEquals(dt.complexType(), z.dtype());
            check(z, a.ref.times(0.5, -1.5), 21, "(0.5-1.5j) A");
            assertSame(a.op, LocalOperators.conj(a.op));
        }
        // nested: ((A + B)^H C^T)^H
        LocalOperator nested = LocalOperators.adjoint(LocalOperators.compose(
                LocalOperators.adjoint(LocalOperators.sum(a.op, b.op)),
                LocalOperators.transpose(dense(dt, 5, 6, 5).op)));
        DenseOperator nestedRef = a.ref.plus(b.ref).adjoint().compose(dense(dt, 5, 6, 5).ref.transpose()).adjoint();
        check(nested, nestedRef, 22, "nested");
    }

    /** Real and complex operands of one precision mix into the complex type. */
    @Test
    void mixedDtypes() {
        for (DType real : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Pair r = dense(real, 30, 4, 3);
            Pair z = dense(real.complexType(), 31, 4, 3);
            Pair zc = dense(real.complexType(), 32, 3, 4);
            LocalOperator sum = LocalOperators.sum(r.op, z.op);
            assertEquals(real.complexType(), sum.dtype());
            check(sum, r.ref.plus(z.ref), 33, "real + complex");
            check(LocalOperators.difference(z.op, r.op), z.ref.minus(r.ref), 34, "complex - real");
            LocalOperator prod = LocalOperators.compose(r.op, zc.op);
            assertEquals(real.complexType(), prod.dtype());
            check(prod, r.ref.compose(zc.ref), 35, "real * complex");
            check(LocalOperators.compose(zc.op, r.op), zc.ref.compose(r.ref), 36, "complex * real");
        }
        // a derivative (real, any buffers) inside a complex sum
        FirstDerivative d = new FirstDerivative(new long[] {6}, 0);
        Pair z = dense(DType.COMPLEX128, 37, 6, 6);
        check(LocalOperators.sum(d, z.op), ReferenceOperators.firstDerivative(new long[] {6}, 0, 1.0,
                org.jlops.mpi.reference.ops.DerivativeKind.CENTERED, false, 3).plus(z.ref), 38, "D + Z");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void algebraLaws(DType dt) {
        double tol = rtol(dt);
        LocalOperator a = dense(dt, 40, 6, 5).op;
        LocalOperator b = dense(dt, 41, 6, 5).op;
        LocalOperator c = dense(dt, 42, 5, 3).op;
        NdArray x = random(dt, 43, 5);
        NdArray y = random(dt, 44, 6);
        // (A + B) x = A x + B x
        NdArray ax = a.matvec(x);
        NdArray bx = b.matvec(x);
        NdArray sumx = NdArray.zeros(dt, 6);
        for (long k = 0; k < 6; k++) {
            sumx.set(k, ax.re(k) + bx.re(k), ax.im(k) + bx.im(k));
        }
        assertClose(sumx, LocalOperators.sum(a, b).matvec(x), tol, "(A + B) x");
        // (A C)^H y = C^H (A^H y)
        assertClose(LocalOperators.compose(LocalOperators.adjoint(c), LocalOperators.adjoint(a)).matvec(y),
                LocalOperators.adjoint(LocalOperators.compose(a, c)).matvec(y), tol, "(AC)^H = C^H A^H");
        assertClose(c.rmatvec(a.rmatvec(y)), LocalOperators.compose(a, c).rmatvec(y), tol, "(AC)^H y");
        // (alpha A)^H = conj(alpha) A^H
        double re = 0.75;
        double im = dt.isComplex() ? -0.25 : 0;
        NdArray lhs = LocalOperators.adjoint(LocalOperators.scale(a, re, im)).matvec(y);
        NdArray rhs = LocalOperators.scale(LocalOperators.adjoint(a), re, -im).matvec(y);
        assertClose(rhs, lhs, tol, "(aA)^H = conj(a) A^H");
        // (A^H)^H = A, the same instance
        assertSame(a, LocalOperators.adjoint(LocalOperators.adjoint(a)));
        assertClose(a.matvec(x), LocalOperators.adjoint(LocalOperators.adjoint(a)).matvec(x), 0, "(A^H)^H x");
    }

    /** The buffer products of a composite work on ranges inside larger buffers. */
    @Test
    void rangesInsideLargerBuffers() {
        DType dt = DType.COMPLEX128;
        LocalOperator op = LocalOperators.sum(LocalOperators.compose(dense(dt, 50, 4, 3).op, dense(dt, 51, 3, 5).op),
                LocalOperators.scale(dense(DType.FLOAT64, 52, 4, 5).op, 2.0));
        NdArray in = random(dt, 53, 9);
        NdArray out = random(dt, 54, 7);
        NdArray before = out.copy();
        Engine e = Engine.host();
        op.matvec(e.wrap(in.data(), dt.elementType()), 2, e.wrap(out.data(), dt.elementType()), 1);
        assertClose(op.matvec(in.slice(0, 2, 7)), out.slice(0, 1, 5), 0, "range");
        for (long k : new long[] {0, 5, 6}) {
            assertEquals(before.re(k), out.re(k), "entry " + k + " outside the range changed");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void blockOperatorsMatchTheReference(DType dt) {
        Pair a = dense(dt, 70, 3, 4);
        Pair b = dense(dt, 71, 5, 4);
        Pair c = dense(dt, 72, 3, 2);
        Pair e = dense(dt, 73, 0, 4);
        check(LocalOperators.blockDiag(List.of(a.op, b.op, c.op)),
                ReferenceOperators.blockDiag(List.of(a.ref, b.ref, c.ref)), 74, "BlockDiag");
        check(LocalOperators.vstack(List.of(a.op, b.op, e.op, a.op)),
                ReferenceOperators.vstack(List.of(a.ref, b.ref, e.ref, a.ref)), 75, "VStack");
        check(LocalOperators.hstack(List.of(a.op, c.op, a.op)), ReferenceOperators.hstack(List.of(a.ref, c.ref, a.ref)),
                76, "HStack");
        check(LocalOperators.hstack(List.of(c.op)), c.ref, 77, "HStack of one");
        // a real derivative next to dense blocks, and a stack inside the algebra
        FirstDerivative d = new FirstDerivative(new long[] {4}, 0, 1.0, DerivativeKind.CENTERED, false, 3,
                dt.realType());
        DenseOperator dref = ReferenceOperators.firstDerivative(new long[] {4}, 0, 1.0,
                org.jlops.mpi.reference.ops.DerivativeKind.CENTERED, false, 3);
        check(LocalOperators.adjoint(LocalOperators.vstack(List.of(d, a.op))),
                ReferenceOperators.vstack(List.of(dref, a.ref)).adjoint(), 78, "VStack(D, A).H");
    }

    @Test
    void badArguments() {
        LocalOperator a = dense(DType.FLOAT64, 60, 3, 4).op;
        LocalOperator b = dense(DType.FLOAT64, 61, 5, 4).op;
        assertEquals("sum: A of shape (3, 4) and B of shape (5, 4) differ, expected the same shape",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.sum(a, b)).getMessage());
        assertEquals("difference: A of shape (3, 4) and B of shape (5, 4) differ, expected the same shape",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.difference(a, b)).getMessage());
        assertEquals("compose: A of shape (3, 4) and B of shape (5, 4) cannot be composed, A has 4 columns but B "
                + "has 5 rows", assertThrows(IllegalArgumentException.class,
                        () -> LocalOperators.compose(a, b)).getMessage());
        assertEquals("power: A of shape (3, 4) is not square",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.power(a, 2)).getMessage());
        LocalOperator sq = dense(DType.FLOAT64, 62, 3, 3).op;
        assertEquals("p: -1, expected a non-negative power",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.power(sq, -1)).getMessage());
        assertEquals("A: must not be null",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.adjoint(null)).getMessage());
        assertEquals("B: must not be null",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.sum(a, null)).getMessage());
        // a complex result cannot be written into real buffers
        LocalOperator z = LocalOperators.scale(a, 1, 1);
        Engine e = Engine.host();
        Buffer x = e.allocate(DType.FLOAT64.elementType(), 4);
        Buffer y = e.allocate(DType.FLOAT64.elementType(), 3);
        assertEquals("buffers: " + z + " of dtype COMPLEX128 cannot write its results into buffers of type FLOAT64",
                assertThrows(IllegalArgumentException.class, () -> z.matvec(x, 0, y, 0)).getMessage());
        assertEquals("x: the range [1, 5) is outside the buffer of 4 elements",
                assertThrows(IllegalArgumentException.class,
                        () -> LocalOperators.negate(a).matvec(x, 1, y, 0)).getMessage());
        for (DType dt : DTYPES) {
            assertEquals(dt, LocalOperators.negate(dense(dt, 63, 2, 2).op).dtype());
        }
        assertEquals("ops: blockDiag needs at least one operator, got none",
                assertThrows(IllegalArgumentException.class, () -> LocalOperators.blockDiag(List.of())).getMessage());
        assertEquals("vstack: operator 0 of shape (3, 4) and operator 1 of shape (3, 3) have different numbers of "
                + "columns", assertThrows(IllegalArgumentException.class,
                        () -> LocalOperators.vstack(List.of(a, sq))).getMessage());
        assertEquals("hstack: operator 0 of shape (3, 4) and operator 1 of shape (5, 4) have different numbers of "
                + "rows", assertThrows(IllegalArgumentException.class,
                        () -> LocalOperators.hstack(List.of(a, b))).getMessage());
    }
}
