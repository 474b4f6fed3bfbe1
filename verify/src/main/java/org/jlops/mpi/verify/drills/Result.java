package org.jlops.mpi.verify.drills;

/**
 * The verdict of one drill on one rank count, the same on every rank.
 *
 * @param drill   the drill
 * @param np      the rank count
 * @param badRank the rank that had the bad argument
 * @param status  the verdict
 * @param detail  the agreed message ({@link Status#REJECTED}), the agreed result
 *                ({@link Status#ACCEPTED}) or the problem
 * @param seconds the wall time of the case on this rank (staging, call and verdict)
 */
public record Result(Drill drill, int np, int badRank, Status status, String detail, double seconds) {

    /** One line for reports: status, name, bad rank and detail. */
    public String describe() {
        return String.format("%-8s %s (bad rank %d of %d): %s", status.label(), drill.name(), badRank, np, detail);
    }
}
