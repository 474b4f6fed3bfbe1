package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.Masks;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;

/**
 * The bad vectors of the drills, derived from a good one: another length, dtype, partition,
 * split, stacking or mask, or null. Every rank passes the same good vector; what needs
 * communication (gathering its values, a re-split, the split of a mask's sub-communicator) is done
 * by every rank, and the bad vector itself is then built on the bad rank only, without
 * communication ({@link DistributedArray.Builder#buildLocal()}), so that building it cannot hang.
 */
public final class BadOperands {

    /** The kinds of badness a vector can have. */
    public static final Set<Badness> VECTOR_KINDS = Collections.unmodifiableSet(EnumSet.of(Badness.SIZE, Badness.DTYPE,
            Badness.PARTITION, Badness.SPLIT, Badness.STACKING, Badness.MASK, Badness.NULL));

    private BadOperands() {
    }

    /**
     * {@link #operand(Badness, String, DistributedVector, Communicator, int, int)} on component 0 of
     * a stack, without a variant.
     */
    public static DistributedVector operand(Badness badness, DistributedVector good, Communicator comm, int badRank) {
        return operand(badness, "", good, comm, badRank, 0);
    }

    /**
     * This rank's operand: {@code good} on every rank but {@code badRank}, which gets a bad variant
     * of it. Collective (every rank passes the same arguments); the bad vector is built on the bad
     * rank only, without communication.
     *
     * <ul>
     *   <li>{@link Badness#SIZE}: one more element (of the same partition, dtype and mask);</li>
     *   <li>{@link Badness#DTYPE}: complex for a real dtype, real for a complex one;</li>
     *   <li>{@link Badness#PARTITION}: BROADCAST for SCATTER, SCATTER (balanced) for a replicated one;</li>
     *   <li>{@link Badness#SPLIT}: SCATTER with one element moved from the first rank that holds any
     *       to the next rank (from the balanced split when {@code good} is replicated);</li>
     *   <li>{@link Badness#MASK}: a mask of colours {@code r % 2} (all 0 when {@code good} has that
     *       one);</li>
     *   <li>{@link Badness#STACKING}: a stack of one component for a plain vector; for a stack, a
     *       plain 1-d vector of its length, or with {@code variant} {@code extra} a stack of one
     *       component more;</li>
     *   <li>{@link Badness#NULL}: null.</li>
     * </ul>
     * For a stack the other kinds change component {@code leaf}.
     *
     * @param badness the badness
     * @param variant {@code extra} for a stack with one more component, else empty
     * @param good    (Input) the good vector, 1-d components only. Not modified.
     * @param comm    its communicator
     * @param badRank the rank that gets the bad vector
     * @param leaf    the component of a stack to change
     * @return this rank's operand
     * @throws IllegalArgumentException for a badness that is not one of a vector
     */
    public static DistributedVector operand(Badness badness, String variant, DistributedVector good, Communicator comm,
            int badRank, int leaf) {
        if (!VECTOR_KINDS.contains(badness)) {
            throw new IllegalArgumentException("badness: " + badness + " is not a badness of a vector; expected one of "
                    + VECTOR_KINDS);
        }
        DistributedVector bad = bad(badness, variant, good, comm, comm.rank() == badRank, leaf);
        return comm.rank() == badRank ? bad : good;
    }

