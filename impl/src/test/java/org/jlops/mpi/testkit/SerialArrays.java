package org.jlops.mpi.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;

/**
 * The plain serial side of the array tests: seeded test data (identical on every rank, as
 * PyLops-MPI's tests seed NumPy on every rank), a straightforward recomputation of every
 * element-wise operation and reduction on a whole global array, with compensated sums so that the
 * reference's own rounding error is negligible next to the tolerances, and tolerance checks.
 * Used by impl's unit tests and by verify's array conformance suite
 * ({@code org.jlops.mpi.verify.array.ArrayConformance}).
 *
 * <p>Data and references are memoised per key (shared read-only between the in-JVM ranks, which
 * are threads of one JVM, so that 8 ranks do not build the same array 8 times): callers must not
 * modify what {@link #random}, {@link #arange}, {@link #full} and {@link #memo} return.
 *
 * <p>The checks throw {@link AssertionError} (which JUnit reports as a failure) rather than calling
 * JUnit, so that verify's main code can use this class without JUnit on its class path.
 */
public final class SerialArrays {

    private SerialArrays() {
    }

    /** rtol of the conformance list: 1e-14 for double precision, 1e-6 for single. */
    public static double rtol(DType dtype) {
        return dtype.isDoublePrecision() ? 1e-14 : 1e-6;
    }

