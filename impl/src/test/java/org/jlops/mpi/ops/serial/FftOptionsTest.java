package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.array.DType;
import org.junit.jupiter.api.Test;

/**
 * {@link FftOptions}: the accessors and description, and {@link FftOptions#resolve} on its edges —
 * axes counts at both limits, the lowest negative axis, lengths of 1, one value for every axis, the
 * real transform's halved last axis, the frequencies with and without the shift.
 */
class FftOptionsTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void accessorsAndDescription() {
        FftOptions d = FftOptions.defaults();
        assertNull(d.norm());
        assertFalse(d.real());
        assertEquals(DType.COMPLEX128, d.dtype());
        assertEquals("FftOptions[axes=default, nffts=default, sampling=1, norm=default, real=false, "
                + "ifftshiftBefore=false, fftshiftAfter=false, dtype=COMPLEX128]", d.toString());
        FftOptions o = d.axes(0, -1).nffts(4, 6).sampling(0.5).norm(FftNorm.ORTHO).real(true).ifftshiftBefore(true)
                .fftshiftAfter(false, true).dtype(DType.FLOAT32);
        assertEquals(FftNorm.ORTHO, o.norm());
        assertTrue(o.real());
        assertEquals(DType.FLOAT32, o.dtype());
        assertEquals("FftOptions[axes=[0, -1], nffts=[4, 6], sampling=[0.5], norm=ORTHO, real=true, "
                + "ifftshiftBefore=[true], fftshiftAfter=[false, true], dtype=FLOAT32]", o.toString());
        assertEquals(d.toString(), o.axes((int[]) null).nffts((long[]) null).sampling((double[]) null).norm(null)
                .real(false).ifftshiftBefore((boolean[]) null).fftshiftAfter((boolean[]) null)
                .dtype(DType.COMPLEX128).toString());
    }

    @Test
    void resolveOnItsEdges() {
        FftOptions o = FftOptions.defaults().axes(-2, 1).sampling(0.5).ifftshiftBefore(true).dtype(DType.FLOAT64)
                .real(true).nffts(1, 6);
        FftOptions.Resolved r = o.resolve(new long[] {1, 5}, new int[] {0}, FftNorm.NONE, true, 2, 2);
        assertArrayEquals(new int[] {0, 1}, r.axes());
        assertArrayEquals(new long[] {1, 6}, r.nffts());
        assertArrayEquals(new double[] {0.5, 0.5}, r.sampling());
        assertArrayEquals(new boolean[] {true, true}, r.ifftshiftBefore());
        assertArrayEquals(new boolean[] {false, false}, r.fftshiftAfter());
        assertArrayEquals(new long[] {1, 4}, r.dimsd());        // 6 / 2 + 1 along the real axis
        assertEquals(FftNorm.NONE, r.norm());
        assertEquals(DType.COMPLEX128, r.cdtype());
        assertEquals(DType.FLOAT64, r.rdtype());
        assertFalse(r.clinear());
        assertEquals(1, r.realIndex());
        assertEquals(6.0, r.points());
        // the real axis: bins 0..3 of 6 at step 0.5 (no negative frequencies)
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1}, r.frequencies(1), 1e-15);

        FftOptions.Resolved c = FftOptions.defaults().fftshiftAfter(true).norm(FftNorm.ORTHO)
                .resolve(new long[] {5, 2}, new int[] {0}, FftNorm.NONE, false, 1, 3);
        assertEquals(FftNorm.ORTHO, c.norm());
        assertEquals(-1, c.realIndex());
        assertTrue(c.clinear());
        assertEquals(DType.COMPLEX128, c.rdtype());
        assertArrayEquals(new long[] {5, 2}, c.dimsd());
        // 5 bins: 0, 1, 2, -2, -1 (over 5), shifted to -2, -1, 0, 1, 2
        assertArrayEquals(new double[] {-0.4, -0.2, 0, 0.2, 0.4}, c.frequencies(0), 1e-15);
        FftOptions.Resolved e = FftOptions.defaults().resolve(new long[] {4}, new int[] {0}, FftNorm.NONE, false, 1, 1);
        assertArrayEquals(new double[] {0, 0.25, -0.5, -0.25}, e.frequencies(0), 1e-15);
        assertArrayEquals(new double[] {1.0}, e.sampling());
        // a complex dtype without real: a complex-linear transform of complex models
        FftOptions.Resolved z = FftOptions.defaults().dtype(DType.COMPLEX64)
                .resolve(new long[] {3}, new int[] {0}, FftNorm.NONE, false, 1, 1);
        assertTrue(z.clinear());
        assertEquals(DType.COMPLEX64, z.rdtype());
        assertEquals(DType.COMPLEX64, z.cdtype());
    }

    @Test
    void resolveRejectsBadOptions() {
        FftOptions d = FftOptions.defaults();
        int[] ax = {0};
        assertEquals("dims: expected at least one dimension, got null",
                message(() -> d.resolve(null, ax, FftNorm.NONE, true, 1, 1)));
        assertEquals("dims: expected at least one dimension, got []",
                message(() -> d.resolve(new long[0], ax, FftNorm.NONE, true, 1, 1)));
        assertEquals("dims: every dimension must be at least 1, got [3, 0]",
                message(() -> d.resolve(new long[] {3, 0}, ax, FftNorm.NONE, true, 1, 1)));
        assertEquals("axes: expected exactly 2 axes, got [0]",
                message(() -> d.resolve(new long[] {3, 4}, ax, FftNorm.NONE, true, 2, 2)));
        assertEquals("axes: expected between 1 and 2 axes, got [0, 1, 2]",
                message(() -> d.axes(0, 1, 2).resolve(new long[] {3, 4, 5}, ax, FftNorm.NONE, true, 1, 2)));
        assertEquals("axes: axis 2 is out of range for 2-d dims [3, 4]",
                message(() -> d.axes(2).resolve(new long[] {3, 4}, ax, FftNorm.NONE, true, 1, 1)));
        assertEquals("axes: axis -3 is out of range for 2-d dims [3, 4]",
                message(() -> d.axes(-3).resolve(new long[] {3, 4}, ax, FftNorm.NONE, true, 1, 1)));
        assertEquals("axes: axis 1 is repeated in [1, -1]; give each axis once",
                message(() -> d.axes(1, -1).resolve(new long[] {3, 4}, ax, FftNorm.NONE, true, 1, 2)));
        assertEquals("nffts: 2 values for 1 axes",
                message(() -> d.nffts(3, 4).resolve(new long[] {3, 4}, ax, FftNorm.NONE, true, 1, 1)));
        assertEquals("nffts: every length must be at least 1, got [0]",
                message(() -> d.nffts(0).resolve(new long[] {3, 4}, ax, FftNorm.NONE, true, 1, 1)));
        assertTrue(message(() -> d.nffts(4).resolve(new long[] {3, 4}, ax, FftNorm.NONE, false, 1, 1))
                .startsWith("nffts: [4] differ from the dims along the axes [3]"));
        assertArrayEquals(new long[] {3}, d.nffts(3).resolve(new long[] {3, 4}, ax, FftNorm.NONE, false, 1, 1).nffts());
        assertTrue(message(() -> d.nffts(1L << 31).resolve(new long[] {3}, ax, FftNorm.NONE, true, 1, 1))
                .startsWith("nffts: a transform length above 2^31-1"));
        for (double s : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertTrue(message(() -> d.sampling(s).resolve(new long[] {3}, ax, FftNorm.NONE, true, 1, 1))
                    .startsWith("sampling: every step must be positive and finite"), "sampling " + s);
        }
        assertTrue(message(() -> d.sampling(1, 2).resolve(new long[] {3}, ax, FftNorm.NONE, true, 1, 1))
                .startsWith("sampling: 2 values for 1 axes"));
        assertTrue(message(() -> d.ifftshiftBefore(true, false).resolve(new long[] {3}, ax, FftNorm.NONE, true, 1, 1))
                .startsWith("ifftshiftBefore: 2 flags for 1 axes"));
        assertTrue(message(() -> d.fftshiftAfter(true, false).resolve(new long[] {3}, ax, FftNorm.NONE, true, 1, 1))
                .startsWith("fftshiftAfter: 2 flags for 1 axes"));
        assertEquals("dtype: must not be null",
                message(() -> d.dtype(null).resolve(new long[] {3}, ax, FftNorm.NONE, true, 1, 1)));
    }
}
