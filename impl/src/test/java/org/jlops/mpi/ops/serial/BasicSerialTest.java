package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.DerivativeTesting.size;
import static org.jlops.mpi.ops.serial.SerialTesting.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;

/**
 * {@link Diagonal}, {@link Identity} and {@link Zero} against dense EJML matrices built from their
 * definitions, for every dtype, real and complex diagonals broadcast along every axis, square and
 * rectangular identities; closed forms; bad arguments.
 */
class BasicSerialTest {

    private static final long[][] DIMS = {{0}, {1}, {7}, {4, 5}, {3, 4, 2}, {2, 1, 3}};

    /** The dense matrix of a (possibly complex) diagonal broadcast along {@code axis} of {@code dims}. */
    private static DenseOperator diagonalReference(NdArray d, long[] dims, int axis) {
        int total = (int) size(dims);
        long inner = 1;
        for (int k = axis + 1; k < dims.length; k++) {
            inner *= dims[k];
        }
        ZMatrixRMaj a = new ZMatrixRMaj(total, total);
        for (int p = 0; p < total; p++) {
            long i = (p / inner) % dims[axis]; // the index along the axis of flat position p
            a.set(p, p, d.re(i), d.im(i));
        }
        return DenseOperator.of(a, dims, dims);
    }

    @Test
    void diagonalMatchesTheReference() {
        long seed = 1;
        for (long[] dims : DIMS) {
            for (int axis = 0; axis < dims.length; axis++) {
                for (DType dt : DTYPES) {
                    for (boolean complexDiag : new boolean[] {false, true}) {
                        if (complexDiag && !dt.isComplex()) {
                            continue;
                        }
                        seed += 5;
                        DType ddt = complexDiag ? dt : dt.realType();
                        NdArray d = random(ddt, seed, dims[axis]);
                        int arg = seed % 2 == 0 ? axis : axis - dims.length;
                        Diagonal op = new Diagonal(d, dims, arg, dt);
                        assertEquals(axis, op.axis());
                        check(op, diagonalReference(d, dims, axis), seed, op + " complexDiag=" + complexDiag);
                    }
                }
            }
        }
    }

    /** Without dims, a real diagonal is the reference's diag(d); a complex one conjugates in the adjoint. */
    @Test
    void plainDiagonal() {
        double[] d = {2, -1, 0.5, 3};
        Diagonal op = new Diagonal(NdArray.ofFloat64(d));
        assertArrayEquals(new long[] {4}, op.dims());
        check(op, ReferenceOperators.diagonal(d), 3, op.toString());
        check(new Diagonal(NdArray.ofFloat64(d).astype(DType.FLOAT32)), ReferenceOperators.diagonal(d), 4, "float32");
        double[] z = {1, 2, 0, -1, 3, 0.5};
        Diagonal zop = new Diagonal(NdArray.ofComplex128(z));
        check(zop, ReferenceOperators.diagonalComplex(z), 5, zop.toString());
        // (1+2i) * 1 = 1+2i forward, conj(1+2i) * 1 = 1-2i adjoint
        NdArray ones = NdArray.ofComplex128(new double[] {1, 0, 1, 0, 1, 0});
        assertEquals(2, zop.matvec(ones).im(0), 0);
        assertEquals(-2, zop.rmatvec(ones).im(0), 0);
        assertArrayEquals(z, zop.diagonal().doubles(), 0);
    }

    /** The product may be done in place (y the same range as x). */
    @Test
    void diagonalInPlace() {
        NdArray d = random(DType.COMPLEX128, 1, 6);
        Diagonal op = new Diagonal(d, new long[] {6, 2}, 0, DType.COMPLEX128);
        NdArray x = random(DType.COMPLEX128, 2, 12);
        NdArray expect = op.matvec(x);
        Buffer b = Engine.host().wrap(x.data(), DType.COMPLEX128.elementType());
        op.matvec(b, 0, b, 0);
        DerivativeTesting.assertClose(expect, x, 0, "in place");
    }

    @Test
    void identityMatchesTheReference() {
        long seed = 100;
        for (int n : new int[] {0, 1, 4, 7}) {
            for (int m : new int[] {0, 1, 4, 7}) {
                for (DType dt : DTYPES) {
                    Identity op = new Identity(n, m, dt);
                    check(op, ReferenceOperators.identity(n, m), seed++, op.toString());
                }
            }
        }
        Identity sq = new Identity(5);
        assertEquals(DType.FLOAT64, sq.dtype());
        check(sq, ReferenceOperators.identity(5), 9, "square");
    }

