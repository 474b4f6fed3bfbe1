package org.jlops.mpi.bench.scale;

import java.util.SplittableRandom;
import org.jlops.mpi.array.DistributedArray;

/** Seeded operand filling shared by the workloads. */
final class Fill {

    private Fill() {
    }

    /** Fills this rank's block with uniform numbers in [-1, 1), seed {@code seed + rank}. Local. */
    static void uniform(DistributedArray x, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + x.rank());
        var local = x.localArray();
        for (long k = 0; k < x.localSize(); k++) {
            local.set(k, 2 * rnd.nextDouble() - 1);
        }
    }

    /** {@code rows x cols} row-major uniform numbers in [-1, 1) from {@code seed}. */
    static double[] matrix(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[rows * cols];
        for (int k = 0; k < a.length; k++) {
            a[k] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }
}
