package org.jlops.mpi.ops.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.serial.Fredholm1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MPIFredholm1}: SPEC §10 {@code test_fredholm} (six parameter sets: nsl 21, ny 6, nx 4,
 * nz 5 or 1, float32 or complex64, the saveGt/usematmul combinations; G = arange (minus i·arange
 * for complex) split with the balanced split over the slices, x BROADCAST ones (+ i)) against the
 * serial {@link Fredholm1} at rtol 1e-14 with the dot-test, at 2..10 ranks (every rank holds at
 * least 2 slices up to 10); then uneven slabs with empty ranks and size-1 dimensions, every
 * dtype, and bad input on one rank (a slab of one slice, another slice shape, another nz, SCATTER
 * input): the same exception on every rank, operands unchanged.
 */
class MPIFredholm1Test {

    private record Par(long nsl, long ny, long nx, long nz, boolean usematmul, boolean saveGt, boolean imag,
            DType dtype) {
    }

    private static final List<Par> PARS = List.of(
            new Par(21, 6, 4, 5, false, true, false, DType.FLOAT32),
            new Par(21, 6, 4, 5, true, false, false, DType.FLOAT32),
            new Par(21, 6, 4, 5, false, true, true, DType.COMPLEX64),
            new Par(21, 6, 4, 5, false, false, true, DType.COMPLEX64),
            new Par(21, 6, 4, 1, true, true, false, DType.FLOAT32),
            new Par(21, 6, 4, 1, true, false, false, DType.FLOAT32));

    /** PyLops-MPI's F = arange(nsl·nx·ny) reshaped, minus i·F for complex sets. */
    private static NdArray pyLopsKernel(Par p) {
        long n = p.nsl() * p.nx() * p.ny();
        NdArray f = NdArray.zeros(p.dtype(), p.nsl(), p.nx(), p.ny());
        for (long q = 0; q < n; q++) {
            f.set(q, q, p.imag() ? -q : 0);
        }
        return f;
    }

    /** This rank's slab of the balanced split of the slices (PyLops-MPI's local_split). */
    private static NdArray slab(NdArray g, long[] counts, int rank) {
        long start = 0;
        for (int r = 0; r < rank; r++) {
            start += counts[r];
        }
        return g.slice(0, start, start + counts[rank]);
    }

    private static void assertAllClose(NdArray desired, NdArray actual, double rtol, String what) {
        assertEquals(desired.size(), actual.size(), what);
        for (long q = 0; q < desired.size(); q++) {
            double err = Math.hypot(actual.re(q) - desired.re(q), actual.im(q) - desired.im(q));
            assertTrue(err <= rtol * Math.hypot(desired.re(q), desired.im(q)), what + ": entry " + q + " "
                    + actual.re(q) + "+" + actual.im(q) + "i, expected " + desired.re(q) + "+" + desired.im(q) + "i");
        }
    }

