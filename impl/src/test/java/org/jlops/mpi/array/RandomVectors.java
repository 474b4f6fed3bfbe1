package org.jlops.mpi.array;

import java.util.ArrayList;
import java.util.List;

/**
 * Random distributed vectors of a given layout, shared by the tests of several packages: the walk
 * over the blocks of a (possibly stacked) vector is here, the values of each block come from the
 * caller. Test tree only.
 */
public final class RandomVectors {

    private RandomVectors() {
    }

    /** The local values of one plain block of a vector. */
    @FunctionalInterface
    public interface Values {
        /**
         * The values of block {@code a}'s local array.
         *
         * @param a    (Input) a new zero array of the block's layout (its dtype, partition, rank and
         *             local size); not to be modified
         * @param seed the block's seed
         * @return at least {@code a.localSize()} values, read flat (imaginary parts ignored for a
         *         real dtype)
         */
        NdArray of(DistributedArray a, long seed);
    }

    /**
     * A new vector of {@code like}'s layout, each plain block filled with {@code values}: part
     * {@code i} of a stacked vector gets the seed {@code seed * 31 + i} (recursively), a plain
     * array {@code seed}. Local.
     *
     * @param like   (Input) the layout; not modified
     * @param seed   the seed of the whole vector
     * @param values the values of a plain block
     * @return a vector of {@code like}'s layout
     */
    public static DistributedVector like(DistributedVector like, long seed, Values values) {
        if (like instanceof StackedDistributedArray s) {
            List<DistributedVector> parts = new ArrayList<>();
            for (int i = 0; i < s.narrays(); i++) {
                parts.add(like(s.get(i), seed * 31 + i, values));
            }
            return new StackedDistributedArray(parts);
        }
        DistributedArray a = ((DistributedArray) like).zerosLike();
        NdArray r = values.of(a, seed);
        NdArray local = a.localArray();
        for (long k = 0; k < a.localSize(); k++) {
            local.set(k, r.re(k), r.im(k));
        }
        return a;
    }
}
