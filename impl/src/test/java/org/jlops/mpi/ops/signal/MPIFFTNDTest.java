package org.jlops.mpi.ops.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.serial.FFTND;
import org.jlops.mpi.ops.serial.FftNorm;
import org.jlops.mpi.ops.serial.FftOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MPIFFTND} and {@link MPIFFT2D}: SPEC §10 {@code test_ffts} (FFT2D: 4 parameter sets × 4
 * shift combinations; FFTND: 8 × 4) — forward, adjoint of the forward and the exact inverse
 * against the serial {@link FFTND} with the same options, to 7 decimals as PyLops-MPI, at 1..4
 * in-JVM ranks (and more ranks than rows); the dot-test (over the reals for a real model); the
 * distributed shift helpers; bad input on one rank.
 */
class MPIFFTNDTest {

    /** A test_ffts parameter set: shape, dtype, norm, real, axes. */
    record Par(long[] dims, boolean real, FftNorm norm, int[] axes) {
        @Override
        public String toString() {
            return java.util.Arrays.toString(dims) + (real ? " real " : " complex ") + norm + " axes "
                    + java.util.Arrays.toString(axes);
        }
    }

    static final List<Par> FFT2D_PARS = List.of(
            new Par(new long[] {41, 51}, false, FftNorm.NONE, new int[] {0, 1}),
            new Par(new long[] {50, 50}, false, FftNorm.ONE_OVER_N, new int[] {0, 1}),
            new Par(new long[] {41, 51}, true, FftNorm.ONE_OVER_N, new int[] {0, 1}),
            new Par(new long[] {50, 50}, true, FftNorm.NONE, new int[] {0, 1}));

    static final List<Par> FFTND_PARS;

    static {
        List<Par> p = new ArrayList<>(FFT2D_PARS);
        p.add(new Par(new long[] {41, 51, 50}, true, FftNorm.NONE, new int[] {0, 1, 2}));
        p.add(new Par(new long[] {41, 51, 50}, true, FftNorm.ONE_OVER_N, new int[] {0, 2, 1}));
        p.add(new Par(new long[] {41, 51, 50}, false, FftNorm.NONE, new int[] {2, 1, 0}));
        p.add(new Par(new long[] {41, 51, 50}, false, FftNorm.ONE_OVER_N, new int[] {2, 0, 1}));
        FFTND_PARS = List.copyOf(p);
    }

