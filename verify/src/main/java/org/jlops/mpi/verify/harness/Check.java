package org.jlops.mpi.verify.harness;

import org.jlops.mpi.comm.Communicator;

/**
 * One property applied to one subject: the unit the runner draws cases for, reports and writes a
 * CSV row for.
 */
public interface Check {

    /** The property's name, e.g. {@code adjoint}. */
    String property();

    /** The subject's name, e.g. {@code MPIBlockDiag}. */
    String subject();

    /**
     * Runs one case on this rank. Collective over {@code comm}: every rank calls it with the same
     * case and gets the same outcome; a rank-local exception is turned into a failed outcome that
     * every rank agrees on.
     *
     * @param comm the communicator, of {@code c.np()} ranks
     * @param c    the case
     * @return the agreed outcome
     */
    Outcome run(Communicator comm, Case c);

    /** The per-rank body of a check: measures into the probe, may throw. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs the case on this rank, recording comparisons in {@code probe}.
         *
         * @param comm  the communicator
         * @param c     the case
         * @param probe (Modified) receives the measurements
         */
        void run(Communicator comm, Case c, Probe probe);
    }

    /**
     * A check from its body: an exception thrown by the body becomes this rank's failure, then the
     * ranks agree ({@link Probe#agree}). Bodies must throw collectively (the same exception on every
     * rank, as the library's checks do) or after their last collective, never between collectives
     * on some ranks only.
     *
     * @param property the property name
     * @param subject  the subject name
     * @param body     the per-rank body
     * @return the check
     */
    static Check of(String property, String subject, Body body) {
        return new Check() {
            @Override
            public String property() {
                return property;
            }

            @Override
            public String subject() {
                return subject;
            }

            @Override
            public Outcome run(Communicator comm, Case c) {
                Probe probe = new Probe();
                try {
                    body.run(comm, c, probe);
                } catch (RuntimeException e) {
                    probe.failed(e);
                }
                return probe.agree(comm);
            }

            @Override
            public String toString() {
                return property + "/" + subject;
            }
        };
    }
}
