package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

/**
 * {@link ElementMaps} on every leaf of a stack, real and complex, against the maps' formulas
 * written out element by element (the half threshold as Xu et al. 2012 define it), and the
 * argument checks.
 */
class ElementMapsTest {

    /** The element map under test, one element {@code (re, im)} into {@code {re, im}}. */
    @FunctionalInterface
    interface Formula {
        double[] at(double re, double im, boolean complex);
    }

    private static double abs(double re, double im, boolean complex) {
        return complex ? Math.hypot(re, im) : Math.abs(re);
    }

    private static double[] scaled(double s, double re, double im) {
        return new double[] {s * re, s * im};
    }

    static Formula soft(double tau) {
        return (re, im, c) -> {
            double a = abs(re, im, c);
            return scaled(a > tau ? (a - tau) / a : 0, re, im);
        };
    }

    static Formula hard(double t) {
        return (re, im, c) -> abs(re, im, c) > t ? new double[] {re, im} : new double[] {0, 0};
    }

    static Formula half(double tau) {
        return (re, im, c) -> {
            double a = abs(re, im, c);
            if (a <= Math.cbrt(54.0) / 4.0 * Math.pow(tau, 2.0 / 3.0)) {
                return new double[] {0, 0};
            }
            double phi = Math.acos(tau / 8.0 * Math.pow(a / 3.0, -1.5));
            return scaled(2.0 / 3.0 * (1 + Math.cos(2.0 * Math.PI / 3.0 - 2.0 / 3.0 * phi)), re, im);
        };
    }

    static Formula ball(double r) {
        return (re, im, c) -> {
            double a = abs(re, im, c);
            return scaled(a > r ? r / a : 1, re, im);
        };
    }

    /** A stack of a FLOAT64 array of 11, a COMPLEX128 array of 7 (BROADCAST) and a FLOAT32 array of 5. */
    private static StackedDistributedArray stack(Communicator comm, boolean realOnly) {
        DistributedArray a = DistributedArray.toDist(SerialArrays.random(DType.FLOAT64, 1, 0, 2, 11), comm);
        DistributedArray b = DistributedArray.toDist(
                SerialArrays.random(realOnly ? DType.FLOAT64 : DType.COMPLEX128, 2, 0, 2, 7), comm,
                Partition.BROADCAST, 0);
        DistributedArray c = DistributedArray.toDist(SerialArrays.random(DType.FLOAT32, 3, 0, 2, 5), comm);
        return StackedDistributedArray.of(a, StackedDistributedArray.of(b, c));
    }

    /** Every leaf of {@code out} is {@code f} of the same leaf of {@code in} (rtol of the leaf's dtype). */
    private static void assertMapped(StackedDistributedArray in, StackedDistributedArray out, Formula f, String what) {
        List<DistributedArray> x = ElementMaps.leaves(in);
        List<DistributedArray> y = ElementMaps.leaves(out);
        assertEquals(3, x.size());
        for (int l = 0; l < x.size(); l++) {
            NdArray xl = x.get(l).localArray();
            NdArray yl = y.get(l).localArray();
            boolean complex = xl.dtype().isComplex();
            for (long k = 0; k < xl.size(); k++) {
                double[] e = f.at(xl.re(k), xl.im(k), complex);
                double tol = SerialArrays.rtol(xl.dtype()) * (1 + Math.abs(e[0]) + Math.abs(e[1]));
                assertEquals(e[0], yl.re(k), tol, what + " leaf " + l + " element " + k + " (re)");
                assertEquals(e[1], yl.im(k), tol, what + " leaf " + l + " element " + k + " (im)");
            }
        }
    }

