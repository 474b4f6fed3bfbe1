package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceSpectral;
import org.junit.jupiter.api.Test;

/**
 * The serial FFT operators against the dense DFT matrices of {@link ReferenceSpectral} (built from
 * the definition with EJML): every norm, real and complex, shifts, padding and truncation, axes in
 * any order, every dtype; the adjoint (exact, over the reals for a real model), the exact inverse,
 * the frequencies, the shift helpers, and the option checks.
 */
class FFTNDTest {

    static NdArray random(DType dt, long seed, long... shape) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(dt, shape);
        for (long q = 0; q < a.size(); q++) {
            a.set(q, rnd.nextGaussian(), dt.isComplex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    static void assertClose(double[] want, NdArray got, double tol, String what) {
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        assertEquals(want.length / 2, got.size(), what);
        for (int q = 0; q < got.size(); q++) {
            assertEquals(want[2 * q], got.re(q), tol * Math.max(1, scale), what + " re " + q);
            assertEquals(want[2 * q + 1], got.im(q), tol * Math.max(1, scale), what + " im " + q);
        }
    }

    static double[] interleaved(NdArray x) {
        double[] d = new double[2 * (int) x.size()];
        for (int q = 0; q < x.size(); q++) {
            d[2 * q] = x.re(q);
            d[2 * q + 1] = x.im(q);
        }
        return d;
    }

    /** The reference product, and Re of the adjoint where the model is real. */
    static void checkAgainstReference(AbstractFft op, DenseOperator ref, long seed, String what) {
        FftOptions.Resolved s = op.spec();
        double tol = s.cdtype().isDoublePrecision() ? 1e-12 : 2e-5;
        NdArray x = random(s.clinear() ? s.cdtype() : s.cdtype().realType(), seed, s.dims());
        NdArray y = random(s.cdtype(), seed + 1, s.dimsd());
        assertClose(ref.matvecComplex(interleaved(x)), op.matvec(x), tol, what + " forward");
        double[] ahy = ref.rmatvecComplex(interleaved(y));
        if (!s.clinear()) {
            for (int q = 1; q < ahy.length; q += 2) {
                ahy[q] = 0;
            }
        }
        assertClose(ahy, op.rmatvec(y), tol, what + " adjoint");
    }

    @Test
    void everyOptionAgainstTheDenseDft() {
        long seed = 1;
        long[][] shapes = {{7}, {6, 5}, {4, 3, 5}};
        for (long[] dims : shapes) {
            int nd = dims.length;
            for (FftNorm norm : FftNorm.values()) {
                for (boolean real : new boolean[] {false, true}) {
                    for (DType dt : new DType[] {DType.COMPLEX128, DType.FLOAT64, DType.COMPLEX64}) {
                        for (int shifts = 0; shifts < 4; shifts++) {
                            int[] axes = nd == 1 ? new int[] {0} : nd == 2 ? new int[] {1, 0} : new int[] {2, 0, 1};
                            long[] nffts = new long[axes.length];
                            for (int k = 0; k < axes.length; k++) {
                                nffts[k] = dims[axes[k]] + (k == 0 ? 2 : k == 1 ? -1 : 0);   // pad one axis, cut another
                            }
                            boolean before = (shifts & 1) != 0;
                            boolean after = (shifts & 2) != 0;
                            FftOptions o = FFTND.options().axes(axes).nffts(nffts).norm(norm).real(real)
                                    .ifftshiftBefore(before).fftshiftAfter(after).dtype(dt);
                            FFTND op = new FFTND(dims, o);
                            boolean[] b = new boolean[axes.length];
                            boolean[] a = new boolean[axes.length];
                            java.util.Arrays.fill(b, before);
                            java.util.Arrays.fill(a, after);
                            DenseOperator ref = ReferenceSpectral.fftnd(dims, axes, nffts, norm.pylopsName(), real, b, a);
                            checkAgainstReference(op, ref, seed++, java.util.Arrays.toString(dims) + " " + o);
                        }
                    }
                }
            }
        }
    }

    @Test
    void primeAndLongLengthsAgreeWithTheDenseDft() {
        for (long n : new long[] {97, 128, 255}) {
            FFT op = new FFT(new long[] {n, 3}, FFT.options().axes(0).norm(FftNorm.NONE));
            boolean[] f = {false};
            checkAgainstReference(op, ReferenceSpectral.fftnd(new long[] {n, 3}, new int[] {0}, new long[] {n}, "none",
                    false, f, f), n, "n=" + n);
        }
    }

    @Test
    void theInverseUndoesTheForwardForEveryNorm() {
        for (FftNorm norm : FftNorm.values()) {
            for (boolean real : new boolean[] {false, true}) {
                FFT2D op = new FFT2D(new long[] {5, 6, 4}, FFT2D.options().axes(0, 2).norm(norm).real(real)
                        .ifftshiftBefore(true, false).fftshiftAfter(false, true));
                NdArray x = random(real ? DType.FLOAT64 : DType.COMPLEX128, 3, 5, 6, 4);
                NdArray back = op.inverse(op.matvec(x));
                for (long q = 0; q < x.size(); q++) {
                    assertEquals(x.re(q), back.re(q), 1e-12, norm + " real=" + real);
                    assertEquals(x.im(q), back.im(q), 1e-12, norm + " real=" + real);
                }
            }
        }
    }

    @Test
    void frequenciesAreNumPysFftfreqAndRfftfreq() {
        FFT2D op = new FFT2D(new long[] {4, 5}, FFT2D.options().sampling(0.5, 2).real(true).fftshiftAfter(true, false));
        assertArrayEquals(new double[] {-1.0, -0.5, 0, 0.5}, op.frequencies(0), 1e-15);   // fftshift(fftfreq(4, 0.5))
        assertArrayEquals(new double[] {0, 0.1, 0.2}, op.frequencies(1), 1e-15);          // rfftfreq(5, 2)
        assertArrayEquals(new long[] {4, 3}, op.dimsd());
        assertEquals(DType.COMPLEX128, op.dtype());
    }

    @Test
    void shiftHelpersAreNumPys() {
        NdArray x = NdArray.ofFloat64(new double[] {0, 1, 2, 3, 4}, 5);
        assertArrayEquals(new double[] {3, 4, 0, 1, 2}, FFTND.fftshift(x).doubles());
        assertArrayEquals(new double[] {2, 3, 4, 0, 1}, FFTND.ifftshift(x).doubles());
        assertArrayEquals(x.doubles(), FFTND.ifftshift(FFTND.fftshift(x)).doubles());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, x.doubles(), "input unchanged");
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        long[] dims = {4, 5};
        assertEquals("axes: axis 1 is repeated in [1, -1]; give each axis once", assertThrows(
                IllegalArgumentException.class, () -> new FFTND(dims, FFTND.options().axes(1, -1))).getMessage());
        assertEquals("axes: axis 2 is out of range for 2-d dims [4, 5]", assertThrows(
                IllegalArgumentException.class, () -> new FFTND(dims, FFTND.options().axes(0, 2))).getMessage());
        assertEquals("sampling: 3 values for 2 axes; give one value or one per axis", assertThrows(
                IllegalArgumentException.class, () -> new FFTND(dims, FFTND.options().sampling(1, 2, 3))).getMessage());
        assertEquals("ifftshiftBefore: 3 flags for 2 axes; give one flag or one per axis", assertThrows(
                IllegalArgumentException.class,
                () -> new FFTND(dims, FFTND.options().ifftshiftBefore(true, false, true))).getMessage());
        assertEquals("axes: expected exactly 2 axes, got [0]", assertThrows(IllegalArgumentException.class,
                () -> new FFT2D(dims, FFT2D.options().axes(0))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FftNorm.parse("backward")).getMessage()
                .contains("supported: \"ortho\", \"none\", \"1/n\""));
        assertEquals(FftNorm.ONE_OVER_N, FftNorm.parse("1/N"));
        assertEquals("nffts: every length must be at least 1, got [0]", assertThrows(IllegalArgumentException.class,
                () -> new FFT(dims, FFT.options().nffts(0))).getMessage());
    }

    /** PyLops' own check: the 1-d FFT of a unit impulse is flat, of a constant a spike (closed forms). */
    @Test
    void impulseAndConstantHaveClosedFormSpectra() {
        FFT op = new FFT(new long[] {8}, FFT.options().norm(FftNorm.NONE));
        NdArray spike = NdArray.zeros(DType.COMPLEX128, 8);
        spike.set(0, 1, 0);
        NdArray flat = op.matvec(spike);
        NdArray ones = NdArray.zeros(DType.COMPLEX128, 8);
        for (int q = 0; q < 8; q++) {
            assertEquals(1, flat.re(q), 1e-15);
            assertEquals(0, flat.im(q), 1e-15);
            ones.set(q, 1, 0);
        }
        NdArray s = op.matvec(ones);
        assertEquals(8, s.re(0), 1e-14);
        for (int q = 1; q < 8; q++) {
            assertEquals(0, Math.hypot(s.re(q), s.im(q)), 1e-14);
        }
        ZMatrixRMaj d = ReferenceSpectral.dftMatrix(2, 2, false, false, false);
        assertEquals(-1, d.getReal(1, 1), 1e-15);
    }
}