    static NdArray random(DType dt, long seed, long... shape) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(dt, shape);
        for (long q = 0; q < a.size(); q++) {
            a.set(q, rnd.nextGaussian(), dt.isComplex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    /** Every entry within 1.5e-7 (NumPy's assert_array_almost_equal, decimal 7) of the largest. */
    static void assertAlmostEqual(NdArray want, NdArray got, String what) {
        assertEquals(want.size(), got.size(), what);
        double scale = 1;
        for (long q = 0; q < want.size(); q++) {
            scale = Math.max(scale, Math.hypot(want.re(q), want.im(q)));
        }
        for (long q = 0; q < want.size(); q++) {
            double err = Math.hypot(want.re(q) - got.re(q), want.im(q) - got.im(q));
            assertTrue(err <= 1.5e-7 * scale, what + ": entry " + q + " " + got.re(q) + "+" + got.im(q) + "i, expected "
                    + want.re(q) + "+" + want.im(q) + "i");
        }
    }

    /** The serial operator's products vs the distributed ones for one parameter set and shift choice. */
    static void compare(Par p, boolean before, boolean after, boolean twoD, int np) {
        FftOptions o = FFTND.options().axes(p.axes()).norm(p.norm()).real(p.real())
                .dtype(p.real() ? DType.FLOAT64 : DType.COMPLEX128).ifftshiftBefore(before).fftshiftAfter(after);
        FFTND serial = new FFTND(p.dims(), o);
        NdArray x = random(p.real() ? DType.FLOAT64 : DType.COMPLEX128, 42, serial.cols());
        NdArray y = serial.matvec(x);
        NdArray xadj = serial.rmatvec(y);
        NdArray xinv = serial.inverse(y);
        String what = (twoD ? "MPIFFT2D " : "MPIFFTND ") + p + " before=" + before + " after=" + after + " np=" + np;
        LocalCluster.run(np, comm -> {
            DistributedFft op = twoD ? new MPIFFT2D(p.dims(), o, comm) : new MPIFFTND(p.dims(), o, comm);
            DistributedArray xd = DistributedArray.toDist(x, comm);
            DistributedArray yd = op.matvec(xd);
            DistributedArray xadjd = op.rmatvec(yd);
            DistributedArray xinvd = op.inverse(yd);
            assertEquals(DType.COMPLEX128, yd.dtype(), what);
            assertEquals(p.real() ? DType.FLOAT64 : DType.COMPLEX128, xadjd.dtype(), what);
            assertArrayEquals(serial.dimsd(), op.dimsd(), what);
            NdArray yg = yd.asArray();
            NdArray xadjg = xadjd.asArray();
            NdArray xinvg = xinvd.asArray();
            if (comm.rank() == 0) {
                assertAlmostEqual(y, yg, what + " forward");
                assertAlmostEqual(xadj, xadjg, what + " adjoint");
                assertAlmostEqual(xinv, xinvg, what + " inverse");
                assertAlmostEqual(x, xinvg, what + " inverse of the forward");
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3})
    void testFft2d(int np) {
        for (Par p : FFT2D_PARS) {
            for (int shifts = 0; shifts < 4; shifts++) {
                compare(p, (shifts & 1) != 0, (shifts & 2) != 0, true, np);
            }
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 4})
    @Tag("slow")
    void testFftndSlow(int np) {
        for (Par p : FFTND_PARS) {
            for (int shifts = 0; shifts < 4; shifts++) {
                compare(p, (shifts & 1) != 0, (shifts & 2) != 0, false, np);
            }
        }
    }

    /** One shift combination per test_ffts set of FFTND (all four under the slow tag). */
    @Test
    void testFftnd() {
        int shifts = 0;
        for (Par p : FFTND_PARS) {
            compare(p, (shifts & 1) != 0, (shifts & 2) != 0, false, 3);
            shifts = (shifts + 1) % 4;
        }
    }

    /** More ranks than rows or columns: empty slabs on some ranks, per-axis shifts on distributed axes. */
    @Test
    void moreRanksThanRowsAndPerAxisShifts() {
        Par p = new Par(new long[] {3, 2, 5}, true, FftNorm.ORTHO, new int[] {-1, 0});
        FftOptions o = FFTND.options().axes(p.axes()).norm(p.norm()).real(true).dtype(DType.FLOAT32)
                .ifftshiftBefore(true, false).fftshiftAfter(false, true);
        FFTND serial = new FFTND(p.dims(), o);
        NdArray x = random(DType.FLOAT32, 5, serial.cols());
        NdArray y = serial.matvec(x);
        LocalCluster.run(5, comm -> {
            MPIFFTND op = new MPIFFTND(p.dims(), o, comm);
            assertEquals(DType.COMPLEX64, op.dtype());
            assertEquals(DType.FLOAT32, op.modelDtype());
            DistributedArray yd = op.matvec(DistributedArray.toDist(x, comm));
            NdArray yg = yd.asArray();
            NdArray back = op.inverse(yd).asArray();
            for (long q = 0; q < y.size(); q++) {
                assertEquals(y.re(q), yg.re(q), 1e-5);
                assertEquals(y.im(q), yg.im(q), 1e-5);
            }
            for (long q = 0; q < x.size(); q++) {
                assertEquals(x.re(q), back.re(q), 1e-5);
            }
        });
    }

    /**
     * The held-output products ({@code matvec(x, out)}, {@code rmatvec(y, out)}) give the bits of
     * the allocating ones, into {@code out} itself; no input is modified; later products on other
     * data leave those results alone (none is a block the operator holds); and the forward and
     * adjoint are the same bits at 1, 2 and 3 ranks — for every test_ffts set, with and without
     * shifts and the norm, real and complex, both precisions, and a real dtype without {@code real}.
     */
    /** The entries of {@code a} as doubles (exact for float storage): for bit-for-bit comparisons. */
    static double[] entries(NdArray a) {
        if (a.dtype().isDoublePrecision()) {
            return a.doubles();
        }
        float[] f = a.floats();
        double[] d = new double[f.length];
        for (int q = 0; q < f.length; q++) {
            d[q] = f[q];
        }
        return d;
    }

    @Test
    void heldOutputsAreTheSameBitsAtEveryRankCountAndInputsStayUnchanged() {
        for (Par p : FFTND_PARS) {
            for (int variant = 0; variant < 4; variant++) {
                boolean shifts = (variant & 1) != 0;
                boolean single = (variant & 2) != 0;
                DType dt = p.real() ? (single ? DType.FLOAT32 : DType.FLOAT64)
                        : variant == 3 ? DType.FLOAT64 : single ? DType.COMPLEX64 : DType.COMPLEX128;
                FftOptions o = MPIFFTND.options().axes(p.axes()).norm(p.norm()).real(p.real()).dtype(dt)
                        .ifftshiftBefore(shifts).fftshiftAfter(shifts);
                String what = p + " " + dt + " shifts=" + shifts;
                List<double[]> first = new ArrayList<>();
                for (int np = 1; np <= 3; np++) {
                    LocalCluster.run(np, comm -> {
                        MPIFFTND op = new MPIFFTND(p.dims(), o, comm);
                        NdArray xg = random(dt.isComplex() ? op.dtype() : op.modelDtype(), 7, op.cols());
                        DistributedArray x = DistributedArray.toDist(xg, comm);
                        DistributedArray y = DistributedArray.toDist(random(op.dtype(), 8, op.rows()), comm);
                        double[] xBefore = entries(x.asArray());
                        double[] yBefore = entries(y.asArray());
                        DistributedArray ax = op.matvec(x);
                        DistributedArray ahy = op.rmatvec(y);
                        DistributedArray axOut = ax.zerosLike();
                        DistributedArray ahyOut = ahy.zerosLike();
                        assertTrue(op.matvec(x, axOut) == axOut, what);
                        assertTrue(op.rmatvec(y, ahyOut) == ahyOut, what);
                        double[] fwd = entries(ax.asArray());
                        double[] adj = entries(ahy.asArray());
                        assertArrayEquals(fwd, entries(axOut.asArray()), what + " matvec(x, out)");
                        assertArrayEquals(adj, entries(ahyOut.asArray()), what + " rmatvec(y, out)");
                        assertArrayEquals(xBefore, entries(x.asArray()), what + " x unchanged");
                        assertArrayEquals(yBefore, entries(y.asArray()), what + " y unchanged");
                        // products on other data leave these results alone: none is a block the operator holds
                        op.matvec(DistributedArray.toDist(random(xg.dtype(), 9, op.cols()), comm));
                        op.rmatvec(DistributedArray.toDist(random(op.dtype(), 10, op.rows()), comm));
                        assertArrayEquals(fwd, entries(ax.asArray()), what + " matvec(x) kept");
                        assertArrayEquals(adj, entries(ahy.asArray()), what + " rmatvec(y) kept");
                        assertArrayEquals(fwd, entries(axOut.asArray()), what + " matvec(x, out) kept");
                        assertArrayEquals(adj, entries(ahyOut.asArray()), what + " rmatvec(y, out) kept");
                        if (comm.rank() == 0) {
                            synchronized (first) {
                                if (first.isEmpty()) {
                                    first.add(fwd);
                                    first.add(adj);
                                } else {
                                    assertArrayEquals(first.get(0), fwd, what + " forward bits at " + comm.size());
                                    assertArrayEquals(first.get(1), adj, what + " adjoint bits at " + comm.size());
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    /**
     * Blocks large enough that the transform before a transpose makes its rows in several chunks
     * (rows of 4000 and 2000 elements, planes of 80000): the forward and adjoint are the bits of
     * one rank at 2 and 3, with and without the shift before, real and complex.
     */
    @Test
    void transformsMadeInChunksBeforeATransposeAreTheBitsOfOneRank() {
        record Case(long[] dims, int[] axes, boolean real, DType dt, boolean shift) {
        }
        List<Case> cases = List.of(new Case(new long[] {48, 4000}, new int[] {0, 1}, false, DType.COMPLEX128, false),
                new Case(new long[] {48, 4000}, new int[] {0, 1}, false, DType.COMPLEX64, true),
                new Case(new long[] {160, 2000}, new int[] {0, 1}, true, DType.FLOAT64, false),
                new Case(new long[] {160, 2000}, new int[] {0, 1}, true, DType.FLOAT64, true),
                new Case(new long[] {6, 40, 2000}, new int[] {0, 1, 2}, false, DType.COMPLEX128, false));
        for (Case c : cases) {
            FftOptions o = MPIFFTND.options().axes(c.axes()).real(c.real()).dtype(c.dt()).ifftshiftBefore(c.shift());
            String what = java.util.Arrays.toString(c.dims()) + " " + c.dt() + " shift=" + c.shift();
            List<double[]> first = new ArrayList<>();
            for (int np = 1; np <= 3; np++) {
                LocalCluster.run(np, comm -> {
                    MPIFFTND op = new MPIFFTND(c.dims(), o, comm);
                    DistributedArray x = DistributedArray.toDist(random(op.modelDtype(), 3, op.cols()), comm);
                    DistributedArray y = DistributedArray.toDist(random(op.dtype(), 4, op.rows()), comm);
                    DistributedArray ax = op.matvec(x);
                    DistributedArray ahy = op.rmatvec(y);
                    op.matvec(x, ax);
                    op.rmatvec(y, ahy);
                    double[] fwd = entries(ax.asArray());
                    double[] adj = entries(ahy.asArray());
                    if (comm.rank() == 0) {
                        synchronized (first) {
                            if (first.isEmpty()) {
                                first.add(fwd);
                                first.add(adj);
                            } else {
                                assertArrayEquals(first.get(0), fwd, what + " forward bits at " + comm.size());
                                assertArrayEquals(first.get(1), adj, what + " adjoint bits at " + comm.size());
                            }
                        }
                    }
                });
            }
        }
    }

    /** The dot-test; over the reals ({@code Re <y, A x> = <A^H y, x>}) for a real model. */
    @Test
    void dotTests() {
        for (boolean real : new boolean[] {false, true}) {
            for (FftNorm norm : FftNorm.values()) {
                long[] dims = {6, 7, 4};
                FftOptions o = MPIFFTND.options().axes(1, 0, 2).norm(norm).real(real).ifftshiftBefore(true)
                        .fftshiftAfter(true, false, true);
                LocalCluster.run(3, comm -> {
                    MPIFFTND op = new MPIFFTND(dims, o, comm);
                    DistributedArray x = DistributedArray.toDist(random(op.modelDtype(), 1, op.cols()), comm);
                    DistributedArray y = DistributedArray.toDist(random(DType.COMPLEX128, 2, op.rows()), comm);
                    DistributedArray ax = op.matvec(x);
                    DistributedArray ahy = op.rmatvec(y);
                    org.jlops.mpi.array.Complex lhs = y.dot(ax, true);
                    org.jlops.mpi.array.Complex rhs = ahy.astype(DType.COMPLEX128).dot(x.astype(DType.COMPLEX128), true);
                    double scale = Math.max(lhs.abs(), rhs.abs());
                    assertEquals(lhs.re(), rhs.re(), 1e-10 * scale, "dot-test real part, real=" + real + " " + norm);
                    if (!real) {
                        assertEquals(lhs.im(), rhs.im(), 1e-10 * scale, "dot-test imaginary part " + norm);
                    }
                });
            }
        }
    }

    @Test
    void distributedShiftHelpersAreNumPys() {
        NdArray x = random(DType.FLOAT64, 3, 5, 4);
        NdArray want = FFTND.fftshift(x);
        NdArray wantInv = FFTND.ifftshift(x, 0);
        LocalCluster.run(3, comm -> {
            DistributedArray xd = DistributedArray.toDist(x, comm);
            DistributedArray s = MPIFFTND.fftshift(xd);
            assertArrayEquals(want.doubles(), s.asArray().doubles());
            assertArrayEquals(wantInv.doubles(), MPIFFTND.ifftshift(xd, 0).asArray().doubles());
            assertArrayEquals(x.doubles(), xd.asArray().doubles(), "input unchanged");
            DistributedArray flat = DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 6), comm);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> MPIFFTND.fftshift(flat)).getMessage()
                    .startsWith("x: the shift helpers need an array of at least 2 dimensions"));
        });
    }

    /** Bad input on one rank only: the same exception on every rank, no hang. */
    @Test
    void badInputOnOneRankFailsOnEveryRank() {
        long[] dims = {6, 8};
        List<String> messages = LocalCluster.call(3, comm -> {
            FftOptions o = comm.rank() == 1 ? MPIFFTND.options().axes(1, 1) : MPIFFTND.options().axes(0, 1);
            return assertThrows(IllegalArgumentException.class, () -> new MPIFFTND(dims, o, comm)).getMessage();
        });
        assertEquals(1, messages.stream().distinct().count(), messages.toString());
        assertTrue(messages.get(0).startsWith("axes: "), messages.get(0));
        List<String> same = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPIFFT2D(comm.rank() == 2 ? new long[] {6, 9} : dims, comm)).getMessage());
        assertEquals(1, same.stream().distinct().count(), same.toString());
        assertTrue(same.get(0).contains("dims"), same.get(0));
        assertEquals("dims: MPIFFTND needs at least 2 dimensions, got [8]", assertThrows(
                IllegalArgumentException.class, () -> new MPIFFTND(new long[] {8}, LocalCluster.self())).getMessage());
        assertEquals("nffts: [4, 8] differ from the dims along the axes [6, 8]; this operator does not pad or truncate",
                assertThrows(IllegalArgumentException.class, () -> new MPIFFTND(dims,
                        MPIFFTND.options().axes(0, 1).nffts(4, 8), LocalCluster.self())).getMessage());
        String three = assertThrows(IllegalArgumentException.class, () -> new MPIFFT2D(new long[] {4, 5, 6},
                MPIFFT2D.options().axes(0, 1, 2), LocalCluster.self())).getMessage();
        assertTrue(three.startsWith("axes: "), three);
        String out = assertThrows(IllegalArgumentException.class, () -> new MPIFFTND(new long[] {4, 5, 6},
                MPIFFTND.options().axes(0, 3), LocalCluster.self())).getMessage();
        assertTrue(out.startsWith("axes: "), out);
        String norm = assertThrows(IllegalArgumentException.class, () -> FftNorm.parse("backward")).getMessage();
        assertTrue(norm.contains("supported: \"ortho\", \"none\", \"1/n\""), norm);
        // a per-axis flag list of the wrong length, on one rank only
        List<String> flags = LocalCluster.call(2, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPIFFT2D(dims, comm.rank() == 0 ? MPIFFT2D.options().fftshiftAfter(true, false, true)
                        : MPIFFT2D.options(), comm)).getMessage());
        assertEquals(1, flags.stream().distinct().count(), flags.toString());
        LocalCluster.run(2, comm -> {
            MPIFFT2D op = new MPIFFT2D(dims, comm);
            DistributedArray b = DistributedArray.builder(comm, 48).partition(Partition.BROADCAST)
                    .dtype(DType.COMPLEX128).build();
            assertEquals("x: partition must be Partition.SCATTER, got BROADCAST",
                    assertThrows(IllegalArgumentException.class, () -> op.matvec(b)).getMessage());
        });
    }

    /**
     * Held outputs whose layout is not the product's (another split, another precision) are refused
     * with both layouts named, one of the product's layout is written in place; the resolved
     * options and the frequencies per transformed axis.
     */
    @Test
    void heldOutputsInAnotherLayoutAndTheFrequencies() {
        long[] dims = {4, 3};
        FftOptions o = MPIFFTND.options().axes(0, 1).sampling(0.5).dtype(DType.COMPLEX128);
        LocalCluster.run(2, comm -> {
            MPIFFTND op = new MPIFFTND(dims, o, comm);
            assertArrayEquals(new long[] {4, 3}, op.spec().nffts());
            assertArrayEquals(new int[] {0, 1}, op.spec().axes());
            // 4 bins at step 0.5: 0, 0.5, -1, -0.5
            assertArrayEquals(new double[] {0, 0.5, -1, -0.5}, op.frequencies(0), 1e-15);
            assertArrayEquals(new double[] {0, 2 / 3.0, -2 / 3.0}, op.frequencies(1), 1e-15);
            NdArray xg = random(DType.COMPLEX128, 3, 12);
            DistributedArray x = DistributedArray.toDist(xg, comm);
            double[] want = entries(op.matvec(x).asArray());
            double[] wantAdj = entries(op.rmatvec(x).asArray());
            DistributedArray skew = DistributedArray.builder(comm, 12).localSizes(new long[] {0, 12})
                    .dtype(DType.COMPLEX128).build();
            String skewed = "out: layout DistributedArray(COMPLEX128, SCATTER, global [12], local [[0], [12]]) differs "
                    + "from the product's";
            String m = assertThrows(IllegalArgumentException.class, () -> op.matvec(x, skew)).getMessage();
            assertTrue(m.startsWith(skewed), m);
            m = assertThrows(IllegalArgumentException.class, () -> op.rmatvec(x, skew)).getMessage();
            assertTrue(m.startsWith(skewed), m);
            assertTrue(want.length == 24 && wantAdj.length == 24);
            DistributedArray single = DistributedArray.builder(comm, 12).dtype(DType.COMPLEX64).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.matvec(x, single));
            assertTrue(e.getMessage().startsWith("out: layout DistributedArray(COMPLEX64"), e.getMessage());
            // the product's layout: written in place, the bits of the allocating product
            DistributedArray held = op.matvec(x).zerosLike();
            assertTrue(op.matvec(x, held) == held);
            assertArrayEquals(want, entries(held.asArray()));
        });
    }
}
