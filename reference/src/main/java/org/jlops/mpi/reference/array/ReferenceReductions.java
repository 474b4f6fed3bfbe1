package org.jlops.mpi.reference.array;

import java.util.Arrays;
import java.util.Objects;

/**
 * Dots and vector norms of the library's arrays (SPEC §1.11, §1.12), computed serially on the
 * gathered global data. Real data is one value per element; complex data is interleaved
 * {@code (re, im)}.
 *
 * <p><b>Dots.</b> {@code dot(x, y) = Σ x_i·y_i} without conjugation (the library's default);
 * {@code vdot(x, y) = Σ conj(x_i)·y_i}. Sums run left to right in flat row-major order.
 *
 * <p><b>Norms</b> of order {@code ord} ({@code 2} is the library's default {@code None}):
 * <ul>
 *   <li>{@code ord = 0}: the number of non-zero elements (a complex element is non-zero when its
 *       real or imaginary part is);</li>
 *   <li>{@code ord = +∞}: {@code max |x_i|}; {@code ord = −∞}: {@code min |x_i|} (undefined on no
 *       elements: {@link IllegalArgumentException});</li>
 *   <li>any other {@code p} (1, 2, 3, 0.5, −1, …): {@code (Σ |x_i|^p)^(1/p)}.</li>
 * </ul>
 * Difference from PyLops-MPI (SPEC trap 15): it sums {@code |x_i^p|}, which is NaN for negative
 * real entries and fractional {@code p}; this reference uses the mathematical {@code |x_i|^p}
 * (equal to it for integer {@code p}). Along an axis, the norm of every 1-D fibre is taken and the
 * result has the input shape with that axis removed (row-major), whatever the input's
 * distribution — the shape a correct library returns (SPEC ⚠ notes that PyLops-MPI flattens ≥3-D
 * results and concatenates copies for BROADCAST arrays).
 */
public final class ReferenceReductions {

    private ReferenceReductions() {
    }

    /**
     * Real dot product {@code Σ x_i·y_i}.
     *
     * @param x (Input) real vector. Not modified.
     * @param y (Input) real vector of the same length. Not modified.
     * @return the dot product
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double dot(double[] x, double[] y) {
        checkSameLength(x, y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /**
     * Complex dot product without conjugation, {@code Σ x_i·y_i}.
     *
     * @param x (Input) interleaved complex vector. Not modified.
     * @param y (Input) interleaved complex vector of the same length. Not modified.
     * @return a new {@code {re, im}} pair
     * @throws IllegalArgumentException if the lengths differ or are odd
     */
    public static double[] dotComplex(double[] x, double[] y) {
        return complexDot(x, y, false);
    }

    /**
     * Conjugating complex dot product {@code Σ conj(x_i)·y_i}.
     *
     * @param x (Input) interleaved complex vector, conjugated. Not modified.
     * @param y (Input) interleaved complex vector of the same length. Not modified.
     * @return a new {@code {re, im}} pair
     * @throws IllegalArgumentException if the lengths differ or are odd
     */
    public static double[] vdotComplex(double[] x, double[] y) {
        return complexDot(x, y, true);
    }

    /**
     * Vector norm of real data (see the class documentation for {@code ord}).
     *
     * @param x   (Input) real data, any shape flattened. Not modified.
     * @param ord the order: 0, ±∞ or any other real {@code p}
     * @return the norm
     * @throws IllegalArgumentException if {@code ord} is NaN, or ±∞ on empty data
     */
    public static double norm(double[] x, double ord) {
        Objects.requireNonNull(x, "x");
        return fibreNorm(x, 0, 1, x.length, ord, false);
    }

    /**
     * Vector norm of complex data (see the class documentation for {@code ord}).
     *
     * @param x   (Input) interleaved complex data, any shape flattened. Not modified.
     * @param ord the order: 0, ±∞ or any other real {@code p}
     * @return the norm
     * @throws IllegalArgumentException if the length is odd, {@code ord} is NaN, or ±∞ on empty data
     */
    public static double normComplex(double[] x, double ord) {
        Objects.requireNonNull(x, "x");
        checkEven(x, "x");
        return fibreNorm(x, 0, 1, x.length / 2, ord, true);
    }

    /**
     * Norms of real data along one axis of a row-major n-d array.
     *
     * @param x     (Input) real data of {@code prod(shape)} values. Not modified.
     * @param shape (Input) the array shape. Not modified.
     * @param axis  the reduced axis, in {@code [−ndim, ndim)}
     * @param ord   the order
     * @return a new array of shape {@link #reducedShape reducedShape(shape, axis)}, row-major
     * @throws IllegalArgumentException on a length/shape mismatch or an invalid axis or order
     */
    public static double[] norm(double[] x, long[] shape, int axis, double ord) {
        return axisNorm(x, shape, axis, ord, false);
    }

