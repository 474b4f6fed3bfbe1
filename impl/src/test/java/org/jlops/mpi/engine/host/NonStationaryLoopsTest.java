package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.StencilKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link NonStationaryLoops}, vector and scalar (the host's stencil kernels and their
 * {@code scalar()} ones, {@code StencilKernels.nonStationary}), against the loops they replace (one filter
 * interpolated per sample and spread over its outputs, or gathered for the adjoint): the same bits
 * for filters of 1 to 31 taps, one to several filters with spacings shorter and longer than a
 * vector, positions before and after the axis, slabs with ghost rows cut anywhere (inside the axis
 * and at its ends), lengths across the loops' chunks, and non-finite samples.
 */
class NonStationaryLoopsTest {

    private static final StencilKernels HOST = Engine.host().stencils();
    private static final StencilKernels SCALAR = HOST.scalar();

    /** The loops the kernel ran before: the filter of each sample, spread over the outputs in increasing sample. */
    static double[] forwardSpread(NonStationaryLoops.Filters f, double[] x, long xFrom, long xRows, long yFrom,
            long yRows) {
        int half = f.half();
        double[] y = new double[(int) yRows];
        double[] h = new double[2 * half + 1];
        long lo = Math.max(Math.max(0, yFrom - half), xFrom);
        long hi = Math.min(Math.min(f.n(), yFrom + yRows + half), xFrom + xRows);
        for (long ix = lo; ix < hi; ix++) {
            filter(f, ix, h);
            for (int k = 0; k < h.length; k++) {
                long iy = ix + k - half;
                if (iy >= yFrom && iy < yFrom + yRows) {
                    y[(int) (iy - yFrom)] += h[k] * x[(int) (ix - xFrom)];
                }
            }
        }
        return y;
    }

    /** The adjoint loops the kernel ran before: each output's filter, then its taps in order. */
    static double[] adjointGather(NonStationaryLoops.Filters f, double[] y, long yFrom, long yRows, long xFrom,
            long xRows) {
        int half = f.half();
        double[] x = new double[(int) xRows];
        double[] h = new double[2 * half + 1];
        for (long ix = xFrom; ix < xFrom + xRows; ix++) {
            filter(f, ix, h);
            for (int k = 0; k < h.length; k++) {
                long iy = ix - half + k;
                if (iy >= 0 && iy < f.n() && iy >= yFrom && iy < yFrom + yRows) {
                    x[(int) (ix - xFrom)] += h[k] * y[(int) (iy - yFrom)];
                }
            }
        }
        return x;
    }

    private static void filter(NonStationaryLoops.Filters f, long ix, double[] h) {
        double[][] hs = f.hs();
        int nh = hs.length;
        long j = Math.floorDiv(ix - f.oh(), f.dh());
        if (j < 0) {
            System.arraycopy(hs[0], 0, h, 0, h.length);
        } else if (j >= nh - 1) {
            System.arraycopy(hs[nh - 1], 0, h, 0, h.length);
        } else {
            double w = (double) (ix - f.oh()) / f.dh() - j;
            for (int k = 0; k < h.length; k++) {
                h[k] = (1 - w) * hs[(int) j][k] + w * hs[(int) j + 1][k];
            }
        }
    }

    /**
     * {@code k}'s non-stationary product of the samples {@code in} (rows from {@code inFrom}) into
     * the rows {@code [from, from + rows)} of an output whose other elements hold 99: written from
     * element {@code at}, with two elements after them.
     */
    private static double[] product(StencilKernels k, boolean adjoint, NonStationaryLoops.Filters f, double[] in,
            long inFrom, long from, long rows, int at) {
        Buffer src = Engine.host().allocate(ElementType.FLOAT64, in.length);
        System.arraycopy(in, 0, (double[]) src.hostArray(), 0, in.length);
        Buffer dst = Engine.host().allocate(ElementType.FLOAT64, rows + at + 2);
        java.util.Arrays.fill((double[]) dst.hostArray(), 99);
        k.nonStationary(adjoint, f.hs(), f.oh(), f.dh(), f.n(), src, inFrom, in.length, dst, at, from, rows, 1);
        return (double[]) dst.hostArray();
    }

    /** {@code values} from element {@code at}, 99 elsewhere: what {@link #product} should return. */
    private static double[] expected(double[] values, int at) {
        double[] out = new double[values.length + at + 2];
        java.util.Arrays.fill(out, 99);
        System.arraycopy(values, 0, out, at, values.length);
        return out;
    }

    @Test
    void theBuildRunsTheVectorLoops() {
        // the surefire JVM has --add-modules jdk.incubator.vector: without it the cases below
        // would compare the scalar loops with themselves
        assertTrue(NonStationaryLoops.INSTANCE.description().startsWith("Vector API"),
                NonStationaryLoops.INSTANCE.description());
        assertTrue(HOST.implementation().startsWith("Vector API"), HOST.implementation());
        assertEquals("scalar loops", SCALAR.implementation());
    }

    @Test
    void vectorAndScalarLoopsGiveTheBitsOfTheSpreadingLoops() {
        SplittableRandom rnd = new SplittableRandom(2026);
        int[] halves = {0, 1, 2, 3, 7, 15};
        long[] spacings = {1, 2, 3, 5, 16, 37, 90, 150, 400, 1000};
        for (int c = 0; c < 300; c++) {
            int half = halves[rnd.nextInt(halves.length)];
            int nh = 1 + rnd.nextInt(6);
            long dh = spacings[rnd.nextInt(spacings.length)];
            long n = 1 + rnd.nextInt(c % 10 == 0 ? 9000 : 700);
            long oh = rnd.nextLong(-20, Math.max(1, n / 3));
            double[][] hs = new double[nh][2 * half + 1];
            for (double[] h : hs) {
                for (int k = 0; k < h.length; k++) {
                    h[k] = rnd.nextDouble(-1, 1);
                }
            }
            NonStationaryLoops.Filters f = new NonStationaryLoops.Filters(hs, oh, dh, n, half);
            // a slab [from, to) of the axis and its ghost rows, cut short at the ends
            long from = rnd.nextLong(0, n);
            long to = rnd.nextLong(from, n + 1);
            long gFrom = Math.max(0, from - half);
            long gTo = Math.min(n, to + half);
            double[] in = new double[(int) (gTo - gFrom)];
            for (int k = 0; k < in.length; k++) {
                in[k] = rnd.nextInt(50) == 0 ? (rnd.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY)
                        : rnd.nextGaussian();
            }
            String what = "case " + c + ": half " + half + ", " + nh + " filters every " + dh + " from " + oh + ", n "
                    + n + ", rows [" + from + ", " + to + ")";
            long rows = to - from;
            double[] fwd = forwardSpread(f, in, gFrom, in.length, from, rows);
            double[] adj = adjointGather(f, in, gFrom, in.length, from, rows);
            // the outputs go from element `at` of a longer array, whose other elements stay as they were
            int at = rnd.nextInt(4);
            assertArrayEquals(expected(fwd, at), product(HOST, false, f, in, gFrom, from, rows, at),
                    what + ", forward, vector");
            assertArrayEquals(expected(fwd, at), product(SCALAR, false, f, in, gFrom, from, rows, at),
                    what + ", forward, scalar");
            assertArrayEquals(expected(adj, at), product(HOST, true, f, in, gFrom, from, rows, at),
                    what + ", adjoint, vector");
            assertArrayEquals(expected(adj, at), product(SCALAR, true, f, in, gFrom, from, rows, at),
                    what + ", adjoint, scalar");
        }
    }
}
