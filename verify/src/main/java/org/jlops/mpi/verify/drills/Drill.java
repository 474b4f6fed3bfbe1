package org.jlops.mpi.verify.drills;

import org.jlops.mpi.comm.Communicator;

/**
 * One fault drill of issue 14: a public distributed method called on every rank, with a bad
 * argument on one rank only (the {@link Victim}), and what must happen — by default that every
 * rank throws the same {@link IllegalArgumentException} naming the argument and the rank that had
 * it, leaves the operands unchanged and keeps the communicator usable ({@link Status#REJECTED}).
 * A drill whose argument the method legitimately accepts expects {@link Status#ACCEPTED} (every
 * rank returns, the results agree). {@link DrillRunner} checks the verdict on every rank.
 *
 * <p>Names read {@code group/method/argument:kind}, e.g.
 * {@code operator/MPIFirstDerivative/matvec/x:split}.
 *
 * @param group    the drill group: the subject, e.g. {@code operator/MPIBlockDiag} or {@code array/DistributedArray}
 * @param method   the method called, e.g. {@code matvec} or {@code add_out} (the form with an output)
 * @param argument the argument that is bad on one rank, which the message must name first, e.g. {@code x}
 * @param badness  what is wrong with it
 * @param variant  tells drills of one badness apart (empty when there is one), e.g. {@code path} for an
 *                 ord that takes another code path
 * @param victim   the rank that gets the bad argument
 * @param expected {@link Status#REJECTED} or {@link Status#ACCEPTED}
 * @param stage    builds the operands on every rank (collectively) and the call, bad on {@code badRank}
 */
public record Drill(String group, String method, String argument, Badness badness, String variant, Victim victim,
        Status expected, Stage stage) {

    /** Builds one rank's {@link Scene}. */
    @FunctionalInterface
    public interface Stage {
        /**
         * Builds the operands (collectively: every rank builds the same good ones, then the bad rank
         * derives its bad argument locally, so that staging itself cannot hang) and the call.
         *
         * @param comm    the communicator of the case
         * @param badRank the rank that gets the bad argument
         * @return this rank's scene
         */
        Scene stage(Communicator comm, int badRank);
    }

    /** Validates the fields. */
    public Drill {
        if (group == null || group.isBlank() || method == null || method.isBlank() || argument == null
                || argument.isBlank()) {
            throw new IllegalArgumentException("group/method/argument: must not be blank, got " + group + "/"
                    + method + "/" + argument);
        }
        if (badness == null || victim == null || stage == null) {
            throw new IllegalArgumentException("badness/victim/stage: must not be null");
        }
        if (expected != Status.REJECTED && expected != Status.ACCEPTED) {
            throw new IllegalArgumentException("expected: REJECTED or ACCEPTED, got " + expected);
        }
        variant = variant == null ? "" : variant;
    }

    /**
     * A drill expecting rejection, with the bad argument on the last rank.
     *
     * @param group    the group
     * @param method   the method
     * @param argument the bad argument
     * @param badness  its badness
     * @param stage    the staging
     * @return the drill
     */
    public static Drill of(String group, String method, String argument, Badness badness, Stage stage) {
        return new Drill(group, method, argument, badness, "", Victim.LAST, Status.REJECTED, stage);
    }

    /** The kind: the badness label, with the variant when there is one ({@code differs-path}). */
    public String kind() {
        return variant.isEmpty() ? badness.label() : badness.label() + "-" + variant;
    }

    /** {@code group/method/argument:kind}. */
    public String name() {
        return group + "/" + method + "/" + argument + ":" + kind();
    }

    /** This drill with another variant label. */
    public Drill variant(String label) {
        return new Drill(group, method, argument, badness, label, victim, expected, stage);
    }

    /** This drill with the bad argument on {@code v}. */
    public Drill on(Victim v) {
        return new Drill(group, method, argument, badness, variant, v, expected, stage);
    }

    /** This drill expecting {@link Status#ACCEPTED}: the method legitimately accepts the argument. */
    public Drill accepted() {
        return new Drill(group, method, argument, badness, variant, victim, Status.ACCEPTED, stage);
    }

    @Override
    public String toString() {
        return name();
    }
}
