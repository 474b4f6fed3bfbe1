package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.RandomVectors;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.serial.DerivativeTesting;

/** Helpers of the distributed derivative tests: input layouts, random vectors, the distributed dot-test. */
final class BasicTesting {

    private BasicTesting() {
    }

    /** The layouts an input is given in. */
    enum Layout {
        /** The balanced split of the 1-d length (PyLops-MPI's default), usually not row slabs. */
        DEFAULT,
        /** The row-slab split the kernel wants (nothing moves). */
        ROWS,
        /** A seeded random split with empty ranks. */
        RANDOM,
        /** Replicated on every rank. */
        BROADCAST
    }

    /** {@code p} non-negative counts summing to {@code n}, about a third of them zero. */
    static long[] randomCounts(Random rnd, long n, int p) {
        long[] c = new long[p];
        long left = n;
        for (int r = 0; r < p - 1; r++) {
            c[r] = rnd.nextInt(3) == 0 ? 0 : (long) (rnd.nextDouble() * (left + 1));
            left -= c[r];
        }
        c[p - 1] = left;
        return c;
    }

    /** The row-slab element counts of {@code dims} on {@code p} ranks. */
    static long[] rowCounts(long[] dims, int p) {
        long inner = DerivativeTesting.size(dims) / Math.max(1, dims[0]);
        if (dims[0] == 0) {
            inner = 0;
        }
        long[] c = new long[p];
        for (int r = 0; r < p; r++) {
            c[r] = (dims[0] / p + (r < dims[0] % p ? 1 : 0)) * inner;
        }
        return c;
    }

    /** {@code global} as a 1-d distributed array in the given layout. Collective. */
    static DistributedArray distribute(Communicator comm, NdArray global, long[] dims, Layout layout, long seed) {
        int p = comm.size();
        long n = global.size();
        if (layout == Layout.BROADCAST) {
            return DistributedArray.builder(comm, n).partition(Partition.BROADCAST).localArray(global.copy()).build();
        }
        long[] counts = switch (layout) {
            case DEFAULT -> {
                long[] c = new long[p];
                for (int r = 0; r < p; r++) {
                    c[r] = n / p + (r < n % p ? 1 : 0);
                }
                yield c;
            }
            case ROWS -> rowCounts(dims, p);
            default -> randomCounts(new Random(seed), n, p);
        };
        long[][] shapes = new long[p][];
        for (int r = 0; r < p; r++) {
            shapes[r] = new long[] {counts[r]};
        }
        long off = Arrays.stream(counts).limit(comm.rank()).sum();
        return DistributedArray.builder(comm, n).localShapes(shapes)
                .localArray(global.slice(0, off, off + counts[comm.rank()])).build();
    }

    /** A vector of {@code like}'s layout with random entries (per-rank streams). Local. */
    static DistributedVector randomLike(DistributedVector like, long seed) {
        return RandomVectors.like(like, seed,
                (a, s) -> DerivativeTesting.random(a.dtype(), s * 1009 + a.rank(), a.localSize()));
    }

    /**
     * The dot-test with distributed dots: {@code <A u, v> = <u, A^H v>} to relative accuracy
     * {@code rtol}, for a random {@code v} of the layout of {@code A u}. Collective.
     */
    static void dottest(DistributedOperator<?> op, DistributedVector u, long vSeed, double rtol, String what) {
        DistributedVector au = DistributedOperator.general(op).matvec(u);
        DistributedVector v = randomLike(au, vSeed);
        DistributedVector ahv = DistributedOperator.general(op).rmatvec(v);
        Complex left = au.dot(v, true);
        Complex right = u.dot(ahv, true);
        double scale = Math.max(Math.hypot(left.re(), left.im()), Math.hypot(right.re(), right.im()));
        double diff = Math.hypot(left.re() - right.re(), left.im() - right.im());
        assertTrue(diff <= rtol * scale + 1e-300, what + ": dot-test <Au, v> = " + left + " but <u, A^H v> = " + right);
    }

    /** The dot-test tolerance: 1e-10 in double precision, 1e-4 in single. */
    static double dotRtol(DType dt) {
        return dt.isDoublePrecision() ? 1e-10 : 1e-4;
    }

    /** The real and imaginary parts of every entry, for exact comparisons. */
    static double[] values(NdArray a) {
        double[] v = new double[2 * (int) a.size()];
        for (int k = 0; k < a.size(); k++) {
            v[2 * k] = a.re(k);
            v[2 * k + 1] = a.im(k);
        }
        return v;
    }
}
