package org.jlops.mpi.verify.drills;

/** The verdict of one drill, the same on every rank. */
public enum Status {
    /**
     * Every rank threw the same {@link IllegalArgumentException}, naming the argument and the rank
     * that had it; the operands are unchanged and the communicator still works. What a drill expects
     * of a bad argument.
     */
    REJECTED("rejected"),
    /**
     * Every rank returned, with results that agree between ranks, and the inputs are unchanged: the
     * method legitimately accepts the argument (not a failure).
     */
    ACCEPTED("accepted"),
    /**
     * Anything else: ranks diverged (some threw, some returned, or their results or messages
     * differ), a rank threw another exception, the message does not name the argument or the rank,
     * an operand changed, or the communicator no longer works.
     */
    FAILED("failed"),
    /** The case did not end within its time limit (in one JVM; under mpirun the job ends instead). */
    HANG("hang");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** The label used in reports and CSVs, e.g. {@code rejected}. */
    public String label() {
        return label;
    }

    /** Whether this verdict passes the drill (rejected or accepted). */
    public boolean passed() {
        return this == REJECTED || this == ACCEPTED;
    }
}
