package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * What the serial derivatives report about themselves (the arguments they were built with), the
 * accumulating buffer product of the Laplacian, and the null arguments they refuse by name.
 */
class SerialDescriptionTest {

    private static final DerivativeKind B = DerivativeKind.BACKWARD;
    private static final DerivativeKind C = DerivativeKind.CENTERED;

    @Test
    void derivativesReportTheirArguments() {
        long[] dims = {4, 5};
        FirstDerivative d1 = new FirstDerivative(dims, 1, 0.5, C, true, 5, DType.FLOAT32);
        assertArrayEquals(dims, d1.dims());
        assertArrayEquals(dims, d1.dimsd());
        assertEquals(1, d1.axis());
        assertEquals(0.5, d1.sampling());
        assertEquals(C, d1.kind());
        assertTrue(d1.edge());
        assertEquals(5, d1.order());
        assertEquals(DType.FLOAT32, d1.dtype());
        assertFalse(new FirstDerivative(dims, 0, 1, C, false, 3, DType.FLOAT64).edge());

        SecondDerivative d2 = new SecondDerivative(dims, 1, 0.25, B, false, DType.COMPLEX64);
        assertArrayEquals(dims, d2.dims());
        assertArrayEquals(dims, d2.dimsd());
        assertEquals(1, d2.axis());
        assertEquals(0.25, d2.sampling());
        assertEquals(B, d2.kind());
        assertFalse(d2.edge());
        assertTrue(new SecondDerivative(dims, 0, 1, C, true, DType.FLOAT64).edge());
        assertEquals(DType.COMPLEX64, d2.dtype());

        Laplacian l = new Laplacian(dims, new int[] {1, -2}, new double[] {2, 3}, new double[] {0.5, 1.5}, true, C,
                DType.FLOAT64);
        assertArrayEquals(dims, l.dims());
        assertArrayEquals(dims, l.dimsd());
        assertArrayEquals(new int[] {1, 0}, l.axes(), "negative axes counted from the end");
        assertArrayEquals(new double[] {2, 3}, l.weights());
        assertArrayEquals(new double[] {0.5, 1.5}, l.sampling());
        assertTrue(l.edge());
        assertEquals(C, l.kind());
        assertFalse(new Laplacian(dims, new int[] {0}, new double[] {1}, new double[] {1}, false, B, DType.FLOAT64)
                .edge());
        assertEquals(B, new Laplacian(dims, new int[] {0}, new double[] {1}, new double[] {1}, false, B,
                DType.FLOAT64).kind());

        Gradient g = new Gradient(dims, new double[] {0.5, 2}, true, B, DType.FLOAT64);
        assertArrayEquals(dims, g.dims());
        assertArrayEquals(new long[] {2, 4, 5}, g.dimsd());
        assertArrayEquals(new double[] {0.5, 2}, g.sampling());
        assertTrue(g.edge());
        assertEquals(B, g.kind());
        assertFalse(new Gradient(dims, 1, false, C, DType.FLOAT64).edge());
        assertArrayEquals(new double[] {3, 3}, new Gradient(dims, 3, false, C, DType.FLOAT64).sampling(),
                "one sampling for every axis");
    }

    /** {@code y = L x} overwrites y's range; with {@code accumulate} it adds to it, forward and adjoint. */
    @Test
    void laplacianBufferProductOverwritesOrAccumulates() {
        long[] dims = {4, 5};
        Laplacian l = new Laplacian(dims, new int[] {0, 1}, new double[] {1, 0.5}, new double[] {1, 2}, true, C,
                DType.FLOAT64);
        Engine e = Engine.host();
        NdArray x = random(DType.FLOAT64, 1, 20);
        NdArray y0 = random(DType.FLOAT64, 2, 20);
        for (boolean adjoint : new boolean[] {false, true}) {
            NdArray lx = adjoint ? l.rmatvec(x) : l.matvec(x);
            for (boolean accumulate : new boolean[] {false, true}) {
                NdArray y = y0.copy();
                Buffer bx = e.wrap(x.data(), DType.FLOAT64.elementType());
                Buffer by = e.wrap(y.data(), DType.FLOAT64.elementType());
                l.apply(bx, 0, by, 0, adjoint, accumulate);
                NdArray expect = lx.copy();
                if (accumulate) {
                    for (long k = 0; k < 20; k++) {
                        expect.set(k, lx.re(k) + y0.re(k));
                    }
                }
                assertClose(expect, y, 1e-14, "adjoint=" + adjoint + " accumulate=" + accumulate);
            }
        }
    }

    @Test
    void nullArgumentsAreNamed() {
        long[] dims = {4, 5};
        int[] axes = {0};
        double[] one = {1};
        String[] names = {"axes", "weights", "sampling"};
        for (int k = 0; k < 3; k++) {
            int[] a = k == 0 ? null : axes;
            double[] w = k == 1 ? null : one;
            double[] s = k == 2 ? null : one;
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> new Laplacian(dims, a, w, s, false, C, DType.FLOAT64));
            assertEquals(names[k] + ": must not be null", ex.getMessage());
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> SecondDerivative.stencil(5, 1, null, false));
        assertTrue(ex.getMessage().startsWith("kind:"), ex.getMessage());
    }
}