    @Test
    void mapsEveryLeafOfAStackWithItsFormula() {
        LocalCluster.run(3, comm -> {
            for (boolean realOnly : new boolean[] {true, false}) {
                StackedDistributedArray x = stack(comm, realOnly);
                NdArray before = x.get(0) instanceof DistributedArray a ? a.localArray().copy() : null;
                StackedDistributedArray out = x.zerosLike();
                assertSame(out, ElementMaps.soft(x, 0.7, out));
                assertMapped(x, out, soft(0.7), "soft");
                assertSame(out, ElementMaps.hard(x, 0.9, out));
                assertMapped(x, out, hard(0.9), "hard");
                assertSame(out, ElementMaps.half(x, 0.6, out));
                assertMapped(x, out, half(0.6), "half");
                assertSame(out, ElementMaps.shrinkToBall(x, 0.8, out));
                assertMapped(x, out, ball(0.8), "shrinkToBall");
                if (realOnly) {
                    assertSame(out, ElementMaps.clip(x, -0.5, 0.25, out));
                    assertMapped(x, out, (re, im, c) -> new double[] {Math.min(Math.max(re, -0.5), 0.25), 0}, "clip");
                }
                assertEquals(before, ((DistributedArray) x.get(0)).localArray(), "x is not modified");
            }
        });
    }

    @Test
    void mapsInPlace() {
        LocalCluster.run(2, comm -> {
            StackedDistributedArray x = stack(comm, false);
            StackedDistributedArray copy = x.copy();
            assertSame(x, ElementMaps.soft(x, 0.3, x));
            assertMapped(copy, x, soft(0.3), "soft in place");
        });
    }

    @Test
    void countsThisRanksElementsOutsideTheBoundsOverEveryLeaf() {
        LocalCluster.run(3, comm -> {
            StackedDistributedArray x = stack(comm, true);
            long expected = 0;
            for (DistributedArray leaf : ElementMaps.leaves(x)) {
                NdArray l = leaf.localArray();
                for (long k = 0; k < l.size(); k++) {
                    expected += l.re(k) >= -0.5 && l.re(k) <= 0.5 ? 0 : 1;
                }
            }
            assertTrue(expected > 1, "the case has elements outside on several leaves");
            assertEquals(expected, ElementMaps.countOutside(x, -0.5, 0.5));
            assertEquals(0, ElementMaps.countOutside(x, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
            DistributedArray nan = DistributedArray.toDist(NdArray.ofFloat64(new double[] {Double.NaN, 0, 1, 2}), comm,
                    Partition.BROADCAST, 0);
            assertEquals(2, ElementMaps.countOutside(nan, 0, 1), "NaN counts as outside");
        });
    }

    @Test
    void badArgumentsAreNamed() {
        LocalCluster.run(1, comm -> {
            StackedDistributedArray x = stack(comm, false);
            StackedDistributedArray out = x.zerosLike();
            assertMessage("tau:", () -> ElementMaps.soft(x, -1, out));
            assertMessage("tau:", () -> ElementMaps.soft(x, Double.NaN, out));
            assertMessage("tau:", () -> ElementMaps.half(x, -0.1, out));
            assertMessage("r:", () -> ElementMaps.shrinkToBall(x, -2, out));
            assertMessage("t:", () -> ElementMaps.hard(x, Double.NaN, out));
            assertMessage("lower/upper:", () -> ElementMaps.clip(x, Double.NaN, 1, out));
            assertMessage("x: clip needs real values", () -> ElementMaps.clip(x, 0, 1, out));
            assertMessage("x: countOutside needs real values", () -> ElementMaps.countOutside(x, 0, 1));
            assertMessage("x: must not be null", () -> ElementMaps.countOutside(null, 0, 1));
            assertMessage("x: must not be null", () -> ElementMaps.soft(null, 1, out));
            assertMessage("out: must not be null", () -> ElementMaps.soft(x, 1, (StackedDistributedArray) null));
            assertMessage("out: layout", () -> ElementMaps.soft(x, 1, stack(comm, true)));
            assertMessage("out: layout", () -> ElementMaps.hard(x, 1, ElementMaps.leaves(x).get(0)));
        });
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), "expected '" + start + "...', got: " + e.getMessage());
    }
}
