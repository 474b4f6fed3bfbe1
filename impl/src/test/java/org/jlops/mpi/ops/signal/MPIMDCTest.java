package org.jlops.mpi.ops.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceSpectral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MPIMDC} against the dense MDC ({@link ReferenceSpectral#mdc}): serial PyLops'
 * {@code test_mdc}-style parameter sets (one- and two-sided, prescaled or scaled by
 * {@code dr · dt · √nt}, conjugated, {@code saveGt}, fewer kernel frequencies than bins, one or
 * more virtual sources) with the frequency axis split over 1..4 in-JVM ranks (ranks with no
 * frequency included); the dot-test; the {@code nfreq} clipping; the checks on every rank.
 */
class MPIMDCTest {

    /** One parameter set. */
    record Par(int ns, int nr, int nt, int nv, int nfreq, boolean twosided, boolean prescaled, boolean conj,
            boolean saveGt, DType dtype) {
    }

    static final List<Par> PARS = List.of(
            new Par(8, 7, 11, 1, 6, true, false, false, true, DType.COMPLEX128),
            new Par(8, 7, 11, 2, 4, true, true, true, false, DType.COMPLEX128),
            new Par(5, 6, 10, 3, 6, false, false, false, false, DType.COMPLEX128),
            new Par(5, 6, 10, 1, 3, false, true, true, true, DType.COMPLEX128),
            new Par(4, 3, 9, 2, 5, true, false, true, true, DType.COMPLEX64));

    static NdArray kernel(Par p, long seed) {
        Random rnd = new Random(seed);
        NdArray g = NdArray.zeros(p.dtype(), p.nfreq(), p.ns(), p.nr());
        for (long q = 0; q < g.size(); q++) {
            g.set(q, rnd.nextGaussian(), rnd.nextGaussian());
        }
        return g;
    }

    static ZMatrixRMaj[] slices(NdArray g) {
        int nf = (int) g.shape(0);
        int ns = (int) g.shape(1);
        int nr = (int) g.shape(2);
        ZMatrixRMaj[] out = new ZMatrixRMaj[nf];
        for (int k = 0; k < nf; k++) {
            out[k] = new ZMatrixRMaj(ns, nr);
            for (int i = 0; i < ns * nr; i++) {
                out[k].data[2 * i] = g.re((long) k * ns * nr + i);
                out[k].data[2 * i + 1] = g.im((long) k * ns * nr + i);
            }
        }
        return out;
    }

    /**
     * Frequencies dealt out in pairs (MPIFredholm1 refuses a rank with exactly one slice), the
     * extra pairs to the last ranks, the odd one to the last holder: with few frequencies the first
     * ranks hold none.
     */
    static long[] split(long nf, int size) {
        long pairs = nf / 2;
        long[] c = new long[size];
        int holder = 0;
        for (int r = 0; r < size; r++) {
            c[r] = 2 * (pairs / size + (r >= size - pairs % size ? 1 : 0));
            if (c[r] > 0) {
                holder = r;
            }
        }
        c[holder] += nf % 2;
        return c;
    }

    static NdArray mine(NdArray g, long[] counts, int rank) {
        long from = 0;
        for (int r = 0; r < rank; r++) {
            from += counts[r];
        }
        return g.slice(0, from, from + counts[rank]);
    }

    static void assertClose(double[] want, NdArray got, double rtol, String what) {
        assertEquals(want.length, got.size(), what);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int q = 0; q < want.length; q++) {
            assertEquals(want[q], got.re(q), rtol * scale, what + " entry " + q);
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void matchesTheDenseMdc(int size) {
        for (Par p : PARS) {
            NdArray g = kernel(p, 11);
            double dt = 0.004;
            double dr = 2;
            double scale = p.prescaled() ? 1 : dr * dt * Math.sqrt(p.nt());
            DenseOperator ref = ReferenceSpectral.mdc(slices(g), p.nt(), p.nv(), scale, p.twosided(), p.conj());
            DType real = p.dtype().realType();
            double rtol = real == DType.FLOAT32 ? 1e-5 : 1e-12;
            Random rnd = new Random(3);
            NdArray x = NdArray.zeros(real, (long) p.nt() * p.nr() * p.nv());
            NdArray y = NdArray.zeros(real, (long) p.nt() * p.ns() * p.nv());
            for (long q = 0; q < x.size(); q++) {
                x.set(q, rnd.nextGaussian(), 0);
            }
            for (long q = 0; q < y.size(); q++) {
                y.set(q, rnd.nextGaussian(), 0);
            }
            double[] want = ref.matvec(x.astype(DType.FLOAT64).doubles());
            double[] wantAdj = ref.rmatvec(y.astype(DType.FLOAT64).doubles());
            long[] counts = split(p.nfreq(), size);
            MPIMDC.Options o = MPIMDC.Options.DEFAULT.withSampling(dt, dr).withTwosided(p.twosided())
                    .withPrescaled(p.prescaled()).withConj(p.conj()).withSaveGt(p.saveGt());
            String what = p + " np=" + size;
            LocalCluster.run(size, comm -> {
                MPIMDC op = new MPIMDC(mine(g, counts, comm.rank()), p.nt(), p.nv(), p.nfreq(), comm, o);
                assertEquals(real, op.dtype(), what);
                DistributedArray xd = DistributedArray.toDist(x, comm, Partition.BROADCAST, 0);
                DistributedArray yd = DistributedArray.toDist(y, comm, Partition.BROADCAST, 0);
                DistributedArray ax = op.matvec(xd);
                DistributedArray ahy = op.rmatvec(yd);
                assertEquals(Partition.BROADCAST, ax.partition(), what);
                assertEquals(real, ax.dtype(), what);
                assertClose(want, ax.localArray().astype(DType.FLOAT64), rtol, what + " forward");
                assertClose(wantAdj, ahy.localArray().astype(DType.FLOAT64), rtol, what + " adjoint");
                Complex lhs = yd.dot(ax, true);
                Complex rhs = ahy.dot(xd, true);
                assertEquals(lhs.re(), rhs.re(), (real == DType.FLOAT32 ? 1e-4 : 1e-10) * Math.abs(lhs.re()),
                        what + " dot-test");
            });
        }
    }

    /** nfreq beyond ceil((nt + 1)/2) is clipped (with a warning) when the kernel has that many frequencies. */
    @Test
    void nfreqIsClippedToTheBins() {
        Par p = new Par(3, 2, 9, 1, 5, true, true, false, true, DType.COMPLEX128);
        NdArray g = kernel(p, 5);
        DenseOperator ref = ReferenceSpectral.mdc(slices(g), 9, 1, 1, true, false);
        NdArray x = NdArray.zeros(DType.FLOAT64, 18);
        for (int q = 0; q < 18; q++) {
            x.set(q, q % 5 - 2, 0);
        }
        LocalCluster.run(2, comm -> {
            MPIMDC op = new MPIMDC(mine(g, split(5, 2), comm.rank()), 9, 1, 12, comm,
                    MPIMDC.Options.DEFAULT.withPrescaled(true));
            assertEquals(5, op.nfreq());
            assertEquals(5, op.nfft());
            assertClose(ref.matvec(x.doubles()),
                    op.matvec(DistributedArray.toDist(x, comm, Partition.BROADCAST, 0)).localArray(), 1e-12,
                    "clipped");
        });
    }

    @Test
    void badInputFailsOnEveryRank() {
        Par p = new Par(3, 2, 10, 1, 4, true, false, false, true, DType.COMPLEX128);
        NdArray g = kernel(p, 1);
        List<String> even = LocalCluster.call(2, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPIMDC(mine(g, split(4, 2), comm.rank()), 10, 1, 4, comm)).getMessage());
        assertEquals(1, even.stream().distinct().count(), even.toString());
        assertTrue(even.get(0).startsWith("nt: nt must be odd number"), even.get(0));
        List<String> nfreq = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPIMDC(mine(g, split(4, 3), comm.rank()), 11, 1, 5, comm)).getMessage());
        assertEquals(1, nfreq.stream().distinct().count(), nfreq.toString());
        assertTrue(nfreq.get(0).startsWith("nfreq: 5 must equal the total number of kernel frequencies over the "
                + "ranks, 4"), nfreq.get(0));
        // one rank with another nt, one rank with a real kernel
        List<String> nt = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPIMDC(mine(g, split(4, 3), comm.rank()), comm.rank() == 1 ? 13 : 11, 1, 4, comm))
                .getMessage());
        assertEquals(1, nt.stream().distinct().count(), nt.toString());
        assertTrue(nt.get(0).contains("nt"), nt.get(0));
        List<String> real = LocalCluster.call(2, comm -> assertThrows(IllegalArgumentException.class,
                () -> new MPIMDC(comm.rank() == 0 ? mine(g, split(4, 2), 0).astype(DType.FLOAT64)
                        : mine(g, split(4, 2), 1), 11, 1, 4, comm)).getMessage());
        assertEquals(1, real.stream().distinct().count(), real.toString());
        LocalCluster.run(2, comm -> {
            MPIMDC op = new MPIMDC(mine(g, split(4, 2), comm.rank()), 11, 1, 4, comm);
            DistributedArray scattered = DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 22), comm);
            String m = assertThrows(IllegalArgumentException.class, () -> op.matvec(scattered)).getMessage();
            assertTrue(m.startsWith("x: partition"), m);
        });
    }

    /** The plan's checks at their limits: sizes of 1 pass the size check, 0 does not; each message names its argument. */
    @Test
    void planChecksAtTheirLimits() {
        NdArray one = NdArray.zeros(DType.COMPLEX128, 1, 2, 3);
        NdArray two = NdArray.zeros(DType.COMPLEX128, 2, 2, 3);
        LocalCluster.run(1, comm -> {
            // nv = 1 and nt = 3 (two bins) are allowed; nt = 1 and nfreq = 1 fail only on the frequency count
            MPIMDC op = new MPIMDC(two, 3, 1, 2, comm);
            assertEquals(2, op.nfreq());
            assertEquals(3 * 3 * 1, op.cols());
            assertEquals(3 * 2 * 1, op.rows());
            new MPIMDC(two, 2, 1, 2, comm, MPIMDC.Options.DEFAULT.withTwosided(false));     // even nt, one-sided
            String[][] cases = {
                {"nt, nv, nfreq: must be at least 1, got nt=0, nv=1, nfreq=1"},
                {"nt, nv, nfreq: must be at least 1, got nt=1, nv=0, nfreq=1"},
                {"nt, nv, nfreq: must be at least 1, got nt=1, nv=1, nfreq=0"},
            };
            long[][] args = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
            for (int c = 0; c < args.length; c++) {
                long[] a = args[c];
                String m = assertThrows(IllegalArgumentException.class,
                        () -> new MPIMDC(one, a[0], a[1], a[2], comm)).getMessage();
                assertTrue(m.startsWith(cases[c][0]), m);
            }
            String m = assertThrows(IllegalArgumentException.class, () -> new MPIMDC(one, 1, 1, 1, comm, null))
                    .getMessage();
            assertTrue(m.startsWith("options: must not be null"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPIMDC(null, 1, 1, 1, comm)).getMessage();
            assertTrue(m.startsWith("g: needs this rank's kernel slab of shape (nf_r, ns, nr), got null"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> new MPIMDC(NdArray.zeros(DType.COMPLEX128, 2, 3), 1, 1, 1, comm)).getMessage();
            assertTrue(m.startsWith("g: needs this rank's kernel slab of shape (nf_r, ns, nr), got [2, 3]"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPIMDC(one, 1, 1, 1, comm,
                    MPIMDC.Options.DEFAULT.withSampling(Double.NaN, 1))).getMessage();
            assertTrue(m.startsWith("options: dt and dr must be finite, got dt=NaN, dr=1.0"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPIMDC(one, 1, 1, 1, comm,
                    MPIMDC.Options.DEFAULT.withSampling(1, Double.POSITIVE_INFINITY))).getMessage();
            assertTrue(m.startsWith("options: dt and dr must be finite, got dt=1.0, dr=Infinity"), m);
            // nt = 1 has one bin: nfreq 5 is clipped to 1, which the two kernel frequencies do not match
            m = assertThrows(IllegalArgumentException.class, () -> new MPIMDC(two, 1, 1, 5, comm)).getMessage();
            assertTrue(m.startsWith("nfreq: 1 (clipped from 5) must equal the total number of kernel frequencies "
                    + "over the ranks, 2"), m);
            m = assertThrows(IllegalArgumentException.class, () -> new MPIMDC(two, 3, 1, 1, comm)).getMessage();
            assertTrue(m.startsWith("nfreq: 1 must equal the total number of kernel frequencies over the ranks, 2"),
                    m);
        });
    }
}
