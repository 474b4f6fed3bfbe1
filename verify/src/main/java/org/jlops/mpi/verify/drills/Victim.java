package org.jlops.mpi.verify.drills;

/** Which rank of a communicator gets a {@link Drill}'s bad argument. */
public enum Victim {
    /** Rank 0 (the root of broadcasts). */
    FIRST,
    /** Rank 1. */
    SECOND,
    /** The last rank. */
    LAST;

    /**
     * The rank this victim is on {@code np} ranks.
     *
     * @param np the rank count, at least 1
     * @return the rank, in {@code [0, np)}
     */
    public int rank(int np) {
        return switch (this) {
            case FIRST -> 0;
            case SECOND -> Math.min(1, np - 1);
            case LAST -> np - 1;
        };
    }
}
