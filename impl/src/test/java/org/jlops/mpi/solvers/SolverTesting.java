package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.RandomVectors;
import org.jlops.mpi.testkit.DenseOp;

/** Dense test operators, random vectors and comparisons of the solver tests. */
final class SolverTesting {

    private SolverTesting() {
    }

    /**
     * The test tree's dense serial operator ({@link DenseOp}: any dtype, plain loops, double
     * accumulation, its EJML reference) with the solver tests' factories.
     */
    static final class Matrix extends DenseOp {

        Matrix(NdArray a) {
            super(a);
        }

        /** Entries uniform in [-1, 1) (imaginary parts too for complex dtypes). */
        static Matrix random(DType dtype, int rows, int cols, long seed) {
            Random rnd = new Random(seed);
            NdArray m = NdArray.zeros(dtype, rows, cols);
            for (long k = 0; k < (long) rows * cols; k++) {
                m.set(k, 2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1);
            }
            return new Matrix(m);
        }

        /** This matrix plus {@code d} on its main diagonal (well conditioned for {@code d} of a few units). */
        Matrix plusDiagonal(double d) {
            NdArray m = a.copy();
            long n = cols();
            for (long i = 0; i < Math.min(rows(), n); i++) {
                m.set(i * n + i, a.re(i * n + i) + d, a.im(i * n + i));
            }
            return new Matrix(m);
        }

        /** {@code s} times a matrix of ones. */
        static Matrix constant(DType dtype, int rows, int cols, double re, double im) {
            NdArray m = NdArray.zeros(dtype, rows, cols);
            for (long k = 0; k < (long) rows * cols; k++) {
                m.set(k, re, im);
            }
            return new Matrix(m);
        }

        /** {@code A^H A + shift I}: Hermitian positive definite for {@code shift > 0}. */
        Matrix normal(double shift) {
            int m = (int) rows();
            int n = (int) cols();
            NdArray g = NdArray.zeros(a.dtype(), n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double re = i == j ? shift : 0;
                    double im = 0;
                    for (int k = 0; k < m; k++) {
                        double ar = a.re((long) k * n + i);
                        double ai = -a.im((long) k * n + i);
                        double br = a.re((long) k * n + j);
                        double bi = a.im((long) k * n + j);
                        re += ar * br - ai * bi;
                        im += ar * bi + ai * br;
                    }
                    g.set((long) i * n + j, re, im);
                }
            }
            return new Matrix(g);
        }
    }

    /** A vector of {@code like}'s layout, random: per-rank streams for SCATTER blocks, one stream for replicated ones. */
    static DistributedVector randomLike(DistributedVector like, long seed) {
        return RandomVectors.like(like, seed, (a, s) -> {
            Random rnd = new Random(a.partition() == Partition.SCATTER ? s * 1009 + a.rank() : s);
            NdArray r = NdArray.zeros(a.dtype(), a.localSize());
            for (long k = 0; k < a.localSize(); k++) {
                r.set(k, 2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1);
            }
            return r;
        });
    }

    /** The gathered vector in the reference's format: real values, or interleaved (re, im) when {@code complex}. */
    static double[] ref(DistributedVector v, boolean complex) {
        return ref(v.asArray(), complex);
    }

    static double[] ref(NdArray a, boolean complex) {
        int n = (int) a.size();
        double[] out = new double[complex ? 2 * n : n];
        for (int k = 0; k < n; k++) {
            if (complex) {
                out[2 * k] = a.re(k);
                out[2 * k + 1] = a.im(k);
            } else {
                out[k] = a.re(k);
            }
        }
        return out;
    }

    /** {@code ‖actual − expected‖ <= rtol ‖expected‖} (exact when expected is zero). */
    static void assertClose(double[] expected, double[] actual, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double num = 0;
        double den = 0;
        for (int k = 0; k < expected.length; k++) {
            num += (actual[k] - expected[k]) * (actual[k] - expected[k]);
            den += expected[k] * expected[k];
        }
        assertTrue(Math.sqrt(num) <= rtol * Math.sqrt(den), what + ": relative error " + Math.sqrt(num / den)
                + " above " + rtol);
    }

    /**
     * Element-wise comparison of two histories, relative to the largest entry (late entries of a
     * converged run are rounding noise of the early ones).
     */
    static void assertHistory(double[] expected, double[] actual, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int k = 0; k < expected.length; k++) {
            assertTrue(Math.abs(actual[k] - expected[k]) <= rtol * scale, what + "[" + k
                    + "]: " + actual[k] + " vs " + expected[k]);
        }
    }
}
