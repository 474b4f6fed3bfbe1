package org.jlops.mpi.comm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The collective check of a constructor's or a method's arguments, in one statement: run the
 * local checks, then agree over the communicator that every rank passed them and passed the same
 * values of the arguments that must be equal everywhere. One allreduce when all is well
 * ({@link CollectiveChecks#agreeSame}); every rank throws the same exception otherwise.
 *
 * <pre>{@code
 * RowStencil s = Consensus.on(comm)
 *         .same("dims", dims).same("sampling", sampling).same("kind", kind).same("dtype", dtype)
 *         .check(() -> new RowStencil(checkDims(dims), stencil(dims, sampling, kind), comm.size()));
 * }</pre>
 *
 * <p>{@link #check} runs the supplier on this rank; an {@link IllegalArgumentException} it throws
 * becomes this rank's verdict, and the first failing rank's message is thrown on every rank. A value that differs
 * between ranks is reported by name with rank 0's value and the first differing one. Null values
 * are allowed (they compare as "not given").
 */
public final class Consensus {

    private final Communicator comm;
    private final List<String> names = new ArrayList<>();
    /** Per group: its values, or null when it is made lazily (then see {@link #lazy}). */
    private final List<long[]> values = new ArrayList<>();
    /** Per group: its fingerprint. */
    private final List<Long> fingerprints = new ArrayList<>();
    /** Per group: what makes its values on the error path (null for eager groups). */
    private final List<Supplier<long[]>> lazy = new ArrayList<>();

    private Consensus(Communicator comm) {
        this.comm = comm;
    }

    /**
     * Starts a check over {@code comm}.
     *
     * @param comm the ranks that must agree
     * @return the check, with no requirement yet
     * @throws IllegalArgumentException on this rank only when {@code comm} is null (there is no one
     *                                  to agree with)
     */
    public static Consensus on(Communicator comm) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        return new Consensus(comm);
    }

    /**
     * Requires {@code value} to be the same on every rank. Local. Returns this.
     *
     * @param name  the argument's name, for the message
     * @param value (Input) this rank's value, or null; not modified
     * @return this consensus
     */
    public Consensus same(String name, long[] value) {
        long[] v = value == null ? null : value.clone();
        names.add(name);
        values.add(v);
        fingerprints.add(CollectiveChecks.fingerprint(new long[][] {v}));
        lazy.add(null);
        return this;
    }

    /**
     * Requires a value that is costly to spell out — a vector's layout — to be the same on every
     * rank: its fingerprint is compared, and {@code text} is made only when the fingerprints
     * differ, to name the difference. Local. Returns this.
     *
     * @param fingerprint a 64-bit hash that equal values give on every rank
     * @param text        makes the value's text (may return null for "not given")
     * @param name the argument's name, for the message
     * @return this consensus
     */
    public Consensus same(String name, long fingerprint, Supplier<String> text) {
        names.add(name);
        values.add(null);
        fingerprints.add(fingerprint);
        lazy.add(() -> CollectiveChecks.text(text.get()));
        return this;
    }

    /**
     * Requires {@code value} to be the same on every rank. Local. Returns this.
     *
     * @param name  the argument's name, for the message
     * @param value (Input) this rank's value, or null; not modified
     * @return this consensus
     */
    public Consensus same(String name, int[] value) {
        long[] v = null;
        if (value != null) {
            v = new long[value.length];
            for (int i = 0; i < value.length; i++) {
                v[i] = value[i];
            }
        }
        return same(name, v);
    }

    /**
     * Requires {@code value} (compared bit for bit, NaN included) to be the same on every rank. Local. Returns this.
     *
     * @param name  the argument's name, for the message
     * @param value (Input) this rank's value, or null; not modified
     * @return this consensus
     */
    public Consensus same(String name, double... value) {
        long[] v = null;
        double[] shown = null;
        if (value != null) {
            v = new long[value.length];
            for (int i = 0; i < value.length; i++) {
                v[i] = Double.doubleToLongBits(value[i]);
            }
            shown = value.clone();
        }
        double[] copy = shown;
        // compared by their bits; a difference names the numbers as Java prints them, not their bits
        return same(name, CollectiveChecks.fingerprint(new long[][] {v}), () -> copy == null ? null
                : copy.length == 1 ? Double.toString(copy[0]) : java.util.Arrays.toString(copy));
    }

    /**
     * Requires {@code text} (a vector's {@code layout()}, say) to be the same on every rank; a
     * difference is reported with both texts. Local. Returns this.
     *
     * @param name the argument's name, for the message
     * @param text this rank's text, or null
     * @return this consensus
     */
    public Consensus same(String name, String text) {
        return same(name, CollectiveChecks.text(text));
    }

    /**
     * Requires {@code value} to be the same on every rank. Local. Returns this.
     *
     * @param name  the argument's name, for the message
     * @param value this rank's value
     * @return this consensus
     */
    public Consensus same(String name, long value) {
        return same(name, new long[] {value});
    }

    /**
     * Requires {@code value} to be the same on every rank. Local. Returns this.
     *
     * @param name  the argument's name, for the message
     * @param value this rank's value
     * @return this consensus
     */
    public Consensus same(String name, boolean value) {
        return same(name, new long[] {value ? 1 : 0});
    }

    /**
     * Requires the constant {@code value} (or null on every rank) to be the same on every rank. Local. Returns this.
     *
     * @param name  the argument's name, for the message
     * @param value this rank's value, or null
     * @return this consensus
     */
    public Consensus same(String name, Enum<?> value) {
        long[] v = value == null ? null : new long[] {value.ordinal()};
        // compared by ordinal; a difference names the constants
        return same(name, CollectiveChecks.fingerprint(new long[][] {v}), () -> value == null ? null : value.toString());
    }

    /**
     * Runs this rank's checks and agrees on the verdict and on the values given to
     * {@code same}. Collective: one allreduce (plus the failing rank's message when one fails).
     *
     * @param checks the local checks; returns what they built (may be null)
     * @param <T> what the checks build
     * @return what {@code checks} returned on this rank
     * @throws IllegalArgumentException on every rank when a rank's checks failed or a value differs
     */
    public <T> T check(Supplier<T> checks) {
        if (CollectiveChecks.inAgreedScope()) {
            return checks.get();                   // the operands were agreed on by the caller
        }
        String error = null;
        T result = null;
        try {
            result = checks.get();
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        long[] each = new long[fingerprints.size()];
        for (int g = 0; g < each.length; g++) {
            each[g] = fingerprints.get(g);
        }
        CollectiveChecks.agreeSame(comm, error, CollectiveChecks.fingerprint(new long[][] {each}),
                names.toArray(String[]::new), this::allValues);
        return result;
    }

    /** Every group's values, the lazy ones made now (the error path). */
    private long[][] allValues() {
        long[][] out = new long[values.size()][];
        for (int g = 0; g < out.length; g++) {
            out[g] = lazy.get(g) == null ? values.get(g) : lazy.get(g).get();
        }
        return out;
    }

    /**
     * Agrees on the values given to {@code same} only. Collective.
     *
     * @throws IllegalArgumentException on every rank when a value differs between ranks
     */
    public void check() {
        check(() -> null);
    }
}
