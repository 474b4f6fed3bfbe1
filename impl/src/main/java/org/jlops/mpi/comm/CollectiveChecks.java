package org.jlops.mpi.comm;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Collective agreement on the outcome of checks whose result can differ between ranks, so that
 * bad input gives the same exception on every rank instead of one rank throwing while the others
 * wait in the next collective (a hang under MPI).
 *
 * <pre>{@code
 * String error = shape.length == expected ? null : "shape: expected " + expected + " dimensions, got " + shape.length;
 * CollectiveChecks.agree(comm, error);   // every rank throws, or none does
 * }</pre>
 *
 * <p>Each call is a collective over {@code comm}: one allreduce when every rank passes, plus two
 * broadcasts (the failing rank's message) when one fails.
 *
 * <p><b>Agreed scopes.</b> A public entry point agrees on its operands once; the work it then does
 * on operands derived from them (an operator's products, a solver's vector updates, a stacked
 * array's components) runs inside {@link #agreed(Supplier)}, where the checks of this class are
 * local: a failing check throws on this rank (it fails on every rank alike, the operands being the
 * same everywhere), and nothing is communicated. So one call costs one agreement, however deep it
 * goes. Collectives that carry their verdict themselves (the reductions) keep doing so.
 */
public final class CollectiveChecks {

    private static final ScopedValue<Boolean> AGREED = ScopedValue.newInstance();

    private CollectiveChecks() {
    }

    /**
     * Runs {@code body} in an agreed scope (see the class documentation): for library code, and
     * for operators written outside it, whose operands were agreed on by the caller. Local.
     *
     * @param <T>  the result type
     * @param body the work
     * @return what {@code body} returns
     */
    public static <T> T agreed(Supplier<T> body) {
        if (inAgreedScope()) {
            return body.get();
        }
        return ScopedValue.where(AGREED, Boolean.TRUE).call(body::get);
    }

    /**
     * {@link #agreed(Supplier)} for a body without a result. Local.
     *
     * @param body the work
     */
    public static void agreed(Runnable body) {
        agreed(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Whether this thread runs in an agreed scope. Local.
     *
     * @return whether this thread runs in an agreed scope
     */
    public static boolean inAgreedScope() {
        return AGREED.isBound();
    }

    /**
     * Every rank passes its own verdict; if any rank failed, every rank throws the same
     * {@link IllegalArgumentException} with the message of the lowest failing rank (naming that
     * rank when the communicator has more than one). Collective.
     *
     * @param comm       the ranks that must agree
     * @param localError this rank's error message, or {@code null} when its checks passed
     * @throws IllegalArgumentException on every rank when any rank failed
     */
    public static void agree(Communicator comm, String localError) {
        if (inAgreedScope()) {
            if (localError != null) {
                throw new IllegalArgumentException(localError);
            }
            return;
        }
        long[] buf = {-(localError == null ? comm.size() : comm.rank())};
        MemorySegment seg = MemorySegment.ofArray(buf);
        comm.allreduce(seg, seg, 1, Datatype.INT64, ReduceOp.MAX);
        int failed = (int) -buf[0];
        if (failed < comm.size()) {
            throw new IllegalArgumentException(message(comm, failed, localError));
        }
    }

    /**
     * {@link #agree} and, in the same allreduce, whether every rank passed the same values: used
     * for arguments that must be equal on every rank (a global shape, a mask). Collective.
     *
     * @param comm       the ranks that must agree
     * @param localError this rank's error message, or {@code null}
     * @param names      (Input) one name per value group, used in the mismatch message. Not modified.
     * @param values     (Input) this rank's value groups, same count as {@code names}; a null group
     *                   stands for "not given". Not modified.
     * @throws IllegalArgumentException on every rank when any rank failed (that rank's message), or
     *                                  when a value group differs between ranks (naming the group,
     *                                  rank 0's value and the first differing rank's value)
     */
    public static void agreeSame(Communicator comm, String localError, String[] names, long[][] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("names/values: " + names.length + " names for " + values.length
                    + " value groups");
        }
        agreeSame(comm, localError, fingerprint(values), names, () -> values);
    }

    /**
     * {@link #agreeSame(Communicator, String, String[], long[][])} with the values' fingerprint
     * given and the values themselves made only when the fingerprints differ between ranks (to name
     * the differing group): for values that are costly to spell out on every call, such as a
     * vector's layout. Collective.
     *
     * @param fingerprint a 64-bit hash of this rank's values that equal values give on every rank
     * @param names       (Input) the names of the value groups. Not modified.
     * @param values      makes this rank's value groups, same count as {@code names}; called on the
     *                    error path only
     * @param comm       the ranks
     * @param localError this rank's failure message, or null
     * @throws IllegalArgumentException on every rank when a rank failed or a value group differs
     */
    public static void agreeSame(Communicator comm, String localError, long fingerprint, String[] names,
            Supplier<long[][]> values) {
        if (inAgreedScope()) {
            agree(comm, localError);
            return;
        }
        long[] buf = {-(localError == null ? comm.size() : comm.rank()), fingerprint, -fingerprint};
        MemorySegment seg = MemorySegment.ofArray(buf);
        comm.allreduce(seg, seg, 3, Datatype.INT64, ReduceOp.MAX);
        int failed = (int) -buf[0];
        if (failed < comm.size()) {
            throw new IllegalArgumentException(message(comm, failed, localError));
        }
        if (buf[1] == -buf[2]) {
            return; // the largest and the smallest fingerprint agree: the same values everywhere
        }
        long[][] mineAll = values.get();
        for (int g = 0; g < names.length; g++) {
            long[] mine = mineAll[g] == null ? new long[] {Long.MIN_VALUE} : prefixed(mineAll[g]);
            long[][] all = comm.allgatherv(mine);
            for (int r = 1; r < all.length; r++) {
                if (!Arrays.equals(all[r], all[0])) {
                    throw new IllegalArgumentException(names[g] + ": must be the same on every rank, but rank 0 passed "
                            + show(all[0]) + " and rank " + r + " passed " + show(all[r]));
                }
            }
        }
        throw new IllegalStateException("agreeSame: fingerprints differ but every value group is equal (hash error)");
    }

    /**
     * Throws on every rank the {@link IllegalArgumentException} of rank {@code failedRank}: for
     * collectives that carry every rank's verdict themselves (a status slot in a reduction), once
     * every rank knows that {@code failedRank} is the lowest rank that failed. Collective (two
     * broadcasts of the message).
     *
     * @param failedRank the lowest failing rank, the same on every rank
     * @param localError this rank's message (must not be null on {@code failedRank})
     * @param comm the ranks
     * @throws IllegalArgumentException always, with {@code failedRank}'s message
     */
    public static void fail(Communicator comm, int failedRank, String localError) {
        throw new IllegalArgumentException(message(comm, failedRank, localError));
    }

    /**
     * A 64-bit fingerprint of value groups (a null group differs from an empty one).
     *
     * @param values (Input) the groups; not modified
     * @return a 64-bit fingerprint of value groups (a null group differs from an empty one)
     */
    public static long fingerprint(long[][] values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long[] group : values) {
            h = mix(h ^ (group == null ? -1 : group.length));
            if (group != null) {
                for (long v : group) {
                    h = mix(h ^ v);
                }
            }
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long[] prefixed(long[] v) {
        long[] out = new long[v.length + 1];
        out[0] = v.length;
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }

    private static String show(long[] prefixedValues) {
        if (prefixedValues.length == 1 && prefixedValues[0] == Long.MIN_VALUE) {
            return "nothing";
        }
        if (prefixedValues.length > 1 && prefixedValues[1] == TEXT) {
            StringBuilder t = new StringBuilder();
            for (int i = 2; i < prefixedValues.length; i++) {
                t.append((char) prefixedValues[i]);
            }
            return t.toString();
        }
        return Arrays.toString(Arrays.copyOfRange(prefixedValues, 1, prefixedValues.length));
    }

    /** The first value of a group that holds text (see {@link #text}). */
    private static final long TEXT = 0x7e57_7e57_7e57_7e57L;

    /**
     * A value group holding {@code text}, for {@link #agreeSame}: compared exactly, and shown as the
     * text itself in the message when it differs between ranks (a vector's layout, for example).
     *
     * @param text the text, or null
     * @return the group, or null for null text ("not given")
     */
    public static long[] text(String text) {
        if (text == null) {
            return null;
        }
        long[] v = new long[text.length() + 1];
        v[0] = TEXT;
        for (int i = 0; i < text.length(); i++) {
            v[i + 1] = text.charAt(i);
        }
        return v;
    }

    /** Broadcasts the failing rank's message and returns it, with the rank named when size > 1. */
    private static String message(Communicator comm, int failed, String localError) {
        byte[] mine = comm.rank() == failed ? localError.getBytes(StandardCharsets.UTF_8) : new byte[0];
        int length = (int) comm.bcast((long) mine.length, failed);
        long[] words = new long[(length + 7) / 8];
        MemorySegment packed = MemorySegment.ofArray(words);
        MemorySegment.copy(MemorySegment.ofArray(mine), 0, packed, 0, mine.length);
        comm.bcast(packed, words.length, Datatype.INT64, failed);
        byte[] bytes = new byte[length];
        MemorySegment.copy(packed, 0, MemorySegment.ofArray(bytes), 0, length);
        String text = new String(bytes, StandardCharsets.UTF_8);
        return comm.size() > 1 ? text + " (reported by rank " + failed + ")" : text;
    }
}
