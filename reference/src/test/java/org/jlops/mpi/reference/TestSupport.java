package org.jlops.mpi.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/** Seeded random data and tolerance assertions shared by the reference tests. */
public final class TestSupport {

    private TestSupport() {
    }

    /** Uniform values in [-1, 1). */
    public static double[] random(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * rnd.nextDouble() - 1;
        }
        return v;
    }

    /** Real parts of an interleaved complex vector turned into a complex vector with zero imaginary part. */
    public static double[] toInterleaved(double[] real) {
        double[] z = new double[2 * real.length];
        for (int i = 0; i < real.length; i++) {
            z[2 * i] = real[i];
        }
        return z;
    }

    /** max_i |a_i − b_i| ≤ atol + rtol·max_i |b_i|. */
    public static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        double err = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double e = Math.abs(expected[i] - actual[i]);
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
        }
        double bound = atol + rtol * scale;
        final int w = worst;
        final double er = err;
        assertTrue(err <= bound, () -> what + ": max error " + er + " at index " + w + " (expected " + expected[w]
                + ", got " + actual[w] + "), allowed " + bound);
    }

    /** |a − b| ≤ atol + rtol·|a|. */
    public static void assertClose(double expected, double actual, double rtol, double atol, String what) {
        double bound = atol + rtol * Math.abs(expected);
        assertTrue(Math.abs(expected - actual) <= bound,
                () -> what + ": expected " + expected + ", got " + actual + " (allowed error " + bound + ")");
    }
}
