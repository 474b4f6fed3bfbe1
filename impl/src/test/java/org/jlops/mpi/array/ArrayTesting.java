package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Test support: seeded random arrays, a plain serial recomputation of every reduction on a
 * gathered array (compensated sums, so the reference's own error is negligible), and tolerance
 * checks.
 */
final class ArrayTesting {

    private ArrayTesting() {
    }

    /** rtol of the conformance list: 1e-14 for double precision, 1e-6 for single. */
    static double rtol(DType dtype) {
        return dtype.isDoublePrecision() ? 1e-14 : 1e-6;
    }

    /** Results shared by all ranks and rank counts (LRU, a few hundred MB at most). */
    private static final Map<String, Object> MEMO = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > 96;
        }
    };

    /**
     * {@code f.get()} computed once per key and shared between ranks (threads) and tests, so that
     * every rank does not rebuild the same global data and reference. Callers must not modify it.
     */
    @SuppressWarnings("unchecked")
    static <T> T memo(String key, Supplier<T> f) {
        synchronized (MEMO) {
            Object v = MEMO.get(key);
            if (v == null) {
                v = f.get();
                MEMO.put(key, v);
            }
            return (T) v;
        }
    }

    /** normal(mean, std) entries (imaginary parts normal(mean/2, std/2)), from a fixed seed. Shared: do not modify. */
    static NdArray random(DType dtype, long seed, double mean, double std, long... shape) {
        return memo("random " + dtype + seed + " " + mean + " " + std + Arrays.toString(shape),
                () -> randomNew(dtype, seed, mean, std, shape));
    }

    private static NdArray randomNew(DType dtype, long seed, double mean, double std, long... shape) {
        Random rnd = new Random(seed);
        NdArray x = NdArray.zeros(dtype, shape);
        for (long k = 0; k < x.size(); k++) {
            double re = mean + std * rnd.nextGaussian();
            double im = dtype.isComplex() ? mean / 2 + std / 2 * rnd.nextGaussian() : 0;
            x.set(k, re, im);
        }
        return x;
    }

    /** 0, 1, 2, ... (imaginary parts -k/2) as PyLops-MPI's {@code arange} test data. Shared: do not modify. */
    static NdArray arange(DType dtype, long... shape) {
        return memo("arange " + dtype + Arrays.toString(shape), () -> arangeNew(dtype, shape));
    }

    private static NdArray arangeNew(DType dtype, long... shape) {
        NdArray x = NdArray.zeros(dtype, shape);
        for (long k = 0; k < x.size(); k++) {
            x.set(k, k, dtype.isComplex() ? -0.5 * k : 0);
        }
        return x;
    }

    /** An array filled with one value. Shared: do not modify. */
    static NdArray full(DType dtype, double re, double im, long... shape) {
        return memo("full " + dtype + re + " " + im + Arrays.toString(shape), () -> fullNew(dtype, re, im, shape));
    }

    private static NdArray fullNew(DType dtype, double re, double im, long... shape) {
        NdArray x = NdArray.zeros(dtype, shape);
        for (long k = 0; k < x.size(); k++) {
            x.set(k, re, im);
        }
        return x;
    }

    // ---------------------------------------------------------------------------------------
    // Serial reference

    /** Neumaier-compensated accumulator. */
    static final class Sum {
        private double s;
        private double c;

        void add(double v) {
            double t = s + v;
            if (Math.abs(s) >= Math.abs(v)) {
                c += (s - t) + v;
            } else {
                c += (v - t) + s;
            }
            s = t;
        }

        double value() {
            return s + c;
        }
    }

    static double abs(NdArray x, long k) {
        return Math.hypot(x.re(k), x.im(k));
    }

    /** The vector norm of the elements at {@code idx} of x (numpy.linalg.norm semantics, |x|^p). */
    static double norm(NdArray x, long[] idx, double ord) {
        if (ord == Double.POSITIVE_INFINITY) {
            double m = 0;
            for (long k : idx) {
                m = Math.max(m, abs(x, k));
            }
            return m;
        }
        if (ord == Double.NEGATIVE_INFINITY) {
            double m = Double.POSITIVE_INFINITY;
            for (long k : idx) {
                m = Math.min(m, abs(x, k));
            }
            return m;
        }
        Sum s = new Sum();
        for (long k : idx) {
            double a = abs(x, k);
            s.add(ord == 0 ? (a != 0 ? 1 : 0) : ord == 2 ? a * a : ord == 1 ? a : Math.pow(a, ord));
        }
        if (ord == 0 || ord == 1) {
            return s.value();
        }
        return ord == 2 ? Math.sqrt(s.value()) : Math.pow(s.value(), 1 / ord);
    }

    /** The norm of all elements. */
    static double norm(NdArray x, double ord) {
        long[] idx = new long[(int) x.size()];
        Arrays.setAll(idx, i -> i);
        return norm(x, idx, ord);
    }

    /** The norms along {@code axis}, in C order of the remaining shape. */
    static double[] norm(NdArray x, double ord, int axis) {
        long[] shape = x.shape();
        long outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        long n = shape[axis];
        double[] out = new double[(int) (outer * inner)];
        long[] idx = new long[(int) n];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                for (long a = 0; a < n; a++) {
                    idx[(int) a] = (o * n + a) * inner + i;
                }
                out[(int) (o * inner + i)] = norm(x, idx, ord);
            }
        }
        return out;
    }

    /** {@code sum op(x_k) y_k} of two arrays of one size, op = conj when {@code vdot}. */
    static Complex dot(NdArray x, NdArray y, boolean vdot) {
        Sum re = new Sum();
        Sum im = new Sum();
        double sign = vdot ? -1 : 1;
        for (long k = 0; k < x.size(); k++) {
            double a = x.re(k), b = sign * x.im(k), c = y.re(k), d = y.im(k);
            re.add(a * c);
            re.add(-b * d);
            im.add(a * d);
            im.add(b * c);
        }
        return new Complex(re.value(), im.value());
    }

    // ---------------------------------------------------------------------------------------
    // Checks

    static void assertClose(double expected, double actual, double rtol, String what) {
        if (!(Math.abs(actual - expected) <= rtol * Math.abs(expected)) && !(expected == actual)) {
            fail(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + Math.abs(actual - expected) / Math.abs(expected) + " > " + rtol + ")");
        }
    }

    static void assertClose(Complex expected, Complex actual, double rtol, String what) {
        double err = Math.hypot(actual.re() - expected.re(), actual.im() - expected.im());
        if (!(err <= rtol * expected.abs()) && !expected.equals(actual)) {
            fail(what + ": expected " + expected + ", got " + actual + " (relative error " + err / expected.abs()
                    + " > " + rtol + ")");
        }
    }

    /** Same shape and dtype; every element within rtol (complex: modulus of the difference). */
    static void assertClose(NdArray expected, NdArray actual, double rtol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        for (long k = 0; k < expected.size(); k++) {
            double dr = actual.re(k) - expected.re(k), di = actual.im(k) - expected.im(k);
            double err = Math.hypot(dr, di);
            double ref = abs(expected, k);
            if (!(err <= rtol * ref) && !(dr == 0 && di == 0)) {
                fail(what + ": element " + k + " expected (" + expected.re(k) + ", " + expected.im(k) + "), got ("
                        + actual.re(k) + ", " + actual.im(k) + ")");
            }
        }
    }

    /** Values along a reduced axis compared with a reference vector. */
    static void assertClose(double[] expected, NdArray actual, double rtol, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        for (int k = 0; k < expected.length; k++) {
            assertClose(expected[k], actual.re(k), rtol, what + " [" + k + "]");
        }
    }

    /** The global array with the given number of identical copies concatenated along axis. */
    static NdArray replicate(NdArray x, int copies, int axis) {
        java.util.List<NdArray> parts = new java.util.ArrayList<>();
        for (int i = 0; i < copies; i++) {
            parts.add(x);
        }
        return NdArray.concatenate(axis, parts);
    }
}
