package org.jlops.mpi.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FftSteps}' conversions between real and complex for every pair of storage types (the
 * FFT operators reach the mixed-precision pairs only through large or slow-tagged shapes), and
 * its rolls, resizes and ranged scaling on small blocks with known answers.
 */
class FftStepsTest {

    /** A buffer of {@code type} holding the components {@code c} (interleaved re, im when complex). */
    static Buffer buffer(ElementType type, double... c) {
        Object a;
        if (type.isDoublePrecision()) {
            a = c.clone();
        } else {
            float[] f = new float[c.length];
            for (int k = 0; k < c.length; k++) {
                f[k] = (float) c[k];
            }
            a = f;
        }
        return Engine.host().wrap(a, type);
    }

    /** The buffer's components as doubles. */
    static double[] components(Buffer b) {
        if (b.hostArray() instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) b.hostArray();
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }

    static ElementType complexOf(ElementType t) {
        return t.isDoublePrecision() ? ElementType.COMPLEX128 : ElementType.COMPLEX64;
    }

    /** Real input: its values as real parts, zero imaginary parts, in either target precision. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ElementType.class, names = {"FLOAT32", "FLOAT64"})
    void realInputGetsZeroImaginaryParts(ElementType in) {
        Buffer x = buffer(in, 1, -2, 3.5);
        for (ElementType ct : new ElementType[] {ElementType.COMPLEX64, ElementType.COMPLEX128}) {
            for (boolean realPartOnly : new boolean[] {false, true}) {
                Buffer c = FftSteps.toComplex(x, ct, realPartOnly);
                assertEquals(ct, c.type());
                assertEquals(3, c.length());
                assertArrayEquals(new double[] {1, 0, -2, 0, 3.5, 0}, components(c), in + " -> " + ct);
            }
        }
    }

    /** Complex input: copied, or with its imaginary parts zeroed when only the real part is asked for. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ElementType.class, names = {"COMPLEX64", "COMPLEX128"})
    void complexInputKeepsOrDropsItsImaginaryParts(ElementType in) {
        Buffer x = buffer(in, 1, 5, -2, 6, 3.5, -7);
        double[] before = components(x);
        for (ElementType ct : new ElementType[] {ElementType.COMPLEX64, ElementType.COMPLEX128}) {
            Buffer kept = FftSteps.toComplex(x, ct, false);
            assertEquals(ct, kept.type());
            assertArrayEquals(new double[] {1, 5, -2, 6, 3.5, -7}, components(kept), in + " -> " + ct);
            Buffer dropped = FftSteps.toComplex(x, ct, true);
            assertArrayEquals(new double[] {1, 0, -2, 0, 3.5, 0}, components(dropped), in + " -> " + ct + " re only");
        }
        assertArrayEquals(before, components(x), "input unchanged");
    }

    /** The real parts of complex input, or real input copied, in either target precision. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(ElementType.class)
    void realPartOfEveryType(ElementType in) {
        Buffer x = in.isComplex() ? buffer(in, 1, 5, -2, 6, 3.5, -7) : buffer(in, 1, -2, 3.5);
        for (ElementType rt : new ElementType[] {ElementType.FLOAT32, ElementType.FLOAT64}) {
            Buffer r = FftSteps.realPart(x, rt);
            assertEquals(rt, r.type());
            assertArrayEquals(new double[] {1, -2, 3.5}, components(r), in + " -> " + rt);
        }
    }

    /** Rolls along the middle axis of a 2 x 3 x 2 block; a shift of a whole period is the input itself. */
    @Test
    void rollAlongAnAxis() {
        long[] shape = {2, 3, 2};
        double[] v = new double[12];
        for (int k = 0; k < 12; k++) {
            v[k] = k;
        }
        Buffer x = buffer(ElementType.FLOAT64, v);
        assertSame(x, FftSteps.roll(x, shape, 1, 3));
        assertSame(x, FftSteps.roll(x, shape, 1, -6));
        // element i along axis 1 goes to (i + 1) mod 3
        assertArrayEquals(new double[] {4, 5, 0, 1, 2, 3, 10, 11, 6, 7, 8, 9},
                components(FftSteps.roll(x, shape, 1, 1)));
        assertArrayEquals(new double[] {2, 3, 4, 5, 0, 1, 8, 9, 10, 11, 6, 7},
                components(FftSteps.roll(x, shape, 1, -1)));
        Buffer c = buffer(ElementType.COMPLEX64, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {5, 6, 1, 2, 3, 4}, components(FftSteps.roll(c, new long[] {3}, 0, 1)));
    }

    /** Zero-padding and truncation along the middle axis of a 2 x 2 x 2 block. */
    @Test
    void resizeAlongAnAxis() {
        long[] shape = {2, 2, 2};
        Buffer x = buffer(ElementType.FLOAT64, 1, 2, 3, 4, 5, 6, 7, 8);
        assertSame(x, FftSteps.resize(x, shape, 1, 2));
        Buffer padded = FftSteps.resize(x, shape, 1, 3);
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0, 5, 6, 7, 8, 0, 0}, components(padded));
        Buffer cut = FftSteps.resize(x, shape, 1, 1);
        assertArrayEquals(new double[] {1, 2, 5, 6}, components(cut));
        Buffer c = buffer(ElementType.COMPLEX128, 1, 2, 3, 4);
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0}, components(FftSteps.resize(c, new long[] {2}, 0, 3)));
    }

    /** Scaling of the bins in [from, to) along an axis, clipped to the axis, in both precisions. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ElementType.class, names = {"COMPLEX64", "COMPLEX128"})
    void scaleAlongARangeOfBins(ElementType t) {
        long[] shape = {2, 3};
        Buffer x = buffer(t, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6);
        FftSteps.scaleAlong(x, shape, 1, 1, 5, 2);
        assertArrayEquals(new double[] {1, 1, 4, 4, 6, 6, 4, 4, 10, 10, 12, 12}, components(x));
        FftSteps.scaleAlong(x, shape, 1, -3, 1, 0.5);
        assertArrayEquals(new double[] {0.5, 0.5, 4, 4, 6, 6, 2, 2, 10, 10, 12, 12}, components(x));
        FftSteps.scaleAlong(x, shape, 1, 2, 2, 100);
        FftSteps.scaleAlong(x, shape, 1, 3, 2, 100);
        assertArrayEquals(new double[] {0.5, 0.5, 4, 4, 6, 6, 2, 2, 10, 10, 12, 12}, components(x));
        FftSteps.scale(x, 1);
        assertEquals(0.5, components(x)[0]);
        FftSteps.scale(x, -2);
        assertEquals(-1, components(x)[0]);
    }
}