    private static final Map<String, Object> MEMO = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > 128;
        }
    };

    /** {@code f.get()} computed once per key; callers must not modify the result. */
    @SuppressWarnings("unchecked")
    public static <T> T memo(String key, Supplier<T> f) {
        synchronized (MEMO) {
            Object v = MEMO.get(key);
            if (v == null) {
                v = f.get();
                MEMO.put(key, v);
            }
            return (T) v;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Data

    /** normal(mean, std) entries (imaginary parts normal(mean/2, std/2)) from a fixed seed. Shared. */
    public static NdArray random(DType dtype, long seed, double mean, double std, long... shape) {
        return memo("random " + dtype + seed + " " + mean + " " + std + Arrays.toString(shape), () -> {
            Random rnd = new Random(seed);
            NdArray x = NdArray.zeros(dtype, shape);
            for (long k = 0; k < x.size(); k++) {
                double re = mean + std * rnd.nextGaussian();
                double im = dtype.isComplex() ? mean / 2 + std / 2 * rnd.nextGaussian() : 0;
                x.set(k, re, im);
            }
            return x;
        });
    }

    /** 0, 1, 2, ... (imaginary parts -k/2). Shared. */
    public static NdArray arange(DType dtype, long... shape) {
        return memo("arange " + dtype + Arrays.toString(shape), () -> {
            NdArray x = NdArray.zeros(dtype, shape);
            for (long k = 0; k < x.size(); k++) {
                x.set(k, k, dtype.isComplex() ? -0.5 * k : 0);
            }
            return x;
        });
    }

    /** Every element {@code re + i im}. Shared. */
    public static NdArray full(DType dtype, double re, double im, long... shape) {
        return memo("full " + dtype + re + " " + im + Arrays.toString(shape), () -> {
            NdArray x = NdArray.zeros(dtype, shape);
            for (long k = 0; k < x.size(); k++) {
                x.set(k, re, im);
            }
            return x;
        });
    }

    /** {@code copies} copies of x joined along {@code axis}. */
    public static NdArray replicate(NdArray x, int copies, int axis) {
        List<NdArray> parts = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            parts.add(x);
        }
        return NdArray.concatenate(axis, parts);
    }

    // ---------------------------------------------------------------------------------------
    // Shapes

    /** The number of elements of {@code shape} (1 for a 0-d shape). */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code axis} with a negative value counted from the end of {@code ndim} axes. */
    public static int normalise(int axis, int ndim) {
        return axis < 0 ? axis + ndim : axis;
    }

    /** {@code shape} with the entry at {@code axis} removed (the shape a reduction along it leaves). */
    public static long[] without(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Element-wise references

    /** '+', '-', '*' of two arrays, 'n' negation or 'c' conjugate of a, in a's dtype. */
    public static NdArray apply(NdArray a, NdArray b, char op) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            double ar = a.re(k), ai = a.im(k);
            double br = b == null ? 0 : b.re(k), bi = b == null ? 0 : b.im(k);
            switch (op) {
                case '+' -> out.set(k, ar + br, ai + bi);
                case '-' -> out.set(k, ar - br, ai - bi);
                case '*' -> out.set(k, ar * br - ai * bi, ar * bi + ai * br);
                case 'n' -> out.set(k, -ar, -ai);
                default -> out.set(k, ar, -ai);
            }
        }
        return out;
    }

    /** {@code (re + i im) * a} in a's dtype (real dtypes keep the real part). */
    public static NdArray scale(NdArray a, double re, double im) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            out.set(k, re * a.re(k) - im * a.im(k), re * a.im(k) + im * a.re(k));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Reductions

    /** Neumaier-compensated accumulator. */
    public static final class Sum {
        private double s;
        private double c;

        /** Adds {@code v}, carrying its rounding error. */
        public void add(double v) {
            double t = s + v;
            if (Math.abs(s) >= Math.abs(v)) {
                c += (s - t) + v;
            } else {
                c += (v - t) + s;
            }
            s = t;
        }

        /** The compensated sum of everything added. */
        public double value() {
            return s + c;
        }
    }

    /** The modulus of element {@code k} (flat index) of x. */
    public static double abs(NdArray x, long k) {
        return Math.hypot(x.re(k), x.im(k));
    }

    /** numpy.linalg.norm of the elements {@code idx} of x, with {@code |x|^p}. */
    public static double norm(NdArray x, long[] idx, double ord) {
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
    public static double norm(NdArray x, double ord) {
        long[] idx = new long[(int) x.size()];
        Arrays.setAll(idx, i -> i);
        return norm(x, idx, ord);
    }

    /** The norms along {@code axis}, in C order of the remaining shape. */
    public static double[] norm(NdArray x, double ord, int axis) {
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

    /** {@code sum op(x_k) y_k}, op = conj when {@code vdot}. */
    public static Complex dot(NdArray x, NdArray y, boolean vdot) {
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
    // Checks (AssertionError, no JUnit)

    /**
     * {@code |actual - expected| <= rtol |expected|} (or exactly equal).
     *
     * @param what names the value in the failure message
     * @throws AssertionError when not
     */
    public static void assertClose(double expected, double actual, double rtol, String what) {
        if (!(Math.abs(actual - expected) <= rtol * Math.abs(expected)) && !(expected == actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + Math.abs(actual - expected) / Math.abs(expected) + " > " + rtol + ")");
        }
    }

    /**
     * {@code |actual - expected| <= rtol |expected|} in the complex modulus (or exactly equal).
     *
     * @param what names the value in the failure message
     * @throws AssertionError when not
     */
    public static void assertClose(Complex expected, Complex actual, double rtol, String what) {
        double err = Math.hypot(actual.re() - expected.re(), actual.im() - expected.im());
        if (!(err <= rtol * expected.abs()) && !expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + err / expected.abs() + " > " + rtol + ")");
        }
    }

    /**
     * Same shape and dtype; every element within rtol of the expected one (complex: modulus of the
     * difference), or exactly equal.
     *
     * @param what names the array in the failure message
     * @throws AssertionError naming the first element that differs
     */
    public static void assertClose(NdArray expected, NdArray actual, double rtol, String what) {
        if (expected.dtype() != actual.dtype()) {
            throw new AssertionError(what + ": dtype expected " + expected.dtype() + ", got " + actual.dtype());
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape expected " + Arrays.toString(expected.shape()) + ", got "
                    + Arrays.toString(actual.shape()));
        }
        for (long k = 0; k < expected.size(); k++) {
            double dr = actual.re(k) - expected.re(k), di = actual.im(k) - expected.im(k);
            double err = Math.hypot(dr, di);
            double ref = abs(expected, k);
            if (!(err <= rtol * ref) && !(dr == 0 && di == 0)) {
                throw new AssertionError(what + ": element " + k + " expected (" + expected.re(k) + ", "
                        + expected.im(k) + "), got (" + actual.re(k) + ", " + actual.im(k) + ")");
            }
        }
    }

    /**
     * Values along a reduced axis (real parts of {@code actual}) compared with a reference vector.
     *
     * @param what names the values in the failure message
     * @throws AssertionError on a size mismatch or the first value out of tolerance
     */
    public static void assertClose(double[] expected, NdArray actual, double rtol, String what) {
        if (expected.length != actual.size()) {
            throw new AssertionError(what + ": size expected " + expected.length + ", got " + actual.size());
        }
        for (int k = 0; k < expected.length; k++) {
            assertClose(expected[k], actual.re(k), rtol, what + " [" + k + "]");
        }
    }
}
