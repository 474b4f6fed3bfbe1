package org.jlops.mpi.array;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jlops.mpi.comm.Communicator;

/**
 * Sub-communicators of masks ({@code subcomm_split}): a mask gives every rank of a communicator a
 * colour, and ranks of one colour form a sub-communicator, ordered by rank. Reductions of a masked
 * array ({@code dot}, {@code norm} over the distribution axis, {@code asArray(true)}) run inside
 * the sub-communicator, so data replicated across groups is counted once.
 *
 * <p>The split is done once per distinct mask and communicator and the result is cached for the
 * communicator's lifetime (PyLops-MPI splits again for every new masked array, including every
 * arithmetic result). The cache holds the communicator weakly.
 */
public final class Masks {

    private static final Map<Communicator, Map<MaskKey, Communicator>> CACHE = new WeakHashMap<>();

    private Masks() {
    }

    private record MaskKey(int[] mask) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MaskKey k && Arrays.equals(mask, k.mask);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(mask);
        }
    }

    /**
     * The sub-communicator of this rank's colour {@code mask[comm.rank()]}: collective over
     * {@code comm} the first time a mask is used with it, local (a cache hit) afterwards. Every
     * rank must pass the same mask; {@link DistributedArray}'s constructor checks that.
     *
     * @param comm the base communicator
     * @param mask (Input) one non-negative colour per rank of {@code comm}. Not modified.
     * @return the cached sub-communicator (do not close it)
     * @throws IllegalArgumentException if the mask has the wrong length or a negative colour
     *                                  (checked locally: agree on it before calling, see
     *                                  {@code CollectiveChecks})
     */
    public static Communicator subcommSplit(Communicator comm, int[] mask) {
        String error = check(mask, comm.size());
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        MaskKey key = new MaskKey(mask.clone());
        synchronized (CACHE) {
            Communicator cached = CACHE.computeIfAbsent(comm, c -> new HashMap<>()).get(key);
            if (cached != null) {
                return cached;
            }
        }
        Communicator sub = comm.split(mask[comm.rank()], comm.rank());
        synchronized (CACHE) {
            CACHE.computeIfAbsent(comm, c -> new HashMap<>()).put(key, sub);
        }
        return sub;
    }

    /**
     * Number of cached sub-communicators of {@code comm} (for tests of the cache).
     *
     * @param comm the base communicator
     * @return number of cached sub-communicators of {@code comm} (for tests of the cache)
     */
    public static int cachedCount(Communicator comm) {
        synchronized (CACHE) {
            Map<MaskKey, Communicator> m = CACHE.get(comm);
            return m == null ? 0 : m.size();
        }
    }

    /** The error message for a bad mask, or null. */
    static String check(int[] mask, int size) {
        if (mask == null) {
            return "mask: must not be null";
        }
        if (mask.length != size) {
            return "mask: expected one colour per rank (" + size + "), got " + mask.length + " " + Arrays.toString(mask);
        }
        for (int r = 0; r < mask.length; r++) {
            if (mask[r] < 0) {
                return "mask: colours must be non-negative, got " + mask[r] + " for rank " + r;
            }
        }
        return null;
    }

    /** The base ranks sharing {@code rank}'s colour, in rank order (the members of its sub-communicator). */
    static int[] group(int[] mask, int rank) {
        int count = 0;
        for (int c : mask) {
            if (c == mask[rank]) {
                count++;
            }
        }
        int[] members = new int[count];
        for (int r = 0, k = 0; r < mask.length; r++) {
            if (mask[r] == mask[rank]) {
                members[k++] = r;
            }
        }
        return members;
    }
}
