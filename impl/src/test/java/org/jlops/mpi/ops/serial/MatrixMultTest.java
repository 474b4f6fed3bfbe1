package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.SerialTesting.check;
import static org.jlops.mpi.ops.serial.SerialTesting.complex;
import static org.jlops.mpi.ops.serial.SerialTesting.matrix;
import static org.jlops.mpi.ops.serial.SerialTesting.productInsideLargerBuffers;
import static org.jlops.mpi.ops.serial.SerialTesting.real;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.serial.SerialTesting.RangeProduct;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MatrixMult} against the EJML reference ({@code A} or {@code A ⊗ I_K}) for every dtype,
 * empty and rectangular matrices and several {@code otherdims}; the BLAS and plain-loop paths
 * against each other; ranges inside larger buffers; bad arguments.
 */
class MatrixMultTest {

    private static final long[][] SHAPES = {{0, 3}, {3, 0}, {1, 1}, {5, 3}, {3, 7}, {12, 12}, {40, 17}};
    private static final long[][] OTHERDIMS = {null, {1}, {4}, {2, 3}, {0}};

    private static long product(long[] d) {
        long p = 1;
        for (long v : d == null ? new long[0] : d) {
            p *= v;
        }
        return p;
    }

    @Test
    void matchesTheReference() {
        long seed = 1;
        for (long[] s : SHAPES) {
            for (long[] od : OTHERDIMS) {
                for (DType dt : DTYPES) {
                    seed += 10;
                    NdArray a = matrix(dt, seed, s[0], s[1]);
                    MatrixMult op = new MatrixMult(a, od, dt);
                    int k = (int) product(od);
                    DenseOperator ref = dt.isComplex() ? ReferenceOperators.matrixMult(complex(a), Math.max(k, 1))
                            : ReferenceOperators.matrixMult(real(a), Math.max(k, 1));
                    long[] lead = {s[1]};
                    long[] leadD = {s[0]};
                    if (od != null) {
                        lead = concat(s[1], od);
                        leadD = concat(s[0], od);
                    }
                    if (k == 0) {
                        // A ⊗ I_0 is empty: only the shapes and the empty products can be compared
                        assertEquals(0, op.rows());
                        assertEquals(0, op.cols());
                        assertArrayEquals(lead, op.dims());
                        assertEquals(0, op.matvec(NdArray.zeros(dt, 0)).size());
                        continue;
                    }
                    check(op, ref.withShapes(lead, leadD), seed, op.toString());
                }
            }
        }
    }

    private static long[] concat(long lead, long[] rest) {
        long[] d = new long[rest.length + 1];
        d[0] = lead;
        System.arraycopy(rest, 0, d, 1, rest.length);
        return d;
    }

    /** A real matrix made complex by the dtype argument is the same product in complex arithmetic. */
    @Test
    void realMatrixWithComplexDtype() {
        NdArray a = matrix(DType.FLOAT64, 3, 6, 4);
        MatrixMult op = new MatrixMult(a, new long[] {2}, DType.COMPLEX128);
        assertEquals(DType.COMPLEX128, op.dtype());
        assertEquals(DType.COMPLEX128, op.matrix().dtype());
        check(op, ReferenceOperators.matrixMult(real(a), 2), 5, op.toString());
    }

    /** The closed form: [[1, 2], [3, 4]] (1, 1) = (3, 7), and its transpose (4, 6). */
    @Test
    void smallClosedForm() {
        for (DType dt : DTYPES) {
            NdArray a = NdArray.zeros(dt, 2, 2);
            for (int k = 0; k < 4; k++) {
                a.set(k, k + 1, dt.isComplex() ? 1 : 0);
            }
            MatrixMult op = new MatrixMult(a);
            NdArray ones = NdArray.zeros(dt, 2);
            ones.set(0, 1);
            ones.set(1, 1);
            NdArray y = op.matvec(ones);
            NdArray x = op.rmatvec(ones);
            assertEquals(3, y.re(0), 0);
            assertEquals(7, y.re(1), 0);
            assertEquals(4, x.re(0), 0);
            assertEquals(6, x.re(1), 0);
            if (dt.isComplex()) {
                assertEquals(2, y.im(0), 0); // sum of the imaginary parts (1 + 1)
                assertEquals(-2, x.im(0), 0); // conjugated in the adjoint
            }
        }
    }

    /** The factories from arrays give the same operator as the NdArray constructor. */
    @Test
    void factoriesFromArrays() {
        double[] d = {1, 2, 3, 4, 5, 6};
        float[] f = {1, 2, 3, 4, 5, 6};
        NdArray x = NdArray.ofFloat64(new double[] {1, -1, 2});
        assertArrayEquals(new double[] {5, 11}, MatrixMult.ofFloat64(d, 2, 3).matvec(x).doubles(), 0);
        assertArrayEquals(new float[] {5, 11}, MatrixMult.ofFloat32(f, 2, 3).matvec(x.astype(DType.FLOAT32)).floats(),
                0);
        // (1+2i, 3+4i; 5+6i, ...) as a 1 x 3 complex matrix applied to (1, 1, 1)
        NdArray ones = NdArray.ofComplex128(new double[] {1, 0, 1, 0, 1, 0});
        assertArrayEquals(new double[] {9, 12}, MatrixMult.ofComplex128(d, 1, 3).matvec(ones).doubles(), 0);
        assertArrayEquals(new float[] {9, 12},
                MatrixMult.ofComplex64(f, 1, 3).matvec(ones.astype(DType.COMPLEX64)).floats(), 0);
        d[0] = 100; // the operator copied the matrix
        assertArrayEquals(new double[] {5, 11}, MatrixMult.ofFloat64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .matvec(x).doubles(), 0);
    }

