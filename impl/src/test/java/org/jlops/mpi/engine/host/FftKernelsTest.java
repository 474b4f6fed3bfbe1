package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.FftKernels;
import org.junit.jupiter.api.Test;

/**
 * Both FFT backends against a direct O(n²) DFT: complex (both signs), real forward and real
 * inverse, every precision, lengths 1, 2, even, odd, prime and composite, lines along the first,
 * middle and last axis of a block that sits at an offset inside a larger buffer (nothing outside
 * the block may change).
 */
class FftKernelsTest {

    private static final int[] LENGTHS = {1, 2, 3, 4, 7, 12, 17, 30, 97};

    private static List<FftKernels> backends() {
        List<FftKernels> all = new ArrayList<>();
        all.add(JTransformsFft.INSTANCE);
        FftKernels f = NativeFftw.kernels(false);
        if (f instanceof NativeFftw) {
            all.add(f);
        }
        return all;
    }

    /** {@code v} in a host buffer of type {@code t} (rounded to float for single precision); shared with NativeFftwPlannerTest. */
    static Buffer buffer(ElementType t, double[] v) {
        if (t.isDoublePrecision()) {
            return Engine.host().wrap(v.clone(), t);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Engine.host().wrap(f, t);
    }

    /** A host buffer's entries as doubles (a copy); shared with NativeFftwPlannerTest. */
    static double[] values(Buffer b) {
        if (b.hostArray() instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) b.hostArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The DFT of complex line values {@code x} (interleaved) with sign {@code -1} or {@code +1}. */
    private static double[] dft(double[] x, int n, int sign) {
        double[] y = new double[2 * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double a = sign * 2 * Math.PI * (((long) j * k) % n) / n;
                y[2 * k] += x[2 * j] * Math.cos(a) - x[2 * j + 1] * Math.sin(a);
                y[2 * k + 1] += x[2 * j] * Math.sin(a) + x[2 * j + 1] * Math.cos(a);
            }
        }
        return y;
    }

    private static double tol(ElementType t, int n) {
        return (t.isDoublePrecision() ? 1e-12 : 2e-5) * Math.max(1, n);
    }

    @Test
    void complexTransformsEqualTheDirectSum() {
        Random rnd = new Random(17);
        for (FftKernels k : backends()) {
            for (ElementType t : new ElementType[] {ElementType.COMPLEX128, ElementType.COMPLEX64}) {
                for (int n : LENGTHS) {
                    for (int[] oi : new int[][] {{1, 1}, {3, 1}, {1, 5}, {2, 3}}) {
                        int outer = oi[0];
                        int inner = oi[1];
                        int pos = 2;
                        int len = pos + outer * n * inner + 3;
                        double[] v = new double[2 * len];
                        for (int q = 0; q < v.length; q++) {
                            v[q] = rnd.nextDouble() - 0.5;
                        }
                        for (boolean inverse : new boolean[] {false, true}) {
                            Buffer b = buffer(t, v);
                            double[] before = values(b);
                            k.complex(b, pos, outer, n, inner, inverse);
                            double[] after = values(b);
                            String what = k.implementation(t) + " " + t + " n=" + n + " outer=" + outer + " inner="
                                    + inner + " inverse=" + inverse;
                            for (int o = 0; o < outer; o++) {
                                for (int i = 0; i < inner; i++) {
                                    double[] line = new double[2 * n];
                                    for (int j = 0; j < n; j++) {
                                        int e = pos + o * n * inner + j * inner + i;
                                        line[2 * j] = before[2 * e];
                                        line[2 * j + 1] = before[2 * e + 1];
                                    }
                                    double[] want = dft(line, n, inverse ? 1 : -1);
                                    for (int j = 0; j < n; j++) {
                                        int e = pos + o * n * inner + j * inner + i;
                                        assertEquals(want[2 * j], after[2 * e], tol(t, n), what);
                                        assertEquals(want[2 * j + 1], after[2 * e + 1], tol(t, n), what);
                                    }
                                }
                            }
                            for (int q = 0; q < 2 * pos; q++) {
                                assertEquals(before[q], after[q], what + ": wrote before the block");
                            }
                            for (int q = 2 * (pos + outer * n * inner); q < after.length; q++) {
                                assertEquals(before[q], after[q], what + ": wrote after the block");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A line's bits depend on the line alone ({@link FftKernels#linesIndependent()}): every line of
     * a strided block (several panels and a partial one), transformed in place, out of place, and
     * alone as a block of one line, gives the same bits; the out-of-place input is unchanged.
     */
    @Test
    void aLinesBitsDoNotDependOnItsBatchNorOnPlace() {
        Random rnd = new Random(19);
        for (FftKernels k : backends()) {
            assertTrue(k.linesIndependent(), k.implementation(ElementType.COMPLEX128));
            for (ElementType t : new ElementType[] {ElementType.COMPLEX128, ElementType.COMPLEX64}) {
                for (int n : new int[] {7, 30, 97, 256}) {
                    int outer = 3;
                    int inner = 37;
                    double[] v = new double[2 * outer * n * inner];
                    for (int q = 0; q < v.length; q++) {
                        v[q] = rnd.nextDouble() - 0.5;
                    }
                    String what = k.implementation(t) + " " + t + " n=" + n;
                    Buffer inPlace = buffer(t, v);
                    k.complex(inPlace, 0, outer, n, inner, false);
                    Buffer src = buffer(t, v);
                    double[] srcBefore = values(src);
                    Buffer dst = Engine.host().allocate(t, outer * n * inner);
                    k.complex(src, 0, dst, 0, outer, n, inner, false);
                    assertArrayEquals(values(inPlace), values(dst), what + " out of place");
                    assertArrayEquals(srcBefore, values(src), what + " input unchanged");
                    double[] all = values(inPlace);
                    for (int o = 0; o < outer; o++) {
                        for (int i = 0; i < inner; i += 5) {
                            double[] line = new double[2 * n];
                            for (int j = 0; j < n; j++) {
                                int e = o * n * inner + j * inner + i;
                                line[2 * j] = srcBefore[2 * e];
                                line[2 * j + 1] = srcBefore[2 * e + 1];
                            }
                            Buffer one = buffer(t, line);
                            k.complex(one, 0, 1, n, 1, false);
                            double[] got = values(one);
                            for (int j = 0; j < n; j++) {
                                int e = o * n * inner + j * inner + i;
                                assertEquals(got[2 * j], all[2 * e], what + " line " + o + "," + i + " re");
                                assertEquals(got[2 * j + 1], all[2 * e + 1], what + " line " + o + "," + i + " im");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void realTransformsEqualTheDirectSum() {
        Random rnd = new Random(18);
        for (FftKernels k : backends()) {
            for (ElementType rt : new ElementType[] {ElementType.FLOAT64, ElementType.FLOAT32}) {
                ElementType ct = rt.isDoublePrecision() ? ElementType.COMPLEX128 : ElementType.COMPLEX64;
                for (int n : LENGTHS) {
                    int h = n / 2 + 1;
                    for (int[] oi : new int[][] {{1, 1}, {3, 1}, {1, 4}, {2, 3}}) {
                        int outer = oi[0];
                        int inner = oi[1];
                        double[] rv = new double[1 + outer * n * inner];
                        for (int q = 0; q < rv.length; q++) {
                            rv[q] = rnd.nextDouble() - 0.5;
                        }
                        Buffer in = buffer(rt, rv);
                        double[] rin = values(in);
                        Buffer out = buffer(ct, new double[2 * (2 + outer * h * inner)]);
                        k.realForward(in, 1, out, 2, outer, n, inner);
                        double[] spec = values(out);
                        String what = k.implementation(rt) + " " + rt + " n=" + n + " outer=" + outer + " inner=" + inner;
                        // the inverse: arbitrary bins, the imaginary parts of DC and Nyquist ignored
                        double[] cv = new double[2 * (1 + outer * h * inner)];
                        for (int q = 0; q < cv.length; q++) {
                            cv[q] = rnd.nextDouble() - 0.5;
                        }
                        Buffer cin = buffer(ct, cv);
                        double[] cbefore = values(cin);
                        Buffer rout = buffer(rt, new double[outer * n * inner]);
                        k.realInverse(cin, 1, rout, 0, outer, n, inner);
                        double[] back = values(rout);
                        for (int o = 0; o < outer; o++) {
                            for (int i = 0; i < inner; i++) {
                                double[] line = new double[2 * n];
                                for (int j = 0; j < n; j++) {
                                    line[2 * j] = rin[1 + o * n * inner + j * inner + i];
                                }
                                double[] want = dft(line, n, -1);
                                for (int j = 0; j < h; j++) {
                                    int e = 2 + o * h * inner + j * inner + i;
                                    assertEquals(want[2 * j], spec[2 * e], tol(rt, n), what);
                                    assertEquals(want[2 * j + 1], spec[2 * e + 1], tol(rt, n), what);
                                }
                                // the full Hermitian spectrum of the given bins, then the inverse DFT
                                double[] full = new double[2 * n];
                                for (int j = 0; j < h; j++) {
                                    int e = 1 + o * h * inner + j * inner + i;
                                    full[2 * j] = cbefore[2 * e];
                                    full[2 * j + 1] = (j == 0 || 2 * j == n) ? 0 : cbefore[2 * e + 1];
                                }
                                for (int j = h; j < n; j++) {
                                    full[2 * j] = full[2 * (n - j)];
                                    full[2 * j + 1] = -full[2 * (n - j) + 1];
                                }
                                double[] x = dft(full, n, 1);
                                for (int j = 0; j < n; j++) {
                                    assertEquals(x[2 * j], back[o * n * inner + j * inner + i], tol(rt, n), what + " inverse");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The real transforms with bins multiplied ({@code from, to, factor}) give the bits of the plain
     * transform followed (forward) or preceded (inverse) by multiplying those bins' two parts by the
     * factor in the buffers' precision, on every backend, precision, length and layout, with the
     * range clipped to the {@code n/2 + 1} bins; nothing outside the blocks changes, and the
     * inverse's input is not what is scaled.
     */
    @Test
    void realTransformsWithBinsMultipliedAreTheBitsOfAPassBeforeOrAfter() {
        Random rnd = new Random(19);
        double f = Math.sqrt(2);
        for (FftKernels k : backends()) {
            for (ElementType rt : new ElementType[] {ElementType.FLOAT64, ElementType.FLOAT32}) {
                ElementType ct = rt.isDoublePrecision() ? ElementType.COMPLEX128 : ElementType.COMPLEX64;
                for (int n : LENGTHS) {
                    int h = n / 2 + 1;
                    for (int[] oi : new int[][] {{1, 1}, {3, 1}, {1, 4}, {2, 3}, {40, 1}, {1, 40}}) {
                        for (int[] range : new int[][] {{1, 1 + (n - 1) / 2}, {0, h}, {-2, h + 3}, {2, 1}}) {
                            int outer = oi[0];
                            int inner = oi[1];
                            String what = k.implementation(rt) + " " + rt + " n=" + n + " outer=" + outer + " inner="
                                    + inner + " bins " + range[0] + ".." + range[1];
                            double[] rv = new double[1 + outer * n * inner];
                            for (int q = 0; q < rv.length; q++) {
                                rv[q] = rnd.nextDouble() - 0.5;
                            }
                            Buffer in = buffer(rt, rv);
                            Buffer plain = buffer(ct, new double[2 * (2 + outer * h * inner)]);
                            Buffer folded = buffer(ct, new double[2 * (2 + outer * h * inner)]);
                            k.realForward(in, 1, plain, 2, outer, n, inner);
                            scaleBins(plain, 2, outer, h, inner, range[0], range[1], f);
                            k.realForward(in, 1, folded, 2, outer, n, inner, range[0], range[1], f);
                            assertArrayEquals(values(plain), values(folded), what + " forward");
                            double[] cv = new double[2 * (1 + outer * h * inner)];
                            for (int q = 0; q < cv.length; q++) {
                                cv[q] = rnd.nextDouble() - 0.5;
                            }
                            Buffer scaled = buffer(ct, cv);
                            scaleBins(scaled, 1, outer, h, inner, range[0], range[1], 1 / f);
                            Buffer want = buffer(rt, new double[2 + outer * n * inner]);
                            k.realInverse(scaled, 1, want, 1, outer, n, inner);
                            Buffer cin = buffer(ct, cv);
                            Buffer got = buffer(rt, new double[2 + outer * n * inner]);
                            k.realInverse(cin, 1, got, 1, outer, n, inner, range[0], range[1], 1 / f);
                            assertArrayEquals(values(want), values(got), what + " inverse");
                        }
                    }
                }
            }
        }
    }

    /**
     * Multiplies the bins {@code [from, to)} (clipped to {@code [0, h)}) of the complex block at
     * {@code pos} in place, as a pass would.
     */
    private static void scaleBins(Buffer b, int pos, int outer, int h, int inner, int from, int to, double f) {
        for (int o = 0; o < outer; o++) {
            for (int j = Math.max(0, from); j < Math.min(h, to); j++) {
                for (int i = 0; i < inner; i++) {
                    int e = 2 * (pos + o * h * inner + j * inner + i);
                    if (b.hostArray() instanceof double[] d) {
                        d[e] *= f;
                        d[e + 1] *= f;
                    } else {
                        float[] a = (float[]) b.hostArray();
                        a[e] *= (float) f;
                        a[e + 1] *= (float) f;
                    }
                }
            }
        }
    }

    @Test
    void fftwIsChosenWhereItLoadsAndSaysSo() {
        FftKernels k = NativeFftw.kernels(false);
        String impl = k.implementation(ElementType.COMPLEX128);
        if (k instanceof NativeFftw) {
            assertTrue(impl.startsWith("FFTW 3"), impl);
            assertTrue(k.linesIndependent(), "every line goes through the same plan on aligned scratch");
        } else {
            assertTrue(impl.startsWith("JTransforms") && impl.contains("no usable FFTW"), impl);
        }
        assertTrue(JTransformsFft.INSTANCE.linesIndependent());
    }

    @Test
    void badBlocksAreRefusedNamingTheArgument() {
        FftKernels k = JTransformsFft.INSTANCE;
        Buffer c = Engine.host().allocate(ElementType.COMPLEX128, 8);
        Buffer r = Engine.host().allocate(ElementType.FLOAT64, 8);
        assertEquals("x: the block [2, 10) does not fit a buffer of 8 elements",
                assertThrows(IllegalArgumentException.class, () -> k.complex(c, 2, 1, 8, 1, false)).getMessage());
        assertEquals("n: the transform length must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> k.complex(c, 0, 1, 0, 1, false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> k.complex(r, 0, 1, 8, 1, false))
                .getMessage().startsWith("x: expected a complex host buffer"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> k.realForward(r, 0, Engine.host().allocate(ElementType.COMPLEX64, 5), 0, 1, 8, 1))
                .getMessage().startsWith("out: expected a complex host buffer of the precision of in"));
    }

    /**
     * The scaled forms (a normalisation folded into the transform) give the bits of the plain
     * transform followed by the multiplication, for both backends, both precisions, lines along
     * the first and last axis: complex in place and out of place, real forward with its bins; the
     * complex-to-real one the bits of scaling its input bins first (FFTW, which scales in its
     * scratch) or its output after (JTransforms, by the interface's default).
     */
    @Test
    void scaledFormsEqualTheTransformThenTheMultiplication() {
        Random rnd = new Random(23);
        double scale = 1 / Math.sqrt(391.0);
        for (FftKernels k : backends()) {
            for (boolean dbl : new boolean[] {true, false}) {
                ElementType ct = dbl ? ElementType.COMPLEX128 : ElementType.COMPLEX64;
                ElementType rt = dbl ? ElementType.FLOAT64 : ElementType.FLOAT32;
                for (int n : new int[] {1, 6, 17}) {
                    for (long[] oi : new long[][] {{3, 1}, {1, 5}}) {
                        long outer = oi[0];
                        long inner = oi[1];
                        String what = k.getClass().getSimpleName() + " " + ct + " n=" + n + " outer=" + outer
                                + " inner=" + inner;
                        int len = (int) (outer * n * inner);
                        double[] v = new double[2 * len];
                        for (int q = 0; q < v.length; q++) {
                            v[q] = rnd.nextGaussian();
                        }
                        // complex in place and out of place
                        Buffer want = buffer(ct, v);
                        k.complex(want, 0, outer, n, inner, true);
                        double[] w = times(values(want), scale, dbl);
                        Buffer got = buffer(ct, v);
                        k.complex(got, 0, outer, n, inner, true, scale);
                        assertArrayEquals(w, values(got), what + " complex in place");
                        Buffer out = Engine.host().allocate(ct, len);
                        k.complex(buffer(ct, v), 0, out, 0, outer, n, inner, true, scale);
                        assertArrayEquals(w, values(out), what + " complex out of place");
                        // real forward, bins 1 .. (n-1)/2 by √2, then every bin by the scale
                        int h = n / 2 + 1;
                        double[] r = java.util.Arrays.copyOf(v, len);
                        Buffer spec = Engine.host().allocate(ct, outer * h * inner);
                        k.realForward(buffer(rt, r), 0, spec, 0, outer, n, inner, 1, 1 + (n - 1) / 2, Math.sqrt(2));
                        double[] ws = times(values(spec), scale, dbl);
                        Buffer spec2 = Engine.host().allocate(ct, outer * h * inner);
                        k.realForward(buffer(rt, r), 0, spec2, 0, outer, n, inner, 1, 1 + (n - 1) / 2, Math.sqrt(2),
                                scale);
                        assertArrayEquals(ws, values(spec2), what + " real forward");
                        // real inverse of that spectrum
                        double[] c = values(spec2);
                        Buffer back = Engine.host().allocate(rt, len);
                        k.realInverse(buffer(ct, c), 0, back, 0, outer, n, inner, 1, 1 + (n - 1) / 2, 1 / Math.sqrt(2),
                                scale);
                        Buffer ref = Engine.host().allocate(rt, len);
                        double[] wr;
                        if (k instanceof NativeFftw) {
                            double[] bins = values(buffer(ct, c));
                            for (long o = 0; o < outer; o++) {
                                for (int b = 0; b < h; b++) {
                                    for (long i2 = 0; i2 < inner; i2++) {
                                        int at = (int) (2 * ((o * h + b) * inner + i2));
                                        for (int part = 0; part < 2; part++) {
                                            double x = bins[at + part];
                                            if (b >= 1 && b < 1 + (n - 1) / 2) {
                                                x = dbl ? x * (1 / Math.sqrt(2)) : (float) x * (float) (1 / Math.sqrt(2));
                                            }
                                            bins[at + part] = dbl ? x * scale : (float) x * (float) scale;
                                        }
                                    }
                                }
                            }
                            k.realInverse(buffer(ct, bins), 0, ref, 0, outer, n, inner);
                            wr = values(ref);
                        } else {
                            k.realInverse(buffer(ct, c), 0, ref, 0, outer, n, inner, 1, 1 + (n - 1) / 2,
                                    1 / Math.sqrt(2));
                            wr = times(values(ref), scale, dbl);
                        }
                        assertArrayEquals(wr, values(back), what + " real inverse");
                    }
                }
            }
        }
    }

    /** {@code v} times {@code s}, rounded as the kernels multiply (float32: by {@code (float) s}). */
    private static double[] times(double[] v, double s, boolean dbl) {
        double[] out = new double[v.length];
        for (int q = 0; q < v.length; q++) {
            out[q] = dbl ? v[q] * s : (float) v[q] * (float) s;
        }
        return out;
    }
}
