package org.jlops.mpi.verify.harness;

/**
 * The result of running one {@link Check} for a number of cases: passed, or the first failing case
 * with the smallest failing case found from it.
 *
 * @param property  the property name
 * @param subject   the subject name
 * @param tries     the number of cases drawn (shrinking attempts not counted)
 * @param seed      the run seed every case was derived from
 * @param passed    whether every case passed
 * @param maxRelErr the largest relative error over the passed cases (and the failing one)
 * @param failing   the first failing case, or null
 * @param smallest  the smallest failing case found by shrinking, or null
 * @param failure   the outcome of {@code smallest}, or null
 * @param shrinks   how many shrinking attempts ran
 * @param seconds   wall time of the run
 */
public record Report(String property, String subject, int tries, long seed, boolean passed, double maxRelErr,
        Case failing, Case smallest, Outcome failure, int shrinks, double seconds) {

    /** {@code property/subject}. */
    public String name() {
        return property + "/" + subject;
    }

    /**
     * The failure report: the seed, the smallest case with its parameters, the problem and how to
     * replay it; one line "ok ..." when passed.
     *
     * @return the text
     */
    public String describe() {
        if (passed) {
            return String.format("ok   %-44s %4d cases  max_rel_err %.2e  %.1f s", name(), tries, maxRelErr, seconds);
        }
        return String.format("FAIL %-44s seed %d: first failing %s, smallest %s (%d shrink attempts)%n"
                + "     case: %s%n     problem: %s%n     replay: scripts/verify.sh --np %d --only %s --case %s",
                name(), seed, failing, smallest, shrinks, failure.description(), failure.problem(), smallest.np(),
                name(), smallest.key());
    }
}