    /** BLAS and the plain loops agree, for vector and batched models, on real and complex buffers. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void blasAndLoopsAgree(DType dt) {
        assertTrue(MatrixMult.blasImplementation().startsWith("dev.ludovic.netlib.blas."),
                MatrixMult.blasImplementation());
        double tol = dt.isDoublePrecision() ? 1e-13 : 1e-6;
        long seed = 70;
        for (long[] od : new long[][] {null, {3}, {2, 2}}) {
            MatrixMult blas = new MatrixMult(matrix(dt, seed++, 33, 21), od, dt);
            MatrixMult loops = blas.withBlas(false);
            assertTrue(blas.usesBlas());
            assertFalse(loops.usesBlas());
            assertTrue(blas.withBlas(true) == blas);
            for (DType in : new DType[] {dt, dt.complexType()}) {
                NdArray x = random(in, seed++, blas.cols());
                NdArray y = random(in, seed++, blas.rows());
                assertClose(loops.matvec(x), blas.matvec(x), tol, "forward " + blas + " on " + in);
                assertClose(loops.rmatvec(y), blas.rmatvec(y), tol, "adjoint " + blas + " on " + in);
            }
        }
        // a large block: one gemv each way
        MatrixMult big = new MatrixMult(matrix(dt, 9, 300, 200), null, dt);
        NdArray x = random(dt, 10, 200);
        NdArray y = random(dt, 11, 300);
        assertClose(big.withBlas(false).matvec(x), big.matvec(x), tol, "300x200 forward");
        assertClose(big.withBlas(false).rmatvec(y), big.rmatvec(y), tol, "300x200 adjoint");
    }

    /**
     * Complex matrices call the system CBLAS ({@code zgemv}/{@code zgemm}, {@code cgemv}/{@code cgemm})
     * through FFM; the loops ({@code withBlas(false)}) agree with it, for vector and batched models.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"COMPLEX64", "COMPLEX128"})
    void complexBlasAndLoopsAgree(DType dt) {
        assertTrue(MatrixMult.complexBlasImplementation().startsWith("CBLAS "),
                MatrixMult.complexBlasImplementation());
        double tol = dt.isDoublePrecision() ? 1e-13 : 1e-5;
        long seed = 170;
        for (long[] od : new long[][] {null, {3}, {2, 2}}) {
            MatrixMult blas = new MatrixMult(matrix(dt, seed++, 33, 21), od, dt);
            MatrixMult loops = blas.withBlas(false);
            assertTrue(blas.usesBlas());
            assertFalse(loops.usesBlas());
            NdArray x = random(dt, seed++, blas.cols());
            NdArray y = random(dt, seed++, blas.rows());
            assertClose(loops.matvec(x), blas.matvec(x), tol, "forward " + blas);
            assertClose(loops.rmatvec(y), blas.rmatvec(y), tol, "adjoint " + blas);
        }
        MatrixMult big = new MatrixMult(matrix(dt, 9, 300, 200), new long[] {4}, dt);
        NdArray x = random(dt, 10, big.cols());
        NdArray y = random(dt, 11, big.rows());
        assertClose(big.withBlas(false).matvec(x), big.matvec(x), tol, "300x200 x 4 forward");
        assertClose(big.withBlas(false).rmatvec(y), big.rmatvec(y), tol, "300x200 x 4 adjoint");
    }

    /** The buffer products work on ranges inside larger buffers and leave the rest alone. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void rangesInsideLargerBuffers(DType dt) {
        for (long[] od : new long[][] {null, {3}}) {
            for (boolean blas : new boolean[] {true, false}) {
                MatrixMult op = new MatrixMult(matrix(dt, 4, 5, 6), od, dt).withBlas(blas);
                for (boolean adjoint : new boolean[] {false, true}) {
                    RangeProduct r = productInsideLargerBuffers(op, dt, adjoint);
                    assertClose(r.expect(), r.written(), 0, op + " adjoint=" + adjoint);
                    for (long k : new long[] {0, 1, r.nOut() + 2, r.nOut() + 3}) {
                        String what = op + ": entry " + k + " outside the range changed";
                        assertEquals(r.before().re(k), r.out().re(k), what);
                        assertEquals(r.before().im(k), r.out().im(k), what);
                    }
                }
            }
        }
    }

    /** A buffer in native memory (not on the heap), as a device engine's would be. */
    private record OffHeap(ElementType type, long length, MemorySegment segment) implements Buffer {
        static OffHeap of(NdArray a) {
            ElementType t = a.dtype().elementType();
            MemorySegment s = Arena.ofAuto().allocate(a.size() * t.byteSize(), 8);
            if (a.data() instanceof double[] d) {
                MemorySegment.copy(d, 0, s, ValueLayout.JAVA_DOUBLE, 0, d.length);
            } else {
                float[] f = (float[]) a.data();
                MemorySegment.copy(f, 0, s, ValueLayout.JAVA_FLOAT, 0, f.length);
            }
            return new OffHeap(t, a.size(), s);
        }