    /** The bad variant on the bad rank ({@code mine}), null elsewhere. Collective. */
    private static DistributedVector bad(Badness badness, String variant, DistributedVector good, Communicator comm,
            boolean mine, int leaf) {
        if (good instanceof StackedDistributedArray s) {
            switch (badness) {
                case STACKING -> {
                    if ("extra".equals(variant)) {
                        List<DistributedVector> more = new ArrayList<>(s.arrays());
                        more.add(s.get(s.narrays() - 1).copy());
                        return mine ? new StackedDistributedArray(more) : null;
                    }
                    NdArray g = s.asArray();
                    return mine ? local(comm, g, Partition.SCATTER, null, null, s.dtype()) : null;
                }
                case NULL -> {
                    return null;
                }
                default -> {
                    DistributedVector component = bad(badness, variant, s.get(leaf), comm, mine, 0);
                    return mine ? replace(s, leaf, component) : null;
                }
            }
        }
        DistributedArray a = (DistributedArray) good;
        if (a.ndim() != 1) {
            throw new IllegalArgumentException("good: the drills derive 1-d vectors, got global shape "
                    + Arrays.toString(a.globalShape()));
        }
        NdArray g = a.asArray();
        if (badness == Badness.MASK) {
            Masks.subcommSplit(comm, otherMask(a.mask(), comm.size()));  // every rank: the bad rank's build is then local
        }
        if (!mine) {
            return null;
        }
        return switch (badness) {
            case SIZE -> local(comm, longer(g), a.partition(), null, a.mask(), a.dtype());
            case DTYPE -> a.astype(otherDtype(a.dtype()));
            case PARTITION -> local(comm, g, a.partition() == Partition.SCATTER ? Partition.BROADCAST
                    : Partition.SCATTER, null, a.mask(), a.dtype());
            case SPLIT -> local(comm, g, Partition.SCATTER, moved(a.partition() == Partition.SCATTER ? a.localSizes()
                    : balanced(g.size(), comm)), a.mask(), a.dtype());
            case MASK -> local(comm, g, a.partition(), a.partition() == Partition.SCATTER ? a.localSizes() : null,
                    otherMask(a.mask(), comm.size()), a.dtype());
            case STACKING -> StackedDistributedArray.of(a.copy());
            default -> null;                                             // NULL
        };
    }

    /**
     * A 1-d array holding {@code g} in the given layout, built on this rank only (no communication:
     * the layout must be the same everywhere for a usable array, which is not the point here).
     *
     * @param g      (Input) the global values. Not modified.
     * @param counts the SCATTER split, or null for the balanced one
     * @param mask   the mask, or null (its sub-communicator must already be split, see {@link Masks})
     */
    static DistributedArray local(Communicator comm, NdArray g, Partition partition, long[] counts, int[] mask,
            DType dtype) {
        DistributedArray out = DistributedArray.builder(comm, g.size()).partition(partition).localSizes(counts)
                .mask(mask).dtype(dtype).buildLocal();
        long start = 0;
        if (partition == Partition.SCATTER) {
            long[] sizes = out.localSizes();
            for (int r = 0; r < comm.rank(); r++) {
                start += sizes[r];
            }
        }
        NdArray mine = out.localArray();
        for (long k = 0; k < mine.size(); k++) {
            mine.set(k, g.re(start + k), g.im(start + k));
        }
        return out;
    }

    /** Complex for a real dtype, real for a complex one. */
    public static DType otherDtype(DType t) {
        return t.isComplex() ? t.realType() : t.complexType();
    }

    /** {@code g} with one more element (1.0) at the end. */
    private static NdArray longer(NdArray g) {
        NdArray out = NdArray.zeros(g.dtype(), g.size() + 1);
        for (long k = 0; k < g.size(); k++) {
            out.set(k, g.re(k), g.im(k));
        }
        out.set(g.size(), 1.0, 0);
        return out;
    }

    /** The balanced split of {@code n} over the ranks of {@code comm} (first ranks one longer). */
    static long[] balanced(long n, Communicator comm) {
        long[] c = new long[comm.size()];
        for (int r = 0; r < c.length; r++) {
            c[r] = n / c.length + (r < n % c.length ? 1 : 0);
        }
        return c;
    }

    /** {@code counts} with one element moved from the first non-empty rank to the next rank. */
    static long[] moved(long[] counts) {
        long[] c = counts.clone();
        for (int p = 0; p < c.length; p++) {
            if (c[p] > 0) {
                c[p]--;
                c[(p + 1) % c.length]++;
                return c;
            }
        }
        throw new IllegalArgumentException("counts: no element to move in " + Arrays.toString(counts));
    }

    /** A mask other than {@code mask}: colours {@code r % 2}, or all 0 when {@code mask} is that. */
    static int[] otherMask(int[] mask, int np) {
        int[] m = new int[np];
        for (int r = 0; r < np; r++) {
            m[r] = r % 2;
        }
        return Arrays.equals(m, mask) ? new int[np] : m;
    }

    private static StackedDistributedArray replace(StackedDistributedArray s, int leaf, DistributedVector v) {
        List<DistributedVector> parts = new ArrayList<>(s.arrays());
        parts.set(leaf, v);
        return new StackedDistributedArray(parts);
    }
}
