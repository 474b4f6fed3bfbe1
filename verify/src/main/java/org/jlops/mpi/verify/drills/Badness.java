package org.jlops.mpi.verify.drills;

/**
 * What is wrong with the argument a {@link Drill} gives one rank: the kinds of badness of issue 14.
 * Each has the label used in drill names, reports and CSVs.
 */
public enum Badness {
    /** A vector of another global length (or, for a stack, one component of another length). */
    SIZE("size"),
    /** A vector of another dtype (complex for real, real for complex). */
    DTYPE("dtype"),
    /** A vector of another partition: BROADCAST for SCATTER, SCATTER for a replicated one. */
    PARTITION("partition"),
    /** A vector of the same global length split otherwise between the ranks (other local sizes). */
    SPLIT("split"),
    /** A stacked vector where a plain one is expected, a plain one (or a stack of another structure) for a stack. */
    STACKING("stacking"),
    /** A vector with a mask where the others have none. */
    MASK("mask"),
    /** {@code null}. */
    NULL("null"),
    /** A NaN option. */
    NAN("nan"),
    /** A valid option that differs from the other ranks' (another ord, axis, count, seed, shape). */
    DIFFERS("differs"),
    /** An option out of its range on one rank (a negative count, an axis past the last one). */
    RANGE("range");

    private final String label;

    Badness(String label) {
        this.label = label;
    }

    /** The label, e.g. {@code size}. */
    public String label() {
        return label;
    }
}
