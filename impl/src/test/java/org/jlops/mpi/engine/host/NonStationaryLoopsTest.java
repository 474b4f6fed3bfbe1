package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jlops.mpi.engine.StencilKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link NonStationaryLoops}, vector and scalar, against the loops they replace (one filter
 * interpolated per sample and spread over its outputs, or gathered for the adjoint): the same bits
 * for filters of 1 to 31 taps, one to several filters with spacings shorter and longer than a
 * vector, positions before and after the axis, slabs with ghost rows cut anywhere (inside the axis
 * and at its ends), lengths across the loops' chunks, and non-finite samples.
 */
class NonStationaryLoopsTest {

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

    /** Room for {@code rows} outputs from element {@code at}, every element 99 (overwritten or kept). */
    private static double[] outputs(long rows, int at) {
        double[] out = new double[(int) rows + at + 2];
        java.util.Arrays.fill(out, 99);
        return out;
    }

    /** {@code values} from element {@code at}, 99 elsewhere: what {@link #outputs} should hold after the call. */
    private static double[] expected(double[] values, int at) {
        double[] out = outputs(values.length, at);
        System.arraycopy(values, 0, out, at, values.length);
        return out;
    }

    @Test
    void theBuildRunsTheVectorLoops() {
        // the surefire JVM has --add-modules jdk.incubator.vector: without it the cases below
        // would compare the scalar loops with themselves
        assertTrue(NonStationaryLoops.implementation().startsWith("Vector API"), NonStationaryLoops.implementation());
        assertEquals("scalar loops", StencilKernels.onScalarPath(NonStationaryLoops::implementation));
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
            double[] y = outputs(rows, at);
            NonStationaryLoops.forward(f, in, gFrom, in.length, y, at, from, rows);
            assertArrayEquals(expected(fwd, at), y, what + ", forward, vector");
            double[] ys = outputs(rows, at);
            StencilKernels.onScalarPath(() -> {
                NonStationaryLoops.forward(f, in, gFrom, in.length, ys, at, from, rows);
                return null;
            });
            assertArrayEquals(expected(fwd, at), ys, what + ", forward, scalar");
            double[] x = outputs(rows, at);
            NonStationaryLoops.adjoint(f, in, gFrom, in.length, x, at, from, rows);
            assertArrayEquals(expected(adj, at), x, what + ", adjoint, vector");
            double[] xs = outputs(rows, at);
            StencilKernels.onScalarPath(() -> {
                NonStationaryLoops.adjoint(f, in, gFrom, in.length, xs, at, from, rows);
                return null;
            });
            assertArrayEquals(expected(adj, at), xs, what + ", adjoint, scalar");
        }
    }
}