    private static void dottest(MPIFredholm1 op, DistributedArray u, DistributedArray au, long seed, String what) {
        DType dt = op.dtype();
        Random rnd = new Random(seed);
        NdArray vg = NdArray.zeros(dt, op.rows());
        for (long q = 0; q < op.rows(); q++) {
            vg.set(q, rnd.nextGaussian(), dt.isComplex() ? rnd.nextGaussian() : 0);
        }
        DistributedArray v = DistributedArray.builder(u.communicator(), op.rows()).partition(Partition.BROADCAST)
                .dtype(dt).localArray(vg).build();
        DistributedArray ahv = op.rmatvec(v);
        Complex left = au.dot(v, true);
        Complex right = u.dot(ahv, true);
        double scale = Math.max(left.abs(), right.abs());
        assertTrue(Math.hypot(left.re() - right.re(), left.im() - right.im()) <= 1e-5 * scale,
                what + ": dot-test " + left + " vs " + right);
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 3, 4, 10})
    void pyLopsMpiParameterSets(int np) {
        LocalCluster.run(np, comm -> {
            long seed = 42;
            for (Par p : PARS) {
                NdArray f = pyLopsKernel(p);
                long[] counts = LocalSplit.counts(p.nsl(), np);
                MPIFredholm1 op = new MPIFredholm1(slab(f, counts, comm.rank()), p.nz(), comm, p.dtype(),
                        new Fredholm1.Options(p.saveGt(), p.usematmul()));
                String what = p + " on " + np;
                assertArrayEquals(counts, op.slicesPerRank(), what);
                DistributedArray x = DistributedArray.builder(comm, p.nsl() * p.ny() * p.nz())
                        .partition(Partition.BROADCAST).dtype(p.dtype()).build();
                x.fill(1, p.imag() ? 1 : 0);
                DistributedArray y = op.matvec(x);
                DistributedArray yAdj = op.rmatvec(y);
                assertEquals(Partition.BROADCAST, y.partition(), what);
                assertEquals(p.dtype(), y.dtype(), what);
                Fredholm1 serial = new Fredholm1(f, p.nz(), p.dtype(), new Fredholm1.Options(p.saveGt(), false));
                assertEquals(serial.rows(), op.rows(), what);
                assertEquals(serial.cols(), op.cols(), what);
                NdArray yNp = serial.matvec(x.asArray());
                assertAllClose(yNp, y.asArray(), 1e-14, what + " forward");
                assertAllClose(serial.rmatvec(yNp), yAdj.asArray(), 1e-14, what + " adjoint");
                dottest(op, x, y, seed++, what);
            }
        });
    }

    private static NdArray random(DType dt, long seed, long... shape) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(dt, shape);
        for (long q = 0; q < a.size(); q++) {
            a.set(q, rnd.nextGaussian(), dt.isComplex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    /** Uneven slabs with empty ranks, every dimension 1 somewhere, every dtype: the serial operator's products. */
    @Test
    void unevenSlabsAndUnitDimensions() {
        long[][] shapes = {{9, 1, 1, 1}, {6, 3, 1, 2}, {8, 1, 4, 3}, {7, 2, 2, 1}};
        long[][] splits = {{0, 4, 0, 5}, {2, 0, 4, 0}, {3, 0, 0, 5}, {0, 0, 7, 0}};
        for (DType dt : DType.values()) {
            LocalCluster.run(4, comm -> {
                for (int c = 0; c < shapes.length; c++) {
                    long[] s = shapes[c];
                    long[] split = splits[c];
                    assertEquals(s[0], java.util.Arrays.stream(split).sum(), "the test's split");
                    NdArray g = random(dt, 10 + c, s[0], s[1], s[2]);
                    for (boolean save : new boolean[] {false, true}) {
                        MPIFredholm1 op = new MPIFredholm1(slab(g, split, comm.rank()), s[3], comm, dt,
                                new Fredholm1.Options(save, true));
                        Fredholm1 serial = new Fredholm1(g, s[3], dt, Fredholm1.Options.DEFAULT);
                        NdArray xg = random(dt, 20 + c, op.cols());
                        NdArray yg = random(dt, 30 + c, op.rows());
                        DistributedArray x = DistributedArray.builder(comm, op.cols())
                                .partition(Partition.UNSAFE_BROADCAST).dtype(dt).localArray(xg.copy()).build();
                        DistributedArray y = DistributedArray.builder(comm, op.rows())
                                .partition(Partition.BROADCAST).dtype(dt).localArray(yg.copy()).build();
                        double tol = dt.isDoublePrecision() ? 1e-13 : 1e-5;
                        String what = dt + " " + java.util.Arrays.toString(s) + " split "
                                + java.util.Arrays.toString(split) + " saveGt " + save;
                        DistributedArray ax = op.matvec(x);
                        assertEquals(Partition.UNSAFE_BROADCAST, ax.partition(), what);
                        org.jlops.mpi.ops.serial.DerivativeTesting.assertClose(serial.matvec(xg), ax.asArray(), tol,
                                what + " forward");
                        org.jlops.mpi.ops.serial.DerivativeTesting.assertClose(serial.rmatvec(yg),
                                op.rmatvec(y).asArray(), tol, what + " adjoint");
                        assertEquals(xg, x.localArray(), what + ": x changed");
                        DistributedArray held = ax.zerosLike();
                        op.matvec(x, held);
                        assertEquals(ax.localArray(), held.localArray(), what + ": matvec(x, out)");
                    }
                }
            });
        }
    }

    /** Runs {@code body} on {@code np} ranks; every rank must throw the same message, which is returned. */
    private static String sameOnEveryRank(int np, LocalCluster.RankTask<Object> body) {
        List<String> messages = LocalCluster.call(np, comm -> {
            try {
                body.call(comm);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            return "no exception on rank " + comm.rank();
        });
        assertEquals(1, messages.stream().distinct().count(), messages.toString());
        return messages.get(0);
    }

    @Test
    void badInputOnOneRank() {
        NdArray g = random(DType.FLOAT64, 1, 21, 4, 6);
        // rank 1 holds one slice (PyLops-MPI raises on rank 0 only and may hang): every rank raises
        String one = sameOnEveryRank(3, comm -> new MPIFredholm1(slab(g, new long[] {10, 1, 10}, comm.rank()), 5,
                comm));
        assertEquals("g: rank 1 holds one slice of G; as in PyLops-MPI every rank must hold none or at least 2 "
                + "(slices per rank: [10, 1, 10])", one);
        String shape = sameOnEveryRank(3, comm -> {
            NdArray mine = slab(g, new long[] {7, 7, 7}, comm.rank());
            return new MPIFredholm1(comm.rank() == 2 ? mine.slice(2, 0, 5) : mine, 5, comm);
        });
        assertEquals("g: rank 2 holds slices of 4 x 5, rank 0 of 4 x 6; every rank's slices must have the same "
                + "(nx, ny)", shape);
        String nz = sameOnEveryRank(3, comm -> new MPIFredholm1(slab(g, new long[] {7, 7, 7}, comm.rank()),
                comm.rank() == 1 ? 4 : 5, comm));
        assertTrue(nz.startsWith("nz: "), nz);
        String twoD = sameOnEveryRank(2, comm -> new MPIFredholm1(comm.rank() == 1 ? g.reshape(21, 24)
                : g.slice(0, 0, 10), 5, comm));
        assertEquals("g: expected a 3-d kernel (nsl, nx, ny), got shape [21, 24] (reported by rank 1)", twoD);
        String scatter = sameOnEveryRank(3, comm -> {
            MPIFredholm1 op = new MPIFredholm1(slab(g, new long[] {7, 7, 7}, comm.rank()), 5, comm);
            DistributedArray x = DistributedArray.builder(comm, op.cols()).build();
            x.fill(2);
            try {
                return op.matvec(x);
            } finally {
                assertEquals(2.0, x.localArray().re(0), "x changed");
            }
        });
        assertEquals("x: partition must be Partition.BROADCAST or Partition.UNSAFE_BROADCAST, got SCATTER", scatter);
    }

    /** A real operator on complex input: complex output of its precision (real and imaginary parts alike). */
    @Test
    void complexInputToARealOperator() {
        LocalCluster.run(2, (Communicator comm) -> {
            NdArray g = random(DType.FLOAT64, 3, 4, 2, 3);
            MPIFredholm1 op = new MPIFredholm1(slab(g, new long[] {2, 2}, comm.rank()), 2, comm);
            NdArray xg = random(DType.COMPLEX128, 4, op.cols());
            DistributedArray x = DistributedArray.builder(comm, op.cols()).partition(Partition.BROADCAST)
                    .dtype(DType.COMPLEX128).localArray(xg).build();
            DistributedArray y = op.matvec(x);
            assertEquals(DType.COMPLEX128, y.dtype());
            org.jlops.mpi.ops.serial.DerivativeTesting.assertClose(
                    new Fredholm1(g, 2).matvec(xg), y.asArray(), 1e-13, "complex input");
        });
    }
}
