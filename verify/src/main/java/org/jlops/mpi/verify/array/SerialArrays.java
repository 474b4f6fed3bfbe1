package org.jlops.mpi.verify.array;

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
 * The plain serial side of the array conformance suite: seeded test data (identical on every rank,
 * as PyLops-MPI's tests seed NumPy on every rank) and a straightforward recomputation of every
 * element-wise operation and reduction on a whole global array, with compensated sums so that the
 * reference's own rounding error is negligible next to the tolerances.
 *
 * <p>Data and references are memoised per key (shared read-only between the in-JVM ranks, which
 * are threads of one JVM, so that 8 ranks do not build the same array 8 times).
 */
final class SerialArrays {

    private SerialArrays() {
    }

    /** rtol of the conformance list: 1e-14 for double precision, 1e-6 for single. */
    static double rtol(DType dtype) {
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

    // ---------------------------------------------------------------------------------------
    // Data

    /** normal(mean, std) entries (imaginary parts normal(mean/2, std/2)) from a fixed seed. Shared. */
    static NdArray random(DType dtype, long seed, double mean, double std, long... shape) {
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
    static NdArray arange(DType dtype, long... shape) {
        return memo("arange " + dtype + Arrays.toString(shape), () -> {
            NdArray x = NdArray.zeros(dtype, shape);
            for (long k = 0; k < x.size(); k++) {
                x.set(k, k, dtype.isComplex() ? -0.5 * k : 0);
            }
            return x;
        });
    }

    /** Every element {@code re + i im}. Shared. */
    static NdArray full(DType dtype, double re, double im, long... shape) {
        return memo("full " + dtype + re + " " + im + Arrays.toString(shape), () -> {
            NdArray x = NdArray.zeros(dtype, shape);
            for (long k = 0; k < x.size(); k++) {
                x.set(k, re, im);
            }
            return x;
        });
    }

    /** {@code copies} copies of x joined along {@code axis}. */
    static NdArray replicate(NdArray x, int copies, int axis) {
        List<NdArray> parts = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            parts.add(x);
        }
        return NdArray.concatenate(axis, parts);
    }

    // ---------------------------------------------------------------------------------------
    // Shapes

    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    static int normalise(int axis, int ndim) {
        return axis < 0 ? axis + ndim : axis;
    }

    static long[] without(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** The balanced split of SPEC §1.2: the first {@code n % p} ranks get one more. */
    static long count(long n, int rank, int p) {
        return n / p + (rank < n % p ? 1 : 0);
    }

    // ---------------------------------------------------------------------------------------
    // Element-wise references

    /** '+', '-', '*' of two arrays, 'n' negation or 'c' conjugate of a, in a's dtype. */
    static NdArray apply(NdArray a, NdArray b, char op) {
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
    static NdArray scale(NdArray a, double re, double im) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            out.set(k, re * a.re(k) - im * a.im(k), re * a.im(k) + im * a.re(k));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Reductions

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

    /** numpy.linalg.norm of the elements {@code idx} of x, with {@code |x|^p}. */
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

    /** {@code sum op(x_k) y_k}, op = conj when {@code vdot}. */
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
}