        NdArray toNdArray(DType dt) {
            Object data = dt.isDoublePrecision() ? segment.toArray(ValueLayout.JAVA_DOUBLE)
                    : segment.toArray(ValueLayout.JAVA_FLOAT);
            return NdArray.wrap(dt, data, length);
        }

        @Override
        public boolean isHost() {
            return false;
        }

        @Override
        public Object hostArray() {
            throw new UnsupportedOperationException("off-heap");
        }
    }

    /** Buffers that do not live on the heap are staged: same results, the rest of the output untouched. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void offHeapBuffers(DType dt) {
        MatrixMult op = new MatrixMult(matrix(dt, 12, 4, 3), new long[] {2}, dt);
        NdArray in = random(dt, 13, op.cols() + 2);
        NdArray out = random(dt, 14, op.rows() + 3);
        OffHeap bi = OffHeap.of(in);
        OffHeap bo = OffHeap.of(out);
        op.matvec(bi, 1, bo, 2);
        NdArray res = bo.toNdArray(dt);
        assertClose(op.matvec(in.slice(0, 1, 1 + op.cols())), res.slice(0, 2, 2 + op.rows()), 0, "off-heap forward");
        assertEquals(out.re(0), res.re(0));
        assertEquals(out.re(op.rows() + 2), res.re(op.rows() + 2));
        NdArray y = random(dt, 15, op.rows());
        OffHeap by = OffHeap.of(y);
        OffHeap bx = OffHeap.of(NdArray.zeros(dt, op.cols()));
        op.rmatvec(by, 0, bx, 0);
        assertClose(op.rmatvec(y), bx.toNdArray(dt), 0, "off-heap adjoint");
    }

    @Test
    void badArguments() {
        NdArray a = matrix(DType.FLOAT64, 1, 2, 3);
        assertEquals("a: must not be null", assertThrows(IllegalArgumentException.class,
                () -> new MatrixMult(null)).getMessage());
        assertEquals("a: expected a 2-d matrix, got shape [6]", assertThrows(IllegalArgumentException.class,
                () -> new MatrixMult(a.reshape(6))).getMessage());
        assertEquals("dtype: FLOAT64 cannot hold the complex matrix a of dtype COMPLEX128",
                assertThrows(IllegalArgumentException.class,
                        () -> new MatrixMult(a.astype(DType.COMPLEX128), null, DType.FLOAT64)).getMessage());
        assertEquals("otherdims: negative dimension in [2, -1]", assertThrows(IllegalArgumentException.class,
                () -> new MatrixMult(a, new long[] {2, -1}, DType.FLOAT64)).getMessage());
        assertEquals("a: 5 entries, but a 2 x 3 matrix needs 6", assertThrows(IllegalArgumentException.class,
                () -> MatrixMult.ofFloat64(new double[5], 2, 3)).getMessage());
        assertEquals("a: 6 entries, but a 2 x 3 matrix needs 12", assertThrows(IllegalArgumentException.class,
                () -> MatrixMult.ofComplex128(new double[6], 2, 3)).getMessage());

        MatrixMult op = new MatrixMult(a);
        Engine e = Engine.host();
        Buffer x = e.allocate(DType.FLOAT64.elementType(), 3);
        Buffer y = e.allocate(DType.FLOAT64.elementType(), 2);
        Buffer y32 = e.allocate(DType.FLOAT32.elementType(), 2);
        Buffer x32 = e.allocate(DType.FLOAT32.elementType(), 3);
        assertEquals("buffers: input of type FLOAT64 but output of type FLOAT32, expected the same type",
                assertThrows(IllegalArgumentException.class, () -> op.matvec(x, 0, y32, 0)).getMessage());
        assertEquals("buffers: MatrixMult of dtype FLOAT64 cannot work on buffers of type FLOAT32, expected FLOAT64 "
                + "or COMPLEX128", assertThrows(IllegalArgumentException.class,
                        () -> op.matvec(x32, 0, y32, 0)).getMessage());
        assertEquals("y: the range [1, 3) is outside the buffer of 2 elements",
                assertThrows(IllegalArgumentException.class, () -> op.matvec(x, 0, y, 1)).getMessage());
        assertEquals("x: the range [1, 4) is outside the buffer of 3 elements",
                assertThrows(IllegalArgumentException.class, () -> op.matvec(x, 1, y, 0)).getMessage());
        assertEquals("x: dimension mismatch, 4 entries but the operator needs 3",
                assertThrows(IllegalArgumentException.class,
                        () -> op.matvec(NdArray.zeros(DType.FLOAT64, 4))).getMessage());
    }
}
