package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.junit.jupiter.api.Test;

/**
 * The edges of small serial pieces: the Ricker wavelet's values (computed independently with
 * NumPy-style float64 arithmetic) and argument limits; {@link Convolve1D}'s accessors, description
 * and the reach limit of its filter (exactly 512 samples either way is allowed); {@link MatrixMult}'s
 * description, flop count, trailing dimensions and argument limits.
 */
class SerialEdgesTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void rickerValuesAndLimits() {
        assertArrayEquals(new double[] {0.6209286473131652, 0.8965125891674249, 1.0, 0.8965125891674249,
                0.6209286473131652}, Wavelets.ricker(2, 0.004, 15), 1e-15);
        assertArrayEquals(new double[] {0.14179420010825125, 1.0, 0.14179420010825125}, Wavelets.ricker(1, 0.01, 20),
                1e-15);
        assertArrayEquals(new double[] {1.0}, Wavelets.ricker(0, 0.01, 20));
        assertEquals("half: -1, expected at least 0", message(() -> Wavelets.ricker(-1, 0.01, 20)));
        for (double[] bad : new double[][] {{0, 20}, {-1, 20}, {Double.NaN, 20}, {Double.POSITIVE_INFINITY, 20},
                {0.01, 0}, {0.01, Double.NaN}, {0.01, Double.POSITIVE_INFINITY}}) {
            assertEquals("dt/f0: " + bad[0] + ", " + bad[1] + ", expected positive finite numbers",
                    message(() -> Wavelets.ricker(1, bad[0], bad[1])));
        }
    }

    @Test
    void convolve1DAccessorsAndReach() {
        double[] h = {1, 2, 3};
        Convolve1D c = new Convolve1D(new long[] {4, 5}, h, 1, 1, DType.FLOAT32);
        h[0] = 9;
        assertArrayEquals(new double[] {1, 2, 3}, c.filter());
        c.filter()[0] = 7;
        assertArrayEquals(new double[] {1, 2, 3}, c.filter());
        assertEquals(1, c.offset());
        assertEquals("Convolve1D(dims=[4, 5], axis=1, dtype=FLOAT32, nh=3, offset=1)", c.toString());
        // a reach of exactly 512 samples either way is allowed
        assertEquals(512, new Convolve1D(new long[] {4}, new double[] {1}, 512, 0, DType.FLOAT64).offset());
        assertEquals(0, new Convolve1D(new long[] {4}, new double[513], 0, 0, DType.FLOAT64).offset());
        assertEquals(511, new Convolve1D(new long[] {4}, new double[3], 511, 0, DType.FLOAT64).offset());
        assertEquals("offset: 513 with a filter of 1 taps reaches 513 samples, at most 512 are supported (use a "
                + "shorter filter)", message(() -> new Convolve1D(new long[] {4}, new double[] {1}, 513, 0, DType.FLOAT64)));
        assertEquals("offset: 0 with a filter of 514 taps reaches 513 samples, at most 512 are supported (use a "
                + "shorter filter)", message(() -> new Convolve1D(new long[] {4}, new double[514], 0, 0, DType.FLOAT64)));
        assertEquals("offset: 10 with a filter of 600 taps reaches 589 samples, at most 512 are supported (use a "
                + "shorter filter)", message(() -> new Convolve1D(new long[] {4}, new double[600], 10, 0, DType.FLOAT64)));
        assertEquals("h: the filter must have at least one tap, got null",
                message(() -> new Convolve1D(new long[] {4}, null, 0, 0, DType.FLOAT64)));
        assertEquals("h: the filter must have at least one tap, got none",
                message(() -> new Convolve1D(new long[] {4}, new double[0], 0, 0, DType.FLOAT64)));
        assertEquals("h: taps must be finite, got NaN",
                message(() -> new Convolve1D(new long[] {4}, new double[] {1, Double.NaN}, 0, 0, DType.FLOAT64)));
    }

    @Test
    void matrixMultDescriptionFlopsAndLimits() {
        NdArray a = NdArray.zeros(DType.FLOAT64, 2, 3);
        MatrixMult plain = new MatrixMult(a);
        assertEquals("MatrixMult(2x3, dtype=FLOAT64)", plain.toString());
        assertEquals(2 * 3 * 2, plain.flops(false));
        assertEquals(0, plain.otherdims().length);
        MatrixMult wide = new MatrixMult(a, new long[] {4, 5}, DType.COMPLEX128);
        assertEquals("MatrixMult(2x3, otherdims=[4, 5], dtype=COMPLEX128)", wide.toString());
        assertEquals(2 * 3 * 20 * 8, wide.flops(true));
        long[] od = wide.otherdims();
        assertArrayEquals(new long[] {4, 5}, od);
        od[0] = 9;
        assertArrayEquals(new long[] {4, 5}, wide.otherdims());
        assertArrayEquals(new long[] {3, 4, 5}, wide.dims());
        assertArrayEquals(new long[] {2, 4, 5}, wide.dimsd());
        MatrixMult empty = new MatrixMult(a, new long[] {0}, DType.FLOAT64);
        assertEquals(0, empty.cols());
        assertEquals("otherdims: negative dimension in [-1]",
                message(() -> new MatrixMult(a, new long[] {-1}, DType.FLOAT64)));
        message(() -> new MatrixMult(a, new long[] {1L << 30}, DType.FLOAT64));
        assertEquals(0, MatrixMult.ofFloat64(new double[0], 0, 3).rows());
        assertEquals(0, MatrixMult.ofFloat32(new float[0], 2, 0).cols());
        assertEquals("rows, cols: (-1, 3) must not be negative",
                message(() -> MatrixMult.ofFloat64(new double[0], -1, 3)));
        assertEquals("rows, cols: (1, -1) must not be negative",
                message(() -> MatrixMult.ofComplex64(new float[0], 1, -1)));
        assertEquals("a: 4 entries, but a 1 x 3 matrix needs 6",
                message(() -> MatrixMult.ofComplex128(new double[4], 1, 3)));
    }
}
