package org.jlops.mpi.verify.harness;

/**
 * The verdict of one case, identical on every rank (agreed by {@link Probe#agree}).
 *
 * @param passed      whether every comparison held
 * @param maxRelErr   the largest relative error measured (0 when nothing was compared)
 * @param description what the case was (subject parameters, layouts)
 * @param problem     the first problem found, empty when passed
 */
public record Outcome(boolean passed, double maxRelErr, String description, String problem) {
}
