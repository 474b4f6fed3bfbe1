package org.jlops.mpi.ops.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.serial.NonStationaryConvolve1D;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceSpectral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link NonStationaryConvolve1D} against the dense reference, and {@link MPINonStationaryConvolve1D}
 * against the serial operator: SPEC §10 {@code test_nonstatconvolve} (nz = 32 per rank, two
 * triangular filters per rank, forward and adjoint at rtol 1e-14, dot-test) at 1..4 in-JVM ranks;
 * varying filters, n-d dims and any split (bitwise); the checks, also on one rank only.
 */
class MPINonStationaryConvolve1DTest {

    /** SciPy's {@code triang(n, sym=True)} for odd n. */
    static double[] triang(int n) {
        double[] w = new double[n];
        int m = (n + 1) / 2;
        for (int k = 0; k < n; k++) {
            int j = k < m ? k + 1 : n - k;
            w[k] = 2.0 * j / (n + 1);
        }
        return w;
    }

    static double[][] randomFilters(Random rnd, int count, int length) {
        double[][] hs = new double[count][length];
        for (double[] h : hs) {
            for (int k = 0; k < length; k++) {
                h[k] = rnd.nextGaussian();
            }
        }
        return hs;
    }

    static NdArray random(Random rnd, DType t, long... shape) {
        NdArray a = NdArray.zeros(t, shape);
        for (long q = 0; q < a.size(); q++) {
            a.set(q, rnd.nextGaussian(), t.isComplex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    static void assertClose(double[] want, NdArray got, double rtol, String what) {
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int q = 0; q < want.length; q++) {
            assertEquals(want[q], got.re(q), rtol * scale, what + " entry " + q);
        }
    }

    @Test
    void serialMatchesTheDenseReference() {
        Random rnd = new Random(7);
        long[][] shapes = {{23}, {17, 3}};
        for (long[] dims : shapes) {
            double[][] hs = randomFilters(rnd, 4, 5);
            long[] ih = {1, 5, 9, 13};
            NonStationaryConvolve1D op = new NonStationaryConvolve1D(dims, hs, ih, 0, DType.FLOAT64);
            DenseOperator ref = ReferenceSpectral.nonStationaryConvolve1D(dims, hs, new int[] {1, 5, 9, 13});
            NdArray x = random(rnd, DType.FLOAT64, op.cols());
            assertClose(ref.matvec(x.doubles()), op.matvec(x), 1e-13, "forward " + java.util.Arrays.toString(dims));
            assertClose(ref.rmatvec(x.doubles()), op.rmatvec(x), 1e-13, "adjoint " + java.util.Arrays.toString(dims));
        }
    }

    /** Axis 1 of a 2-d array is axis 0 of its transpose; complex input acts on both parts. */
    @Test
    void serialAlongTheLastAxisAndOnComplexInput() {
        Random rnd = new Random(8);
        double[][] hs = randomFilters(rnd, 3, 3);
        long[] ih = {1, 5, 9};
        NonStationaryConvolve1D last = new NonStationaryConvolve1D(new long[] {4, 11}, hs, ih);
        NonStationaryConvolve1D first = new NonStationaryConvolve1D(new long[] {11, 4}, hs, ih, 0, DType.FLOAT64);
        assertEquals(1, last.axis());
        NdArray x = random(rnd, DType.FLOAT64, 4, 11);
        NdArray xt = NdArray.zeros(DType.FLOAT64, 11, 4);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 11; j++) {
                xt.set(j * 4 + i, x.re(i * 11 + j), 0);
            }
        }
        NdArray y = last.matvec(x.reshape(44));
        NdArray yt = first.matvec(xt.reshape(44));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 11; j++) {
                assertEquals(yt.re(j * 4 + i), y.re(i * 11 + j), 1e-14);
            }
        }
        NdArray z = random(rnd, DType.COMPLEX128, 44);
        NdArray yz = last.rmatvec(z);
        assertEquals(DType.COMPLEX128, yz.dtype());
        NdArray re = last.rmatvec(NdArray.wrap(DType.FLOAT64, realPart(z), 44));
        for (int q = 0; q < 44; q++) {
            assertEquals(re.re(q), yz.re(q), 1e-14);
        }
    }

    static double[] realPart(NdArray z) {
        double[] r = new double[(int) z.size()];
        for (int q = 0; q < r.length; q++) {
            r[q] = z.re(q);
        }
        return r;
    }

    /** test_nonstatconvolve's test_NonStationaryConvolve1D (axis 0): spikes at the filters, rtol 1e-14, dot-test. */
    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void pylopsMpiParameters(int size) {
        int nz = 32;
        int filtsLocal = 2;
        double[][] hs = new double[size * filtsLocal][];
        for (int k = 0; k < hs.length; k++) {
            hs[k] = triang(5);
        }
        int between = nz / filtsLocal;
        long[] ih = new long[size * filtsLocal];
        for (int k = 0; k < ih.length; k++) {
            ih[k] = nz / (2 * filtsLocal) + (long) k * between;
        }
        long n = (long) nz * size;
        NdArray x = NdArray.zeros(DType.FLOAT64, n);
        for (long p : ih) {
            x.set(p, 1.0, 0);
        }
        NonStationaryConvolve1D serial = new NonStationaryConvolve1D(new long[] {n}, hs, ih);
        NdArray y = serial.matvec(x);
        NdArray yadj = serial.rmatvec(y);
        Random rnd = new Random(size);
        NdArray u = random(rnd, DType.FLOAT64, n);
        NdArray v = random(rnd, DType.FLOAT64, n);
        LocalCluster.run(size, comm -> {
            MPINonStationaryConvolve1D op = new MPINonStationaryConvolve1D(new long[] {n}, hs, ih, comm);
            DistributedArray yd = op.matvec(DistributedArray.toDist(x, comm));
            DistributedArray yadjd = op.rmatvec(yd);
            assertClose(y.doubles(), yd.asArray(), 1e-14, "forward");
            assertClose(yadj.doubles(), yadjd.asArray(), 1e-14, "adjoint");
            DistributedArray ud = DistributedArray.toDist(u, comm);
            DistributedArray vd = DistributedArray.toDist(v, comm);
            Complex lhs = vd.dot(op.matvec(ud), true);
            Complex rhs = op.rmatvec(vd).dot(ud, true);
            assertEquals(lhs.re(), rhs.re(), 1e-12 * Math.abs(lhs.re()), "dot-test");
            long halo = op.halo();
            // PyLops-MPI's halo: filters every 16 samples at 8 + 16k; a slab [32r, 32r + 31] has its last
            // filter 7 before its end: dist_end 16 - 7 = 9, dist_start 16 - 8 = 7; 9 + 5/2 + 1
            assertEquals(size == 1 ? 0 : 9 + 2 + 1, halo);
        });
    }

    /**
     * Single precision (FLOAT32 and COMPLEX64, the kernel's float loops): the double-precision
     * operator's results rounded, to single-precision accuracy, serial and on 1..3 ranks, forward and
     * adjoint, 1-d and 2-d.
     */
    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3})
    void singlePrecisionFollowsDoublePrecision(int size) {
        Random rnd = new Random(40 + size);
        double[][] hs = randomFilters(rnd, 4, 7);
        long[] ih = {5, 17, 29, 41};
        for (long[] dims : new long[][] {{48}, {48, 3}}) {
            for (DType single : new DType[] {DType.FLOAT32, DType.COMPLEX64}) {
                DType dbl = single.isComplex() ? DType.COMPLEX128 : DType.FLOAT64;
                NdArray x = random(rnd, dbl, dims);
                NonStationaryConvolve1D ref = new NonStationaryConvolve1D(dims, hs, ih, 0, dbl);
                NonStationaryConvolve1D op = new NonStationaryConvolve1D(dims, hs, ih, 0, single);
                String what = single + " " + java.util.Arrays.toString(dims);
                NdArray y = ref.matvec(x);
                NdArray yadj = ref.rmatvec(y);
                NdArray ys = op.matvec(x.astype(single));
                assertEquals(single, ys.dtype(), what);
                assertCloseComplex(y, ys, 1e-5, what + " serial forward");
                assertCloseComplex(yadj, op.rmatvec(y.astype(single)), 1e-5, what + " serial adjoint");
                LocalCluster.run(size, comm -> {
                    MPINonStationaryConvolve1D mop = new MPINonStationaryConvolve1D(dims, hs, ih, 0, comm, single,
                            MPINonStationaryConvolve1D.Options.ANY_SPLIT);
                    DistributedArray yd = mop.matvec(DistributedArray.toDist(x.astype(single), comm).ravel());
                    assertCloseComplex(y, yd.asArray(), 1e-5, what + " forward on " + size);
                    assertCloseComplex(yadj, mop.rmatvec(yd).asArray(), 1e-5, what + " adjoint on " + size);
                });
            }
        }
    }

    private static void assertCloseComplex(NdArray want, NdArray got, double rtol, String what) {
        assertEquals(want.size(), got.size(), what);
        double scale = 0;
        for (long q = 0; q < want.size(); q++) {
            scale = Math.max(scale, Math.hypot(want.re(q), want.im(q)));
        }
        for (long q = 0; q < want.size(); q++) {
            double d = Math.hypot(want.re(q) - got.re(q), want.im(q) - got.im(q));
            assertTrue(d <= rtol * scale, what + " element " + q + ": " + got.re(q) + "+" + got.im(q) + "j vs "
                    + want.re(q) + "+" + want.im(q) + "j");
        }
    }

    /** Varying filters, 2-d dims, every split (ANY_SPLIT): the serial operator's bits, real and complex input. */
    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5, 7})
    void anySplitIsBitwiseSerial(int size) {
        Random rnd = new Random(100 + size);
        long[] dims = {13, 3};
        double[][] hs = randomFilters(rnd, 4, 7);
        long[] ih = {1, 4, 7, 10};
        NonStationaryConvolve1D serial = new NonStationaryConvolve1D(dims, hs, ih, 0, DType.FLOAT64);
        NdArray x = random(rnd, DType.FLOAT64, 39);
        NdArray z = random(rnd, DType.COMPLEX128, 39);
        NdArray y = serial.matvec(x);
        NdArray xa = serial.rmatvec(x);
        NdArray yz = serial.matvec(z);
        LocalCluster.run(size, comm -> {
            MPINonStationaryConvolve1D op = new MPINonStationaryConvolve1D(dims, hs, ih, 0, comm, DType.FLOAT64,
                    MPINonStationaryConvolve1D.Options.ANY_SPLIT);
            assertArrayEquals(y.doubles(), op.matvec(DistributedArray.toDist(x, comm)).asArray().doubles());
            assertArrayEquals(xa.doubles(), op.rmatvec(DistributedArray.toDist(x, comm)).asArray().doubles());
            DistributedArray out = op.matvec(DistributedArray.toDist(z, comm));
            assertEquals(DType.COMPLEX128, out.dtype());
            assertArrayEquals(yz.doubles(), out.asArray().doubles());
            // an uneven split of the input is re-split first
            long[] counts = new long[size];
            counts[size - 1] = 39;
            DistributedArray skew = DistributedArray.builder(comm, 39).localSizes(counts).dtype(DType.FLOAT64)
                    .localArray(comm.rank() == size - 1 ? x.copy() : NdArray.zeros(DType.FLOAT64, 0)).buildLocal();
            assertArrayEquals(y.doubles(), op.matvec(skew).asArray().doubles());
        });
    }

    @Test
    void pylopsMpiErrors() {
        double[][] h1s = {triang(5), triang(5), triang(5), triang(5)};
        long[] ih = {8, 24, 40, 56};
        LocalCluster.run(2, comm -> {
            double[][] even = {new double[4], new double[4], new double[4], new double[4]};
            String odd = assertThrows(IllegalArgumentException.class,
                    () -> new MPINonStationaryConvolve1D(new long[] {64}, even, ih, comm)).getMessage();
            assertTrue(odd.startsWith("hs: filters hs must have odd length, got 4"), odd);
            String irregular = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {64}, h1s, new long[] {9, 24, 40, 56}, comm)).getMessage();
            assertTrue(irregular.contains("must be regularly sampled"), irregular);
            String outside = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {50}, h1s, ih, comm)).getMessage();
            assertTrue(outside.startsWith("ih: the indices of filters 'ih' must be in [0, 50)"), outside);
            String axis = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {64, 2}, h1s, ih, 1, comm, DType.FLOAT64,
                    MPINonStationaryConvolve1D.Options.EQUAL_SPLIT)).getMessage();
            assertTrue(axis.startsWith("axis: only axis 0"), axis);
        });
        LocalCluster.run(3, comm -> {
            String div = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {64}, h1s, ih, comm)).getMessage();
            assertTrue(div.startsWith("dims: the number of input samples 64 is not divisible by the number of ranks (3)"),
                    div);
        });
        LocalCluster.run(4, comm -> {
            String none = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {64}, new double[][] {triang(3), triang(3)}, new long[] {8, 24}, comm)).getMessage();
            assertTrue(none.startsWith("ih: rank 2 has no filter"), none);
            // the same operator without PyLops-MPI's rules builds
            new MPINonStationaryConvolve1D(new long[] {64}, new double[][] {triang(3), triang(3)}, new long[] {8, 24},
                    0, comm, DType.FLOAT64, MPINonStationaryConvolve1D.Options.ANY_SPLIT);
        });
    }

    /** A bad argument on one rank only: the same exception on every rank, no hang. */
    @Test
    void badInputOnOneRankFailsOnEveryRank() {
        double[][] h1s = {triang(5), triang(5), triang(5), triang(5)};
        List<String> even = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPINonStationaryConvolve1D(new long[] {48}, comm.rank() == 2
                        ? new double[][] {new double[4], new double[4], new double[4], new double[4]} : h1s,
                        new long[] {4, 16, 28, 40}, comm)).getMessage());
        assertEquals(1, even.stream().distinct().count(), even.toString());
        List<String> ih = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPINonStationaryConvolve1D(new long[] {48}, h1s,
                        comm.rank() == 1 ? new long[] {4, 16, 28, 41} : new long[] {4, 16, 28, 40}, comm)).getMessage());
        assertEquals(1, ih.stream().distinct().count(), ih.toString());
        assertTrue(ih.get(0).startsWith("ih: "), ih.get(0));
    }

    /**
     * PyLops-MPI's halo with filters on the first and last sample of a slab (a position on a slab's
     * edge belongs to it), with two filters per slab, and one filter on one rank (halo 0); and the
     * operator built from them is the serial one.
     */
    @Test
    void pylopsHaloWithFiltersOnSlabEdges() {
        double[][] two = {triang(3), {0.5, 1, -1}};
        // slabs [0, 2] and [3, 5]: filters at 0 and 5; dist_start 5 - (5 - 3) = 3, dist_end 5 - (2 - 0) = 3
        LocalCluster.run(2, comm -> assertEquals(3 + 1 + 1,
                new MPINonStationaryConvolve1D(new long[] {6}, two, new long[] {0, 5}, comm).halo()));
        // filters at 0, 2, 4: slab 0 holds 0 and 2 (dist_end 2 - 0 = 2), slab 1 holds 4 (dist_start 2 - 1 = 1)
        double[][] three = {triang(3), {0.5, 1, -1}, {1, -2, 3}};
        LocalCluster.run(2, comm -> assertEquals(2 + 1 + 1,
                new MPINonStationaryConvolve1D(new long[] {6}, three, new long[] {0, 2, 4}, comm).halo()));
        // filters at 2 and 5 of slabs [0, 2] and [3, 5]: both on a slab's last sample
        LocalCluster.run(2, comm -> assertEquals(3 + 1 + 1,
                new MPINonStationaryConvolve1D(new long[] {6}, two, new long[] {2, 5}, comm).halo()));
        double[][] one = {{0.5, 1, -1}};
        long[] dims = {6, 2};
        NonStationaryConvolve1D serial = new NonStationaryConvolve1D(dims, one, new long[] {2}, 0, DType.FLOAT64);
        assertEquals("NonStationaryConvolve1D(dims=[6, 2], axis=0, filters=1x3, ih=2, dtype=FLOAT64)", serial.toString());
        NdArray x = random(new Random(3), DType.FLOAT64, 12);
        NdArray y = serial.matvec(x);
        NdArray xa = serial.rmatvec(x);
        // one filter everywhere: a stationary convolution along axis 0
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 2; j++) {
                double want = 0;
                for (int k = 0; k < 3; k++) {
                    int src = i - (k - 1);
                    want += src >= 0 && src < 6 ? one[0][k] * x.re(src * 2 + j) : 0;
                }
                assertEquals(want, y.re(i * 2 + j), 1e-14, "row " + i);
            }
        }
        for (int size : new int[] {1, 3}) {
            LocalCluster.run(size, comm -> {
                MPINonStationaryConvolve1D op = new MPINonStationaryConvolve1D(dims, one, new long[] {2}, 0, comm,
                        DType.FLOAT64, size == 1 ? MPINonStationaryConvolve1D.Options.EQUAL_SPLIT
                                : MPINonStationaryConvolve1D.Options.ANY_SPLIT);
                assertEquals(0, op.halo());
                assertArrayEquals(y.doubles(), op.matvec(DistributedArray.toDist(x, comm)).asArray().doubles());
                assertArrayEquals(xa.doubles(), op.rmatvec(DistributedArray.toDist(x, comm)).asArray().doubles());
            });
        }
    }

    /** The serial checks of filters and positions, the accessors and the description. */
    @Test
    void serialChecksAndAccessors() {
        double[][] hs = {triang(3), {0.5, 1, -1}};
        NonStationaryConvolve1D op = new NonStationaryConvolve1D(new long[] {6}, hs, new long[] {0, 5});
        assertArrayEquals(new long[] {0, 5}, op.ih());
        double[][] got = op.hs();
        assertArrayEquals(hs[1], got[1]);
        got[1][0] = 9;
        assertEquals(0.5, op.hs()[1][0], "hs() is a copy");
        assertEquals("NonStationaryConvolve1D(dims=[6], axis=0, filters=2x3, ih=0:5, dtype=FLOAT64)", op.toString());
        String m = assertThrows(IllegalArgumentException.class,
                () -> new NonStationaryConvolve1D(new long[] {6}, hs, new long[] {1, 6})).getMessage();
        assertTrue(m.startsWith("ih: the indices of filters 'ih' must be in [0, 6)"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new NonStationaryConvolve1D(new long[] {6}, hs, new long[] {3, 3})).getMessage();
        assertTrue(m.startsWith("ih: the indices of filters 'ih' must be increasing"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new NonStationaryConvolve1D(new long[] {6}, hs, new long[] {4, 3})).getMessage();
        assertTrue(m.startsWith("ih: the indices of filters 'ih' must be increasing"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new NonStationaryConvolve1D(new long[] {6}, hs, new long[] {1})).getMessage();
        assertEquals("ih: needs one position per filter (2), got 1", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new NonStationaryConvolve1D(new long[] {6}, hs, null)).getMessage();
        assertEquals("ih: needs one position per filter (2), got null", m);
        m = assertThrows(IllegalArgumentException.class, () -> new NonStationaryConvolve1D(new long[] {6},
                new double[][] {triang(3), null}, new long[] {0, 5})).getMessage();
        assertEquals("hs: every filter must have the same length; filter 1 has none, filter 0 has 3", m);
        m = assertThrows(IllegalArgumentException.class, () -> new NonStationaryConvolve1D(new long[] {6},
                new double[][] {triang(3), triang(5)}, new long[] {0, 5})).getMessage();
        assertEquals("hs: every filter must have the same length; filter 1 has 5, filter 0 has 3", m);
        m = assertThrows(IllegalArgumentException.class, () -> new NonStationaryConvolve1D(new long[] {6},
                new double[0][], new long[0])).getMessage();
        assertEquals("hs: needs at least one filter", m);
    }

    /** Distributed argument checks: the axis range, dims of 1 (allowed) and 0, filters that differ on one rank. */
    @Test
    void distributedArgumentChecks() {
        double[][] hs = {triang(3), {0.5, 1, -1}};
        LocalCluster.run(2, comm -> {
            MPINonStationaryConvolve1D ok = new MPINonStationaryConvolve1D(new long[] {6, 1}, hs, new long[] {0, 5}, -2,
                    comm, DType.FLOAT64, MPINonStationaryConvolve1D.Options.EQUAL_SPLIT);
            assertEquals(6, ok.cols());
            String m = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {6}, hs, new long[] {0, 5}, 1, comm, DType.FLOAT64,
                    MPINonStationaryConvolve1D.Options.EQUAL_SPLIT)).getMessage();
            assertTrue(m.startsWith("axis: 1 is out of range for 1-d dims"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {6, 2}, hs, new long[] {0, 5}, -3, comm, DType.FLOAT64,
                    MPINonStationaryConvolve1D.Options.EQUAL_SPLIT)).getMessage();
            assertTrue(m.startsWith("axis: -3 is out of range for 2-d dims"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {6, 0}, hs, new long[] {0, 5}, 0, comm, DType.FLOAT64,
                    MPINonStationaryConvolve1D.Options.EQUAL_SPLIT)).getMessage();
            assertTrue(m.startsWith("dims: every dimension must be at least 1"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPINonStationaryConvolve1D(
                    new long[] {6}, null, new long[] {0, 5}, comm)).getMessage();
            assertTrue(m.startsWith("hs: needs at least one filter"), m);
        });
        // valid filters of the same shape but different values on rank 1 (differing in the first filter)
        List<String> m = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPINonStationaryConvolve1D(new long[] {6}, comm.rank() == 1
                        ? new double[][] {{0.5, 2, 0.5}, {0.5, 1, -1}} : hs, new long[] {0, 5}, 0, comm,
                        DType.FLOAT64, MPINonStationaryConvolve1D.Options.ANY_SPLIT)).getMessage());
        assertEquals(1, m.stream().distinct().count(), m.toString());
        assertTrue(m.get(0).startsWith("hs"), m.get(0));
        assertTrue(m.get(0).contains("[[0.5, 2.0, 0.5], [0.5, 1.0, -1.0]]"), m.get(0));
    }
}
