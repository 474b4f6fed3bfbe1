package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.SerialTesting.check;
import static org.jlops.mpi.ops.serial.SerialTesting.productInsideLargerBuffers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The serial {@link Fredholm1} against the EJML reference (the block diagonal of
 * {@code G[k] ⊗ I_nz}) for every dtype, with and without {@code saveGt}, shapes with every
 * dimension 1 (nothing is squeezed), ranges inside larger buffers, a closed form and bad arguments.
 */
class Fredholm1Test {

    /** The slices of a (nsl, nx, ny) kernel as EJML matrices. */
    static List<ZMatrixRMaj> slices(NdArray g) {
        int nsl = (int) g.shape(0);
        int nx = (int) g.shape(1);
        int ny = (int) g.shape(2);
        List<ZMatrixRMaj> out = new ArrayList<>();
        for (int k = 0; k < nsl; k++) {
            ZMatrixRMaj m = new ZMatrixRMaj(nx, ny);
            for (int i = 0; i < nx * ny; i++) {
                m.data[2 * i] = g.re((long) k * nx * ny + i);
                m.data[2 * i + 1] = g.im((long) k * nx * ny + i);
            }
            out.add(m);
        }
        return out;
    }

    static NdArray kernel(DType dt, long seed, long nsl, long nx, long ny) {
        return random(dt, seed, nsl * nx * ny).reshape(nsl, nx, ny);
    }

    @Test
    void matchesTheReference() {
        long[][] shapes = {{3, 4, 5, 2}, {21, 4, 6, 5}, {2, 1, 3, 1}, {1, 3, 1, 4}, {1, 1, 1, 1}, {4, 6, 4, 1}};
        long seed = 1;
        for (long[] s : shapes) {
            for (DType dt : DTYPES) {
                NdArray g = kernel(dt, seed++, s[0], s[1], s[2]);
                DenseOperator ref = ReferenceOperators.fredholm1(slices(g), (int) s[3]);
                for (Fredholm1.Options o : List.of(Fredholm1.Options.DEFAULT, new Fredholm1.Options(false, true),
                        new Fredholm1.Options(false, false))) {
                    Fredholm1 op = new Fredholm1(g, s[3], dt, o);
                    check(op, ref, seed, op + " " + o);
                }
            }
        }
    }

    /** G[0] = (1, 2), G[1] = (0, -1) (nx = 1, ny = 2), m = ones(2, 2, 1): d = (3, -1); adjoint of d = (1, 1). */
    @Test
    void closedForm() {
        Fredholm1 op = new Fredholm1(NdArray.ofFloat64(new double[] {1, 2, 0, -1}, 2, 1, 2), 1);
        assertArrayEquals(new long[] {2, 2, 1}, op.dims());
        assertArrayEquals(new long[] {2, 1, 1}, op.dimsd());
        assertArrayEquals(new double[] {3, -1}, op.matvec(NdArray.ofFloat64(new double[] {1, 1, 1, 1})).doubles(), 0);
        assertArrayEquals(new double[] {1, 2, 0, -1}, op.rmatvec(NdArray.ofFloat64(new double[] {1, 1})).doubles(), 0);
        assertEquals(Fredholm1.Options.DEFAULT, op.options());
        assertEquals(DType.FLOAT64, op.dtype());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rangesInsideLargerBuffers(DType dt) {
        for (boolean save : new boolean[] {true, false}) {
            Fredholm1 op = new Fredholm1(kernel(dt, 4, 3, 4, 5), 2, dt, new Fredholm1.Options(save, true));
            for (boolean adjoint : new boolean[] {false, true}) {
                SerialTesting.RangeProduct r = productInsideLargerBuffers(op, dt, adjoint);
                assertClose(r.expect(), r.written(), 0, op + " adjoint=" + adjoint);
                for (long k : new long[] {0, 1, r.nOut() + 2, r.nOut() + 3}) {
                    assertEquals(r.before().re(k), r.out().re(k), op + ": entry " + k + " outside the range changed");
                }
            }
        }
    }

    @Test
    void badArguments() {
        NdArray g = kernel(DType.COMPLEX128, 1, 2, 3, 4);
        assertEquals("g: must not be null", assertThrows(IllegalArgumentException.class,
                () -> new Fredholm1(null, 1)).getMessage());
        assertEquals("g: expected a 3-d kernel (nsl, nx, ny), got shape [6, 4]",
                assertThrows(IllegalArgumentException.class, () -> new Fredholm1(g.reshape(6, 4), 1)).getMessage());
        assertEquals("nz: must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new Fredholm1(g, 0)).getMessage());
        assertEquals("dtype: FLOAT32 cannot hold the complex kernel g of dtype COMPLEX128",
                assertThrows(IllegalArgumentException.class,
                        () -> new Fredholm1(g, 1, DType.FLOAT32, Fredholm1.Options.DEFAULT)).getMessage());
        assertEquals("options: must not be null", assertThrows(IllegalArgumentException.class,
                () -> new Fredholm1(g, 1, DType.COMPLEX128, null)).getMessage());
    }
}
