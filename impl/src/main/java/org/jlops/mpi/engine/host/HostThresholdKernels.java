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
                double v = a[i];
                double m = Math.abs(v) - tau;                             // max(|x| − τ, 0) · sign(x)
                b[i] = m > 0 ? (v > 0 ? m : -m) : (Double.isNaN(v) ? v : 0.0);
            }
            return;
        }
        map(x, out, (re, im, complex, o) -> {
            if (!complex) {
                double m = Math.abs(re) - tau;
                o[0] = m > 0 ? (re > 0 ? m : -m) : (Double.isNaN(re) ? re : 0.0);
                o[1] = 0;
                return;
            }
            double a = Math.hypot(re, im);
            double m = a - tau;
            double s = m > 0 ? m / a : (Double.isNaN(a) ? Double.NaN : 0.0);   // max(|x| − τ, 0) x / |x|
            o[0] = s * re;
            o[1] = s * im;
        });
    }

    @Override
    public void hard(Buffer x, double t, Buffer out) {
        check(x, out);
        if (x.type() == ElementType.FLOAT64) {
            double[] a = (double[]) x.hostArray();
            double[] b = (double[]) out.hostArray();
            for (int i = 0; i < a.length; i++) {
                b[i] = Math.abs(a[i]) <= t ? 0.0 : a[i];                 // x where |x| > t
            }
            return;
        }
        map(x, out, (re, im, complex, o) -> {
            boolean zero = (complex ? Math.hypot(re, im) : Math.abs(re)) <= t;
            o[0] = zero ? 0.0 : re;
            o[1] = zero ? 0.0 : im;
        });
    }

    @Override
    public void half(Buffer x, double tau, Buffer out) {
        check(x, out);
        double cut = HALF_CUT * Math.pow(tau, 2.0 / 3.0);
        map(x, out, (re, im, complex, o) -> {
            double a = complex ? Math.hypot(re, im) : Math.abs(re);
            double arg = a != 0 ? (tau / 8.0) * Math.pow(a / 3.0, -1.5) : 1.0;
            arg = Math.min(Math.max(arg, -1.0), 1.0);
            double phi = 2.0 / 3.0 * Math.acos(arg);
            double f = 1 + Math.cos(2.0 * Math.PI / 3.0 - phi);         // x1 = (2/3) x (1 + cos(2π/3 − φ))
            boolean zero = a <= cut;
            o[0] = zero ? 0.0 : 2.0 / 3.0 * re * f;
            o[1] = zero ? 0.0 : 2.0 / 3.0 * im * f;
        });
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
