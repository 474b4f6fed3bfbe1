package org.jlops.mpi.engine.host;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StencilLoops} on the Vector API ({@code jdk.incubator.vector}): the lanes of the
 * platform's preferred species compute the entries, each lane with exactly the scalar loop's
 * operations ({@code c_0 x_0}, then one fused multiply-add per tap, then the store or the add to
 * {@code y}), so the bits are the scalar loop's; the entries after the last whole vector take the
 * scalar loop. Any number of taps is one call (a banded operator of any width).
 *
 * <p>Loaded only when the module is in the boot layer ({@link HostStencilKernels} checks before it
 * touches this class), so a JVM without it never links these types.
 */
final class VectorStencilLoops implements StencilLoops {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Created by {@link HostStencilKernels} through reflection, after its module check. */
    VectorStencilLoops() {
    }

    @Override
    public String description() {
        return "Vector API (jdk.incubator.vector), " + D.length() + " x float64 / " + F.length() + " x float32 lanes";
    }

    // ---------------------------------------------------------------------------------------
    // Double precision

    @Override
    public void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc,
            double[] scratch) {
        int t = s.length;
        int m = D.loopBound(len);
        if (t == 0 || m == 0) {
            HostStencilKernels.bulk(x, xi, s, c, y, yi, len, acc, scratch);
            return;
        }
        switch (t) {
            case 1 -> taps1(x, xi + s[0], c[0], y, yi, m, acc);
            case 2 -> taps2(x, xi + s[0], c[0], xi + s[1], c[1], y, yi, m, acc);
            case 3 -> taps3(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], y, yi, m, acc);
            case 4 -> taps4(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], xi + s[3], c[3], y, yi, m, acc);
            default -> tapsN(x, xi, s, c, y, yi, m, acc);
        }
        if (m < len) {
            tail(x, xi + m, s, c, y, yi + m, len - m, acc);
        }
    }

    private static void store(DoubleVector v, double[] y, int at, boolean acc) {
        (acc ? DoubleVector.fromArray(D, y, at).add(v) : v).intoArray(y, at);
    }

    private static void taps1(double[] x, int a, double ca, double[] y, int yi, int m, boolean acc) {
        for (int j = 0; j < m; j += D.length()) {
            store(DoubleVector.fromArray(D, x, a + j).mul(ca), y, yi + j, acc);
        }
    }

    private static void taps2(double[] x, int a, double ca, int b, double cb, double[] y, int yi, int m,
            boolean acc) {
        DoubleVector vb = DoubleVector.broadcast(D, cb);
        for (int j = 0; j < m; j += D.length()) {
            DoubleVector s = DoubleVector.fromArray(D, x, a + j).mul(ca);
            s = vb.fma(DoubleVector.fromArray(D, x, b + j), s);
            store(s, y, yi + j, acc);
        }
    }

    private static void taps3(double[] x, int a, double ca, int b, double cb, int c, double cc, double[] y, int yi,
            int m, boolean acc) {
        DoubleVector vb = DoubleVector.broadcast(D, cb);
        DoubleVector vc = DoubleVector.broadcast(D, cc);
        for (int j = 0; j < m; j += D.length()) {
            DoubleVector s = DoubleVector.fromArray(D, x, a + j).mul(ca);
            s = vb.fma(DoubleVector.fromArray(D, x, b + j), s);
            s = vc.fma(DoubleVector.fromArray(D, x, c + j), s);
            store(s, y, yi + j, acc);
        }
    }

    private static void taps4(double[] x, int a, double ca, int b, double cb, int c, double cc, int d, double cd,
            double[] y, int yi, int m, boolean acc) {
        DoubleVector vb = DoubleVector.broadcast(D, cb);
        DoubleVector vc = DoubleVector.broadcast(D, cc);
        DoubleVector vd = DoubleVector.broadcast(D, cd);
        for (int j = 0; j < m; j += D.length()) {
            DoubleVector s = DoubleVector.fromArray(D, x, a + j).mul(ca);
            s = vb.fma(DoubleVector.fromArray(D, x, b + j), s);
            s = vc.fma(DoubleVector.fromArray(D, x, c + j), s);
            s = vd.fma(DoubleVector.fromArray(D, x, d + j), s);
            store(s, y, yi + j, acc);
        }
    }

    /** Any number of taps: per vector of entries, the taps in order in registers (no partial sums in memory). */
    private static void tapsN(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int m, boolean acc) {
        int t = s.length;
        DoubleVector[] vc = new DoubleVector[t];
        for (int k = 0; k < t; k++) {
            vc[k] = DoubleVector.broadcast(D, c[k]);
        }
        int s0 = xi + s[0];
        for (int j = 0; j < m; j += D.length()) {
            DoubleVector acc0 = DoubleVector.fromArray(D, x, s0 + j).mul(vc[0]);
            for (int k = 1; k < t; k++) {
                acc0 = vc[k].fma(DoubleVector.fromArray(D, x, xi + s[k] + j), acc0);
            }
            store(acc0, y, yi + j, acc);
        }
    }

    /** The entries after the last whole vector: the scalar loop's operations. */
    private static void tail(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc) {
        for (int j = 0; j < len; j++) {
            double v = c[0] * x[xi + s[0] + j];
            for (int k = 1; k < s.length; k++) {
                v = Math.fma(c[k], x[xi + s[k] + j], v);
            }
            y[yi + j] = acc ? y[yi + j] + v : v;
        }
    }

    @Override
    public void fused(double[] x, int xi, int[] sR, double[] cR, int[] sC, double[] cC, double[] y, int yi,
            int len) {
        int m = D.loopBound(len);
        int r0 = xi + sR[0];
        int r1 = xi + sR[1];
        int r2 = xi + sR[2];
        int c0 = xi + sC[0];
        int c1 = xi + sC[1];
        int c2 = xi + sC[2];
        DoubleVector a0 = DoubleVector.broadcast(D, cR[0]);
        DoubleVector a1 = DoubleVector.broadcast(D, cR[1]);
        DoubleVector a2 = DoubleVector.broadcast(D, cR[2]);
        DoubleVector b0 = DoubleVector.broadcast(D, cC[0]);
        DoubleVector b1 = DoubleVector.broadcast(D, cC[1]);
        DoubleVector b2 = DoubleVector.broadcast(D, cC[2]);
        for (int k = 0; k < m; k += D.length()) {
            DoubleVector r = DoubleVector.fromArray(D, x, r0 + k).mul(a0);
            r = a1.fma(DoubleVector.fromArray(D, x, r1 + k), r);
            r = a2.fma(DoubleVector.fromArray(D, x, r2 + k), r);
            DoubleVector c = DoubleVector.fromArray(D, x, c0 + k).mul(b0);
            c = b1.fma(DoubleVector.fromArray(D, x, c1 + k), c);
            c = b2.fma(DoubleVector.fromArray(D, x, c2 + k), c);
            r.add(c).intoArray(y, yi + k);
        }
        if (m < len) {
            HostStencilKernels.fused(x, xi + m, sR, cR, sC, cC, y, yi + m, len - m);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Single precision: the same loops on float[].

    @Override
    public void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc,
            float[] scratch) {
        int t = s.length;
        int m = F.loopBound(len);
        if (t == 0 || m == 0) {
            HostStencilKernels.bulk(x, xi, s, c, y, yi, len, acc, scratch);
            return;
        }
        switch (t) {
            case 1 -> taps1(x, xi + s[0], c[0], y, yi, m, acc);
            case 2 -> taps2(x, xi + s[0], c[0], xi + s[1], c[1], y, yi, m, acc);
            case 3 -> taps3(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], y, yi, m, acc);
            case 4 -> taps4(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], xi + s[3], c[3], y, yi, m, acc);
            default -> tapsN(x, xi, s, c, y, yi, m, acc);
        }
        if (m < len) {
            tail(x, xi + m, s, c, y, yi + m, len - m, acc);
        }
    }

    private static void store(FloatVector v, float[] y, int at, boolean acc) {
        (acc ? FloatVector.fromArray(F, y, at).add(v) : v).intoArray(y, at);
    }

    private static void taps1(float[] x, int a, float ca, float[] y, int yi, int m, boolean acc) {
        for (int j = 0; j < m; j += F.length()) {
            store(FloatVector.fromArray(F, x, a + j).mul(ca), y, yi + j, acc);
        }
    }

    private static void taps2(float[] x, int a, float ca, int b, float cb, float[] y, int yi, int m, boolean acc) {
        FloatVector vb = FloatVector.broadcast(F, cb);
        for (int j = 0; j < m; j += F.length()) {
            FloatVector s = FloatVector.fromArray(F, x, a + j).mul(ca);
            s = vb.fma(FloatVector.fromArray(F, x, b + j), s);
            store(s, y, yi + j, acc);
        }
    }

    private static void taps3(float[] x, int a, float ca, int b, float cb, int c, float cc, float[] y, int yi, int m,
            boolean acc) {
        FloatVector vb = FloatVector.broadcast(F, cb);
        FloatVector vc = FloatVector.broadcast(F, cc);
        for (int j = 0; j < m; j += F.length()) {
            FloatVector s = FloatVector.fromArray(F, x, a + j).mul(ca);
            s = vb.fma(FloatVector.fromArray(F, x, b + j), s);
            s = vc.fma(FloatVector.fromArray(F, x, c + j), s);
            store(s, y, yi + j, acc);
        }
    }

    private static void taps4(float[] x, int a, float ca, int b, float cb, int c, float cc, int d, float cd,
            float[] y, int yi, int m, boolean acc) {
        FloatVector vb = FloatVector.broadcast(F, cb);
        FloatVector vc = FloatVector.broadcast(F, cc);
        FloatVector vd = FloatVector.broadcast(F, cd);
        for (int j = 0; j < m; j += F.length()) {
            FloatVector s = FloatVector.fromArray(F, x, a + j).mul(ca);
            s = vb.fma(FloatVector.fromArray(F, x, b + j), s);
            s = vc.fma(FloatVector.fromArray(F, x, c + j), s);
            s = vd.fma(FloatVector.fromArray(F, x, d + j), s);
            store(s, y, yi + j, acc);
        }
    }

    private static void tapsN(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int m, boolean acc) {
        int t = s.length;
        FloatVector[] vc = new FloatVector[t];
        for (int k = 0; k < t; k++) {
            vc[k] = FloatVector.broadcast(F, c[k]);
        }
        int s0 = xi + s[0];
        for (int j = 0; j < m; j += F.length()) {
            FloatVector acc0 = FloatVector.fromArray(F, x, s0 + j).mul(vc[0]);
            for (int k = 1; k < t; k++) {
                acc0 = vc[k].fma(FloatVector.fromArray(F, x, xi + s[k] + j), acc0);
            }
            store(acc0, y, yi + j, acc);
        }
    }

    private static void tail(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc) {
        for (int j = 0; j < len; j++) {
            float v = c[0] * x[xi + s[0] + j];
            for (int k = 1; k < s.length; k++) {
                v = Math.fma(c[k], x[xi + s[k] + j], v);
            }
            y[yi + j] = acc ? y[yi + j] + v : v;
        }
    }

    @Override
    public void fused(float[] x, int xi, int[] sR, float[] cR, int[] sC, float[] cC, float[] y, int yi, int len) {
        int m = F.loopBound(len);
        int r0 = xi + sR[0];
        int r1 = xi + sR[1];
        int r2 = xi + sR[2];
        int c0 = xi + sC[0];
        int c1 = xi + sC[1];
        int c2 = xi + sC[2];
        FloatVector a0 = FloatVector.broadcast(F, cR[0]);
        FloatVector a1 = FloatVector.broadcast(F, cR[1]);
        FloatVector a2 = FloatVector.broadcast(F, cR[2]);
        FloatVector b0 = FloatVector.broadcast(F, cC[0]);
        FloatVector b1 = FloatVector.broadcast(F, cC[1]);
        FloatVector b2 = FloatVector.broadcast(F, cC[2]);
        for (int k = 0; k < m; k += F.length()) {
            FloatVector r = FloatVector.fromArray(F, x, r0 + k).mul(a0);
            r = a1.fma(FloatVector.fromArray(F, x, r1 + k), r);
            r = a2.fma(FloatVector.fromArray(F, x, r2 + k), r);
            FloatVector c = FloatVector.fromArray(F, x, c0 + k).mul(b0);
            c = b1.fma(FloatVector.fromArray(F, x, c1 + k), c);
            c = b2.fma(FloatVector.fromArray(F, x, c2 + k), c);
            r.add(c).intoArray(y, yi + k);
        }
        if (m < len) {
            HostStencilKernels.fused(x, xi + m, sR, cR, sC, cC, y, yi + m, len - m);
        }
    }
}
