package org.jlops.mpi.verify.harness;

import java.util.function.Function;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;

/**
 * Where the cases of a run execute: on a fresh in-JVM cluster of a drawn rank count per case, or
 * on one fixed communicator (the MPI world, where every rank runs the same runner).
 */
public interface Ranks {

    /** The rank count every case must use, or 0 when the runner draws it per case. */
    int fixedNp();

    /** The largest rank count the runner may draw (equal to {@link #fixedNp()} when fixed). */
    int maxNp();

    /**
     * Runs {@code body} on {@code np} ranks and returns the outcome they agreed on.
     *
     * @param np   the rank count (must equal {@link #fixedNp()} when that is not 0)
     * @param body the per-rank case, collective
     * @return the outcome
     */
    Outcome run(int np, Function<Communicator, Outcome> body);

    /**
     * In-JVM ranks (threads, {@link LocalCluster}), a new cluster per case, the rank count drawn
     * from 1..maxNp.
     *
     * @param maxNp the largest rank count, at least 1
     * @return the ranks
     */
    static Ranks inJvm(int maxNp) {
        if (maxNp < 1) {
            throw new IllegalArgumentException("maxNp: must be at least 1, got " + maxNp);
        }
        return new Ranks() {
            @Override
            public int fixedNp() {
                return 0;
            }

            @Override
            public int maxNp() {
                return maxNp;
            }

            @Override
            public Outcome run(int np, Function<Communicator, Outcome> body) {
                return LocalCluster.call(np, body::apply).get(0);
            }
        };
    }

    /**
     * One communicator every case runs on (under MPI: the world; every rank calls the runner).
     *
     * @param comm the communicator
     * @return the ranks
     */
    static Ranks on(Communicator comm) {
        return new Ranks() {
            @Override
            public int fixedNp() {
                return comm.size();
            }

            @Override
            public int maxNp() {
                return comm.size();
            }

            @Override
            public Outcome run(int np, Function<Communicator, Outcome> body) {
                if (np != comm.size()) {
                    throw new IllegalArgumentException("np: this run has " + comm.size() + " ranks, the case asks "
                            + np);
                }
                return body.apply(comm);
            }
        };
    }
}
