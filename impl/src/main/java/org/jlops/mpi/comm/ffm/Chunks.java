package org.jlops.mpi.comm.ffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Chunk planning for messages longer than one MPI call may carry: MPI counts and displacements
 * are C {@code int}s, so a message of {@code count} elements travels as
 * {@link #count(long, long) count(count, limit)} consecutive calls of at most {@code limit}
 * elements each. An empty message is one call of zero elements, so that both ends still make
 * matching calls.
 */
final class Chunks {

    private Chunks() {
    }

    /** Number of calls for {@code count} elements: {@code max(1, ceil(count / limit))}. */
    static long count(long count, long limit) {
        requireLimit(limit);
        if (count < 0) {
            throw new IllegalArgumentException("count: must not be negative, got " + count);
        }
        return count == 0 ? 1 : (count - 1) / limit + 1;
    }

    /** Elements in chunk {@code k} (from 0) of a {@code count}-element message. */
    static int length(long count, long limit, long k) {
        return (int) Math.max(0, Math.min(limit, count - k * limit));
    }

    /** Element offset of chunk {@code k}. */
    static long offset(long limit, long k) {
        return k * limit;
    }

    /** Whether every value lies in {@code [0, limit]}, so that one call can carry them as {@code int}. */
    static boolean fit(long[] values, long limit) {
        requireLimit(limit);
        for (long v : values) {
            if (v > limit) {
                return false;
            }
        }
        return true;
    }

    /** Sum of {@code values}, failing on overflow. */
    static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s = Math.addExact(s, v);
        }
        return s;
    }

    /**
     * Whether an allgather(v) of these per-rank counts must leave {@code MPI_Allgather(v)}: a
     * count or the total (which bounds the packed displacements) exceeds {@code limit}. Depends
     * only on the counts, which are the same on every rank, so every rank decides alike.
     */
    static boolean gatherNeedsFallback(long[] counts, long limit) {
        return !fit(counts, limit) || sum(counts) > limit;
    }

    /** Copies {@code values} into the C {@code int} array {@code out} (values must fit). */
    static void toInts(long[] values, MemorySegment out) {
        for (int i = 0; i < values.length; i++) {
            out.setAtIndex(ValueLayout.JAVA_INT, i, Math.toIntExact(values[i]));
        }
    }

    private static void requireLimit(long limit) {
        if (limit < 1 || limit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("limit: expected a value in [1, 2^31-1], got " + limit);
        }
    }
}