    /** N < M crops forward and pads the adjoint; N > M pads forward and crops the adjoint. */
    @Test
    void identityCropsAndPads() {
        NdArray x = NdArray.ofFloat64(new double[] {1, 2, 3, 4, 5});
        Identity crop = new Identity(3, 5, DType.FLOAT64);
        assertArrayEquals(new double[] {1, 2, 3}, crop.matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {1, 2, 3, 0, 0}, crop.rmatvec(NdArray.ofFloat64(new double[] {1, 2, 3}))
                .doubles(), 0);
        Identity pad = new Identity(7, 5, DType.FLOAT64);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 0, 0}, pad.matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5},
                pad.rmatvec(NdArray.ofFloat64(new double[] {1, 2, 3, 4, 5, 6, 7})).doubles(), 0);
    }

    @Test
    void zeroMatchesTheReference() {
        long seed = 200;
        for (int n : new int[] {0, 1, 3}) {
            for (int m : new int[] {0, 2, 5}) {
                for (DType dt : DTYPES) {
                    Zero op = new Zero(n, m, dt);
                    NdArray x = random(dt, seed++, m);
                    assertEquals(n, op.matvec(x).size());
                    for (long k = 0; k < n; k++) {
                        assertEquals(0, op.matvec(x).re(k), 0);
                    }
                    if (n > 0 && m > 0) {
                        check(op, DenseOperator.of(new DMatrixRMaj(n, m)), seed++, op.toString());
                    }
                }
            }
        }
    }

    /** The output range of the buffer products is fully overwritten, also where the forward pads. */
    @Test
    void outputsAreOverwritten() {
        Engine e = Engine.host();
        double[] y = {9, 9, 9, 9, 9, 9};
        Buffer by = e.wrap(y, DType.FLOAT64.elementType());
        Buffer bx = e.wrap(new double[] {1, 2}, DType.FLOAT64.elementType());
        new Identity(4, 2, DType.FLOAT64).matvec(bx, 0, by, 1);
        assertArrayEquals(new double[] {9, 1, 2, 0, 0, 9}, y, 0);
        new Zero(3, 2, DType.FLOAT64).matvec(bx, 0, by, 2);
        assertArrayEquals(new double[] {9, 1, 0, 0, 0, 9}, y, 0);
    }

    /** A real diagonal along an axis agrees with the reference's alongAxis(diag(d)). */
    @Test
    void diagonalAlongAxisMatchesAlongAxis() {
        double[] d = {1, -2, 3};
        long[] dims = {2, 3, 4};
        DenseOperator ref = ReferenceOperators.alongAxis(CommonOps_DDRM.diag(d), dims, 1);
        check(new Diagonal(NdArray.ofFloat64(d), dims, 1, DType.FLOAT64), ref, 7, "alongAxis");
    }

    /** Conj conjugates complex data forward and adjoint (also at a real dtype), and copies real data. */
    @Test
    void conjugation() {
        long seed = 300;
        for (DType dt : DTYPES) {
            Conj op = new Conj(new long[] {3, 4}, dt);
            assertArrayEquals(new long[] {3, 4}, op.dimsd());
            for (DType in : new DType[] {dt, dt.complexType()}) {
                NdArray x = random(in, seed++, 12);
                for (boolean adjoint : new boolean[] {false, true}) {
                    NdArray y = adjoint ? op.rmatvec(x) : op.matvec(x);
                    assertEquals(in, y.dtype());
                    for (long k = 0; k < 12; k++) {
                        assertEquals(x.re(k), y.re(k), 0, op + " re " + k);
                        assertEquals(-x.im(k), y.im(k), 0, op + " im " + k);
                    }
                }
            }
        }
        // in a chain: conj(A) = Conj A Conj for a complex A
        NdArray a = SerialTesting.matrix(DType.COMPLEX128, 301, 3, 3);
        MatrixMult am = new MatrixMult(a);
        Conj c = new Conj(new long[] {3}, DType.COMPLEX128);
        NdArray x = random(DType.COMPLEX128, 302, 3);
        DerivativeTesting.assertClose(LocalOperators.conj(am).matvec(x),
                LocalOperators.compose(c, LocalOperators.compose(am, c)).matvec(x), 1e-15, "Conj A Conj");
    }

    @Test
    void badArguments() {
        NdArray d = NdArray.ofFloat64(new double[] {1, 2, 3});
        assertEquals("d: must not be null", assertThrows(IllegalArgumentException.class,
                () -> new Diagonal(null)).getMessage());
        assertEquals("dims: [4, 5] has 5 entries along axis 1 but d has 3", assertThrows(
                IllegalArgumentException.class, () -> new Diagonal(d, new long[] {4, 5}, -1, DType.FLOAT64))
                .getMessage());
        assertEquals("axis: 2 is out of range for 2 dimensions, expected [-2, 2)", assertThrows(
                IllegalArgumentException.class, () -> new Diagonal(d, new long[] {3, 5}, 2, DType.FLOAT64))
                .getMessage());
        assertEquals("dtype: FLOAT32 cannot hold the complex diagonal d of dtype COMPLEX128", assertThrows(
                IllegalArgumentException.class, () -> new Diagonal(d.astype(DType.COMPLEX128), null, 0,
                        DType.FLOAT32)).getMessage());
        assertEquals("dtype: must not be null", assertThrows(IllegalArgumentException.class,
                () -> new Diagonal(d, null, 0, null)).getMessage());
        assertEquals("n, m: (-1, 2) must not be negative", assertThrows(IllegalArgumentException.class,
                () -> new Identity(-1, 2, DType.FLOAT64)).getMessage());
        assertEquals("n, m: (2, -3) must not be negative", assertThrows(IllegalArgumentException.class,
                () -> new Zero(2, -3, DType.FLOAT64)).getMessage());
        Engine e = Engine.host();
        Buffer c64 = e.allocate(DType.COMPLEX64.elementType(), 3);
        assertEquals("buffers: Diagonal of dtype FLOAT64 cannot work on buffers of type COMPLEX64, expected FLOAT64 "
                + "or COMPLEX128", assertThrows(IllegalArgumentException.class,
                        () -> new Diagonal(d).matvec(c64, 0, c64, 0)).getMessage());
        Buffer f = e.allocate(DType.FLOAT64.elementType(), 3);
        assertEquals("buffers: Identity of dtype COMPLEX128 cannot work on buffers of type FLOAT64, expected "
                + "COMPLEX128", assertThrows(IllegalArgumentException.class,
                        () -> new Identity(3, 3, DType.COMPLEX128).matvec(f, 0, f, 0)).getMessage());
        assertEquals("x: the range [1, 4) is outside the buffer of 3 elements", assertThrows(
                IllegalArgumentException.class, () -> new Identity(3).matvec(f, 1, f, 0)).getMessage());
    }
}
