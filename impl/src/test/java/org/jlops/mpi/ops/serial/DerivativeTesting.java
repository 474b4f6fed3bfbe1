package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.reference.ops.DenseOperator;

/**
 * Shared helpers of the derivative tests (serial and distributed): seeded data, the EJML reference
 * applied to host arrays, tolerance checks, and the derivative configurations to sweep.
 */
public final class DerivativeTesting {

    private DerivativeTesting() {
    }

    /** One first-derivative configuration: kind, edge, order. */
    public record Config(DerivativeKind kind, boolean edge, int order) {
        /** Every distinct first-derivative configuration (6). */
        public static List<Config> firstDerivatives() {
            List<Config> c = new ArrayList<>();
            c.add(new Config(DerivativeKind.FORWARD, false, 3));
            c.add(new Config(DerivativeKind.BACKWARD, false, 3));
            for (int order : new int[] {3, 5}) {
                for (boolean edge : new boolean[] {false, true}) {
                    c.add(new Config(DerivativeKind.CENTERED, edge, order));
                }
            }
            return c;
        }

        /** Every distinct second-derivative configuration (4; order unused). */
        public static List<Config> secondDerivatives() {
            return List.of(new Config(DerivativeKind.FORWARD, false, 3), new Config(DerivativeKind.BACKWARD, false, 3),
                    new Config(DerivativeKind.CENTERED, false, 3), new Config(DerivativeKind.CENTERED, true, 3));
        }

        /** The smallest axis length the edge formulas of the first derivative accept. */
        public int minFirst() {
            return edge && kind == DerivativeKind.CENTERED ? (order == 3 ? 2 : 3) : 0;
        }

        /** The smallest axis length the edge formulas of the second derivative accept. */
        public int minSecond() {
            return edge && kind == DerivativeKind.CENTERED ? 3 : 0;
        }
    }

    /** The four dtypes. */
    public static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128};

    /** The comparison tolerance: 1e-12 in double precision, 1e-5 in single. */
    public static double rtol(DType dtype) {
        return dtype.isDoublePrecision() ? 1e-12 : 1e-5;
    }

    /** The reference's kind of the same name. */
    public static org.jlops.mpi.reference.ops.DerivativeKind ref(DerivativeKind kind) {
        return org.jlops.mpi.reference.ops.DerivativeKind.valueOf(kind.name());
    }

    /** {@code n} entries normal(0, 1) (imaginary parts too for complex dtypes), from {@code seed}. */
    public static NdArray random(DType dtype, long seed, long n) {
        Random rnd = new Random(seed);
        NdArray x = NdArray.zeros(dtype, n);
        for (long k = 0; k < n; k++) {
            x.set(k, rnd.nextGaussian(), dtype.isComplex() ? rnd.nextGaussian() : 0);
        }
        return x;
    }

    /** The product of the entries of a shape. */
    public static long size(long[] dims) {
        long p = 1;
        for (long d : dims) {
            p *= d;
        }
        return p;
    }

    /** The reference's {@code A x} (or {@code A^T y}) on a host array, in complex double precision. */
    public static NdArray apply(DenseOperator op, NdArray x, boolean adjoint) {
        long n = x.size();
        double[] v = new double[(int) (2 * n)];
        for (int k = 0; k < n; k++) {
            v[2 * k] = x.re(k);
            v[2 * k + 1] = x.im(k);
        }
        double[] r = adjoint ? op.rmatvecComplex(v) : op.matvecComplex(v);
        return NdArray.ofComplex128(r, r.length / 2);
    }

    /**
     * Norm-wise {@code ||actual - expected|| <= rtol ||expected||} (exact when expected is zero),
     * equal sizes, and the expected dtype.
     */
    public static void assertClose(NdArray expected, NdArray actual, double rtol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        double num = 0;
        double den = 0;
        for (long k = 0; k < expected.size(); k++) {
            double dr = actual.re(k) - expected.re(k);
            double di = actual.im(k) - expected.im(k);
            num += dr * dr + di * di;
            den += expected.re(k) * expected.re(k) + expected.im(k) * expected.im(k);
        }
        assertTrue(Math.sqrt(num) <= rtol * Math.sqrt(den), what + ": relative error " + Math.sqrt(num / den)
                + " above " + rtol);
    }

    /** {@code sum conj(a_k) b_k} in double precision, as {re, im}. */
    public static double[] vdot(NdArray a, NdArray b) {
        double re = 0;
        double im = 0;
        for (long k = 0; k < a.size(); k++) {
            re += a.re(k) * b.re(k) + a.im(k) * b.im(k);
            im += a.re(k) * b.im(k) - a.im(k) * b.re(k);
        }
        return new double[] {re, im};
    }

    /** Asserts {@code |a - b| <= rtol max(|a|, |b|)} for two complex numbers {re, im}. */
    public static void assertDotsClose(double[] a, double[] b, double rtol, String what) {
        double scale = Math.max(Math.hypot(a[0], a[1]), Math.hypot(b[0], b[1]));
        double diff = Math.hypot(a[0] - b[0], a[1] - b[1]);
        assertTrue(diff <= rtol * scale + 1e-300, what + ": <Ax, y> = " + a[0] + "+" + a[1] + "i but <x, A^H y> = "
                + b[0] + "+" + b[1] + "i");
    }
}