    /**
     * Norms of complex data along one axis of a row-major n-d array.
     *
     * @param x     (Input) interleaved complex data of {@code 2·prod(shape)} values. Not modified.
     * @param shape (Input) the array shape. Not modified.
     * @param axis  the reduced axis, in {@code [−ndim, ndim)}
     * @param ord   the order
     * @return a new real array of shape {@link #reducedShape reducedShape(shape, axis)}, row-major
     * @throws IllegalArgumentException on a length/shape mismatch or an invalid axis or order
     */
    public static double[] normComplex(double[] x, long[] shape, int axis, double ord) {
        return axisNorm(x, shape, axis, ord, true);
    }

    /**
     * The shape left after reducing one axis.
     *
     * @param shape (Input) the array shape. Not modified.
     * @param axis  the reduced axis, in {@code [−ndim, ndim)}
     * @return a new array: {@code shape} without entry {@code axis}
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static long[] reducedShape(long[] shape, int axis) {
        Objects.requireNonNull(shape, "shape");
        int ax = ReferenceSplit.normalizeAxis(axis, shape.length);
        long[] out = new long[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != ax) {
                out[j++] = shape[k];
            }
        }
        return out;
    }

    private static double[] axisNorm(double[] x, long[] shape, int axis, double ord, boolean complex) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(shape, "shape");
        int ax = ReferenceSplit.normalizeAxis(axis, shape.length);
        long total = 1;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 0) {
                throw new IllegalArgumentException("shape[" + k + "]: " + shape[k] + ", expected at least 0");
            }
            total = Math.multiplyExact(total, shape[k]);
        }
        long expected = complex ? 2 * total : total;
        if (x.length != expected) {
            throw new IllegalArgumentException("x: length " + x.length + ", expected " + expected + " ("
                    + (complex ? "interleaved complex " : "") + "shape " + Arrays.toString(shape) + ")");
        }
        long pre = 1;
        long post = 1;
        for (int k = 0; k < ax; k++) {
            pre *= shape[k];
        }
        for (int k = ax + 1; k < shape.length; k++) {
            post *= shape[k];
        }
        int n = (int) shape[ax];
        double[] out = new double[(int) (pre * post)];
        for (long a = 0; a < pre; a++) {
            for (long b = 0; b < post; b++) {
                int start = (int) (a * n * post + b);
                out[(int) (a * post + b)] = fibreNorm(x, start, (int) post, n, ord, complex);
            }
        }
        return out;
    }

    /** Norm of the n elements x[start], x[start + stride], … (element indices, not double indices). */
    private static double fibreNorm(double[] x, int start, int stride, int n, double ord, boolean complex) {
        if (Double.isNaN(ord)) {
            throw new IllegalArgumentException("ord: NaN, expected 0, ±Infinity or a real p");
        }
        if (Double.isInfinite(ord) && n == 0) {
            throw new IllegalArgumentException("x: no elements, expected at least one for ord = " + ord);
        }
        if (ord == 0) {
            double count = 0;
            for (int i = 0; i < n; i++) {
                int e = start + i * stride;
                boolean nonZero = complex ? x[2 * e] != 0 || x[2 * e + 1] != 0 : x[e] != 0;
                count += nonZero ? 1 : 0;
            }
            return count;
        }
        if (ord == Double.POSITIVE_INFINITY || ord == Double.NEGATIVE_INFINITY) {
            boolean max = ord > 0;
            double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double a = abs(x, start + i * stride, complex);
                best = max ? Math.max(best, a) : Math.min(best, a);
            }
            return best;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            int e = start + i * stride;
            if (ord == 2) {
                s += complex ? x[2 * e] * x[2 * e] + x[2 * e + 1] * x[2 * e + 1] : x[e] * x[e];
            } else if (ord == 1) {
                s += abs(x, e, complex);
            } else {
                s += Math.pow(abs(x, e, complex), ord);
            }
        }
        if (ord == 2) {
            return Math.sqrt(s);
        }
        return ord == 1 ? s : Math.pow(s, 1.0 / ord);
    }

    private static double abs(double[] x, int e, boolean complex) {
        return complex ? Math.hypot(x[2 * e], x[2 * e + 1]) : Math.abs(x[e]);
    }

    private static double[] complexDot(double[] x, double[] y, boolean conjugateX) {
        checkSameLength(x, y);
        checkEven(x, "x");
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i += 2) {
            double xr = x[i];
            double xi = conjugateX ? -x[i + 1] : x[i + 1];
            re += xr * y[i] - xi * y[i + 1];
            im += xr * y[i + 1] + xi * y[i];
        }
        return new double[] {re, im};
    }

    private static void checkSameLength(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("y: length " + y.length + ", expected " + x.length + " (the length of x)");
        }
    }

    private static void checkEven(double[] x, String name) {
        if (x.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": length " + x.length
                    + ", expected an even length (interleaved re, im)");
        }
    }
}
