package org.jlops.mpi.engine.host;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NonStationaryLoops} on the Vector API ({@code jdk.incubator.vector}): a vector of
 * consecutive outputs at a time, each lane with exactly the scalar loop's operations (the filter
 * value {@code om·a + w·b} or the end filter's value, its product with the sample, the add to the
 * sum, from +0.0, the terms in the scalar order), where every sample the vector reads lies in one
 * interpolation interval and inside the held rows; the other outputs are computed one at a time
 * with the same operations. So the bits are the scalar loops'. Filters spaced closer than four
 * vectors plus the filter length take the scalar loops.
 *
 * <p>Loaded only when the module is in the boot layer ({@link HostStencilKernels#vectorImplementation}
 * checks before it touches this class), so a JVM without it never links these types.
 */
final class VectorNonStationaryLoops extends NonStationaryLoops.Loops {

    /** The stencil loops' width (the platform's preferred one up to 256 bits; see {@code VectorStencilLoops}). */
    private static final VectorShape SHAPE = VectorShape.forBitSize(
            Math.min(256, DoubleVector.SPECIES_PREFERRED.vectorBitSize()));
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, SHAPE);

    /** Created by {@link NonStationaryLoops} through reflection, after the module check. */
    VectorNonStationaryLoops() {
    }

    @Override
    String description() {
        return "Vector API (jdk.incubator.vector), " + D.length() + " x float64 lanes";
    }

    /** Whether the filters are spaced too closely for whole vectors to lie in one interval (the scalar loops then). */
    private static boolean close(NonStationaryLoops.Filters f) {
        return f.hs().length > 1 && f.dh() < 4L * (2 * f.half() + D.length());
    }

    @Override
    void forward(NonStationaryLoops.Filters f, double[] x, long xFrom, long xRows, double[] y, long yBase,
            long yFrom, long yRows) {
        if (close(f)) {
            super.forward(f, x, xFrom, xRows, y, yBase, yFrom, yRows);
            return;
        }
        int half = f.half();
        long lo = Math.max(0, xFrom);
        long hi = Math.min(f.n(), xFrom + xRows);
        NonStationaryLoops.Weights wts = new NonStationaryLoops.Weights(f, NonStationaryLoops.CHUNK + 2 * half);
        for (long c0 = yFrom; c0 < yFrom + yRows; c0 += NonStationaryLoops.CHUNK) {
            long c1 = Math.min(yFrom + yRows, c0 + NonStationaryLoops.CHUNK);
            wts.fill(c0 - half, c1 + half);
            forwardChunk(f, wts, x, xFrom, lo, hi, y, yBase, c0, c1);
        }
    }

    @Override
    void adjoint(NonStationaryLoops.Filters f, double[] y, long yFrom, long yRows, double[] x, long xBase,
            long xFrom, long xRows) {
        if (close(f)) {
            super.adjoint(f, y, yFrom, yRows, x, xBase, xFrom, xRows);
            return;
        }
        int half = f.half();
        long lo = Math.max(0, yFrom);
        long hi = Math.min(f.n(), yFrom + yRows);
        NonStationaryLoops.Weights wts = new NonStationaryLoops.Weights(f, NonStationaryLoops.CHUNK);
        for (long c0 = xFrom; c0 < xFrom + xRows; c0 += NonStationaryLoops.CHUNK) {
            long c1 = Math.min(xFrom + xRows, c0 + NonStationaryLoops.CHUNK);
            wts.fill(c0, c1);
            adjointChunk(f, wts, y, yFrom, lo, hi, x, xBase, c0, c1, half);
        }
    }

    /** The outputs {@code [c0, c1)}, the weights filled for {@code [c0 − half, c1 + half)}. */
    private void forwardChunk(NonStationaryLoops.Filters f, NonStationaryLoops.Weights wts, double[] x, long xFrom, long lo,
            long hi, double[] y, long yBase, long c0, long c1) {
        int half = f.half();
        int lanes = D.length();
        int taps = 2 * half + 1;
        double[][] hs = f.hs();
        int last = hs.length - 1;
        long iy = c0;
        for (; iy + 4L * lanes <= c1; iy += 4L * lanes) {
            // four vectors at a time where they read one interval: four sums in flight
            long a = iy - half;
            long b = iy + 4L * lanes - 1 + half;
            int qa = (int) (a - wts.from);
            int j = wts.interval[qa];
            if (a < lo || b >= hi || j != wts.interval[(int) (b - wts.from)] || j < 0 || j >= last) {
                for (long v = iy; v < iy + 4L * lanes; v += lanes) {
                    forwardVector(f, wts, x, xFrom, lo, hi, y, yBase, v);
                }
                continue;
            }
            int xi = (int) (a - xFrom);
            double[] ha = hs[j];
            double[] hb = hs[j + 1];
            DoubleVector acc0 = DoubleVector.zero(D);
            DoubleVector acc1 = acc0;
            DoubleVector acc2 = acc0;
            DoubleVector acc3 = acc0;
            for (int d = 0; d < taps; d++) {
                int k = taps - 1 - d;
                double ak = ha[k];
                double bk = hb[k];
                int q = qa + d;
                int p = xi + d;
                acc0 = acc0.add(tap(wts, q, ak, bk).mul(DoubleVector.fromArray(D, x, p)));
                acc1 = acc1.add(tap(wts, q + lanes, ak, bk).mul(DoubleVector.fromArray(D, x, p + lanes)));
                acc2 = acc2.add(tap(wts, q + 2 * lanes, ak, bk).mul(DoubleVector.fromArray(D, x, p + 2 * lanes)));
                acc3 = acc3.add(tap(wts, q + 3 * lanes, ak, bk).mul(DoubleVector.fromArray(D, x, p + 3 * lanes)));
            }
            int yo = (int) (iy - yBase);
            acc0.intoArray(y, yo);
            acc1.intoArray(y, yo + lanes);
            acc2.intoArray(y, yo + 2 * lanes);
            acc3.intoArray(y, yo + 3 * lanes);
        }
        for (; iy + lanes <= c1; iy += lanes) {
            forwardVector(f, wts, x, xFrom, lo, hi, y, yBase, iy);
        }
        for (; iy < c1; iy++) {
            y[(int) (iy - yBase)] = NonStationaryLoops.forwardOne(f, wts, x, xFrom, lo, hi, iy);
        }
    }

    /** The filter values {@code om·a + w·b} of the samples at weights {@code q ..}. */
    private static DoubleVector tap(NonStationaryLoops.Weights wts, int q, double a, double b) {
        return DoubleVector.fromArray(D, wts.om, q).mul(a).add(DoubleVector.fromArray(D, wts.w, q).mul(b));
    }

    /** The forward outputs {@code [iy, iy + lanes)}: one vector where its samples lie in one interval, else one by one. */
    private static void forwardVector(NonStationaryLoops.Filters f, NonStationaryLoops.Weights wts, double[] x,
            long xFrom, long lo, long hi, double[] y, long yBase, long iy) {
        int half = f.half();
        int lanes = D.length();
        int taps = 2 * half + 1;
        double[][] hs = f.hs();
        int last = hs.length - 1;
        long a = iy - half;                              // the samples read: [a, b]
        long b = iy + lanes - 1 + half;
        int qa = (int) (a - wts.from);
        int j = wts.interval[qa];
        if (a < lo || b >= hi || j != wts.interval[(int) (b - wts.from)]) {
            for (long o = iy; o < iy + lanes; o++) {
                y[(int) (o - yBase)] = NonStationaryLoops.forwardOne(f, wts, x, xFrom, lo, hi, o);
            }
            return;
        }
        // lane l, step d: sample a + l + d (increasing in d), tap 2·half − d
        int xi = (int) (a - xFrom);
        DoubleVector acc = DoubleVector.zero(D);
        if (j < 0 || j >= last) {
            double[] h = hs[j < 0 ? 0 : last];
            for (int d = 0; d < taps; d++) {
                acc = acc.add(DoubleVector.fromArray(D, x, xi + d).mul(h[taps - 1 - d]));
            }
        } else {
            double[] ha = hs[j];
            double[] hb = hs[j + 1];
            for (int d = 0; d < taps; d++) {
                int k = taps - 1 - d;
                acc = acc.add(tap(wts, qa + d, ha[k], hb[k]).mul(DoubleVector.fromArray(D, x, xi + d)));
            }
        }
        acc.intoArray(y, (int) (iy - yBase));
    }

    /** The outputs {@code [c0, c1)}, the weights filled for them. */
    private void adjointChunk(NonStationaryLoops.Filters f, NonStationaryLoops.Weights wts, double[] y, long yFrom,
            long lo, long hi, double[] x, long xBase, long c0, long c1, int half) {
        int lanes = D.length();
        int taps = 2 * half + 1;
        double[][] hs = f.hs();
        int last = hs.length - 1;
        long ix = c0;
        for (; ix + 4L * lanes <= c1; ix += 4L * lanes) {
            // four vectors at a time where they lie in one interval: four sums in flight
            int q = (int) (ix - wts.from);
            int j = wts.interval[q];
            long a = ix - half;
            if (a < lo || ix + 4L * lanes - 1 + half >= hi || j != wts.interval[q + 4 * lanes - 1] || j < 0
                    || j >= last) {
                for (long v = ix; v < ix + 4L * lanes; v += lanes) {
                    adjointVector(f, wts, y, yFrom, lo, hi, x, xBase, v);
                }
                continue;
            }
            int yi = (int) (a - yFrom);
            double[] ha = hs[j];
            double[] hb = hs[j + 1];
            DoubleVector om0 = DoubleVector.fromArray(D, wts.om, q);
            DoubleVector om1 = DoubleVector.fromArray(D, wts.om, q + lanes);
            DoubleVector om2 = DoubleVector.fromArray(D, wts.om, q + 2 * lanes);
            DoubleVector om3 = DoubleVector.fromArray(D, wts.om, q + 3 * lanes);
            DoubleVector w0 = DoubleVector.fromArray(D, wts.w, q);
            DoubleVector w1 = DoubleVector.fromArray(D, wts.w, q + lanes);
            DoubleVector w2 = DoubleVector.fromArray(D, wts.w, q + 2 * lanes);
            DoubleVector w3 = DoubleVector.fromArray(D, wts.w, q + 3 * lanes);
            DoubleVector acc0 = DoubleVector.zero(D);
            DoubleVector acc1 = acc0;
            DoubleVector acc2 = acc0;
            DoubleVector acc3 = acc0;
            for (int k = 0; k < taps; k++) {
                double ak = ha[k];
                double bk = hb[k];
                int p = yi + k;
                acc0 = acc0.add(om0.mul(ak).add(w0.mul(bk)).mul(DoubleVector.fromArray(D, y, p)));
                acc1 = acc1.add(om1.mul(ak).add(w1.mul(bk)).mul(DoubleVector.fromArray(D, y, p + lanes)));
                acc2 = acc2.add(om2.mul(ak).add(w2.mul(bk)).mul(DoubleVector.fromArray(D, y, p + 2 * lanes)));
                acc3 = acc3.add(om3.mul(ak).add(w3.mul(bk)).mul(DoubleVector.fromArray(D, y, p + 3 * lanes)));
            }
            int xo = (int) (ix - xBase);
            acc0.intoArray(x, xo);
            acc1.intoArray(x, xo + lanes);
            acc2.intoArray(x, xo + 2 * lanes);
            acc3.intoArray(x, xo + 3 * lanes);
        }
        for (; ix + lanes <= c1; ix += lanes) {
            adjointVector(f, wts, y, yFrom, lo, hi, x, xBase, ix);
        }
        for (; ix < c1; ix++) {
            x[(int) (ix - xBase)] = NonStationaryLoops.adjointOne(f, wts, y, yFrom, lo, hi, ix);
        }
    }

    /** The adjoint outputs {@code [ix, ix + lanes)}: one vector where they lie in one interval, else one by one. */
    private static void adjointVector(NonStationaryLoops.Filters f, NonStationaryLoops.Weights wts, double[] y,
            long yFrom, long lo, long hi, double[] x, long xBase, long ix) {
        int half = f.half();
        int lanes = D.length();
        int taps = 2 * half + 1;
        double[][] hs = f.hs();
        int last = hs.length - 1;
        int q = (int) (ix - wts.from);
        int j = wts.interval[q];
        long a = ix - half;                              // the samples read: [a, ix + lanes − 1 + half]
        if (a < lo || ix + lanes - 1 + half >= hi || j != wts.interval[q + lanes - 1]) {
            for (long o = ix; o < ix + lanes; o++) {
                x[(int) (o - xBase)] = NonStationaryLoops.adjointOne(f, wts, y, yFrom, lo, hi, o);
            }
            return;
        }
        // lane l, tap k: sample a + l + k
        int yi = (int) (a - yFrom);
        DoubleVector acc = DoubleVector.zero(D);
        if (j < 0 || j >= last) {
            double[] h = hs[j < 0 ? 0 : last];
            for (int k = 0; k < taps; k++) {
                acc = acc.add(DoubleVector.fromArray(D, y, yi + k).mul(h[k]));
            }
        } else {
            double[] ha = hs[j];
            double[] hb = hs[j + 1];
            DoubleVector om = DoubleVector.fromArray(D, wts.om, q);
            DoubleVector w = DoubleVector.fromArray(D, wts.w, q);
            for (int k = 0; k < taps; k++) {
                acc = acc.add(om.mul(ha[k]).add(w.mul(hb[k])).mul(DoubleVector.fromArray(D, y, yi + k)));
            }
        }
        acc.intoArray(x, (int) (ix - xBase));
    }
}
