package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.ThresholdKernels;

/**
 * The host's thresholds and projections ({@link ThresholdKernels}): for float64 a plain loop per
 * map on the {@code double[]}; for the other types one loop that reads each element as
 * {@code (re, im)} in double precision, maps it and writes it back rounded to the buffer's type.
 * Real values follow PyLops' formulas operation for operation ({@code sign(x) (|x| − τ)} for the
 * soft threshold), complex values keep their phase by a real factor.
 */
final class HostThresholdKernels implements ThresholdKernels {

    /** The one instance. */
    static final HostThresholdKernels INSTANCE = new HostThresholdKernels();

    /** {@code 54^{1/3} / 4}: the half threshold zeroes {@code |x| <= HALF_CUT · τ^{2/3}}. */
    private static final double HALF_CUT = Math.cbrt(54.0) / 4.0;

    private HostThresholdKernels() {
    }

    /** Maps one element {@code (re, im)} (im 0 for real types) into {@code out[0], out[1]}. */
    private interface ElementMap {
        void apply(double re, double im, boolean complex, double[] out);
    }

    @Override
    public void soft(Buffer x, double tau, Buffer out) {
        check(x, out);
        if (x.type() == ElementType.FLOAT64) {
            double[] a = (double[]) x.hostArray();
            double[] b = (double[]) out.hostArray();
            for (int i = 0; i < a.length; i++) {
                b[i] = soft(a[i], tau);
            }
            return;
        }
        map(x, out, (re, im, complex, o) -> soft(re, im, complex, tau, o));
    }

    @Override
    public void hard(Buffer x, double t, Buffer out) {
        check(x, out);
        if (x.type() == ElementType.FLOAT64) {
            double[] a = (double[]) x.hostArray();
            double[] b = (double[]) out.hostArray();
            for (int i = 0; i < a.length; i++) {
                b[i] = hard(a[i], t);
            }
            return;
        }
        map(x, out, (re, im, complex, o) -> hard(re, im, complex, t, o));
    }

    @Override
    public void half(Buffer x, double tau, Buffer out) {
        check(x, out);
        double cut = halfCut(tau);
        map(x, out, (re, im, complex, o) -> half(re, im, complex, tau, cut, o));
    }

    // ---------------------------------------------------------------------------------------
    // The thresholds of one element, shared with the fused step of HostEngine (the same bits).

    /** The soft threshold of a real value: {@code max(|x| − τ, 0) · sign(x)}, NaN kept. */
    static double soft(double v, double tau) {
        double m = Math.abs(v) - tau;                                     // max(|x| − τ, 0) · sign(x)
        return m > 0 ? (v > 0 ? m : -m) : (Double.isNaN(v) ? v : 0.0);
    }

    /** The soft threshold of {@code (re, im)} (im 0 for real types) into {@code o[0], o[1]}. */
    static void soft(double re, double im, boolean complex, double tau, double[] o) {
        if (!complex) {
            o[0] = soft(re, tau);
            o[1] = 0;
            return;
        }
        double a = Math.hypot(re, im);
        double m = a - tau;
        double s = m > 0 ? m / a : (Double.isNaN(a) ? Double.NaN : 0.0);   // max(|x| − τ, 0) x / |x|
        o[0] = s * re;
        o[1] = s * im;
    }

    /** The hard threshold of a real value: {@code x} where {@code |x| > t}, else 0. */
    static double hard(double v, double t) {
        return Math.abs(v) <= t ? 0.0 : v;                                // x where |x| > t
    }

    /** The hard threshold of {@code (re, im)} into {@code o[0], o[1]}. */
    static void hard(double re, double im, boolean complex, double t, double[] o) {
        boolean zero = (complex ? Math.hypot(re, im) : Math.abs(re)) <= t;
        o[0] = zero ? 0.0 : re;
        o[1] = zero ? 0.0 : im;
    }

    /** Where the half threshold of {@code tau} zeroes: {@code |x| <= (54^{1/3}/4) τ^{2/3}}. */
    static double halfCut(double tau) {
        return HALF_CUT * Math.pow(tau, 2.0 / 3.0);
    }

    /** The half threshold of {@code (re, im)} into {@code o[0], o[1]}, with {@code cut = halfCut(tau)}. */
    static void half(double re, double im, boolean complex, double tau, double cut, double[] o) {
        double a = complex ? Math.hypot(re, im) : Math.abs(re);
        double arg = a != 0 ? (tau / 8.0) * Math.pow(a / 3.0, -1.5) : 1.0;
        arg = Math.min(Math.max(arg, -1.0), 1.0);
        double phi = 2.0 / 3.0 * Math.acos(arg);
        double f = 1 + Math.cos(2.0 * Math.PI / 3.0 - phi);             // x1 = (2/3) x (1 + cos(2π/3 − φ))
        boolean zero = a <= cut;
        o[0] = zero ? 0.0 : 2.0 / 3.0 * re * f;
        o[1] = zero ? 0.0 : 2.0 / 3.0 * im * f;
    }

    /** Any of the three thresholds of {@code (re, im)} into {@code o[0], o[1]} ({@code cut} for the half one). */
    static void apply(Kind kind, double re, double im, boolean complex, double t, double cut, double[] o) {
        switch (kind) {
            case SOFT -> soft(re, im, complex, t, o);
            case HARD -> hard(re, im, complex, t, o);
            case HALF -> half(re, im, complex, t, cut, o);
        }
    }

    @Override
    public void clip(Buffer x, double lower, double upper, Buffer out) {
        check(x, out);
        requireReal(x, "clip");
        map(x, out, (re, im, complex, o) -> {
            o[0] = Math.min(Math.max(re, lower), upper);
            o[1] = 0;
        });
    }

    @Override
    public void shrinkToBall(Buffer x, double r, Buffer out) {
        check(x, out);
        map(x, out, (re, im, complex, o) -> {
            double a = complex ? Math.hypot(re, im) : Math.abs(re);
            double s = a > r ? r / a : 1.0;                                // x · min(1, r/|x|)
            o[0] = a > r && !complex ? (re > 0 ? r : -r) : s * re;
            o[1] = s * im;
        });
    }

    @Override
    public long countOutside(Buffer x, double lower, double upper) {
        requireHost(x, "x");
        requireReal(x, "countOutside");
        long count = 0;
        int n = Math.toIntExact(x.length());
        if (x.hostArray() instanceof double[] a) {
            for (int i = 0; i < n; i++) {
                count += a[i] >= lower && a[i] <= upper ? 0 : 1;
            }
        } else {
            float[] a = (float[]) x.hostArray();
            for (int i = 0; i < n; i++) {
                count += a[i] >= lower && a[i] <= upper ? 0 : 1;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------

    private static void map(Buffer x, Buffer out, ElementMap f) {
        ElementType t = x.type();
        boolean complex = t.isComplex();
        int n = Math.toIntExact(x.length());
        double[] o = new double[2];
        if (t.isDoublePrecision()) {
            double[] a = (double[]) x.hostArray();
            double[] b = (double[]) out.hostArray();
            for (int i = 0; i < n; i++) {
                if (complex) {
                    f.apply(a[2 * i], a[2 * i + 1], true, o);
                    b[2 * i] = o[0];
                    b[2 * i + 1] = o[1];
                } else {
                    f.apply(a[i], 0, false, o);
                    b[i] = o[0];
                }
            }
        } else {
            float[] a = (float[]) x.hostArray();
            float[] b = (float[]) out.hostArray();
            for (int i = 0; i < n; i++) {
                if (complex) {
                    f.apply(a[2 * i], a[2 * i + 1], true, o);
                    b[2 * i] = (float) o[0];
                    b[2 * i + 1] = (float) o[1];
                } else {
                    f.apply(a[i], 0, false, o);
                    b[i] = (float) o[0];
                }
            }
        }
    }

    private static void check(Buffer x, Buffer out) {
        requireHost(x, "x");
        requireHost(out, "out");
        if (x.type() != out.type() || x.length() != out.length()) {
            throw new IllegalArgumentException("out: " + out.length() + " elements of " + out.type() + ", expected "
                    + x.length() + " elements of " + x.type() + " (x's)");
        }
    }

    private static void requireHost(Buffer b, String what) {
        if (b == null || !b.isHost()) {
            throw new IllegalArgumentException(what + ": the host thresholds need a host buffer, got "
                    + (b == null ? "null" : b.getClass().getName()));
        }
    }

    private static void requireReal(Buffer x, String what) {
        if (x.type().isComplex()) {
            throw new IllegalArgumentException("x: " + what + " needs real values (complex numbers have no order), got "
                    + x.type());
        }
    }
}
