package org.jlops.mpi.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import picocli.CommandLine.Option;

/**
 * The frame of the sparsity examples and tutorials: under {@code mpirun} the program runs on the MPI
 * world, without a launcher on {@code --np} in-JVM ranks; every rank runs {@link #run}, rank 0
 * prints what it returns and writes the figures to {@code --out}. {@code --full} selects the
 * original problem size of PyLops-MPI's program (the default runs in about a minute on 2 cores),
 * {@code --no-figures} skips the PNGs.
 */
abstract class SparsityProgram implements Callable<Integer> {

    @Option(names = "--np", description = "in-JVM rank count when not started by mpirun (default ${DEFAULT-VALUE})")
    int np = 2;

    @Option(names = "--out", description = "folder of the figures (default ${DEFAULT-VALUE})")
    Path out = Path.of("results", "examples");

    @Option(names = "--full", description = "the size of PyLops-MPI's program (minutes to hours on 2 cores)")
    boolean full;

    @Option(names = "--no-figures", description = "do not write the PNG figures")
    boolean noFigures;

    /** A tiny problem, for the tests (hidden). */
    @Option(names = "--tiny", hidden = true)
    boolean tiny;

    /**
     * The program on one rank. Collective: every rank calls it; rank 0 writes the figures.
     *
     * @param comm the ranks
     * @return the text rank 0 prints (the same on every rank count, to the digits shown)
     * @throws Exception when a figure cannot be written
     */
    abstract String run(Communicator comm) throws Exception;

    @Override
    public Integer call() throws Exception {
        boolean mpi = Communicators.launchedByMpi() || Communicators.requestedBackend() != Backend.LOCAL;
        if (np < 1) {
            throw new IllegalArgumentException("--np: must be at least 1, got " + np);
        }
        List<String> text = mpi ? List.of(run(Communicators.world())) : LocalCluster.call(np, this::run);
        if (!mpi || Communicators.world().rank() == 0) {
            System.out.print(text.get(0));
        }
        return 0;
    }

    /** Whether this rank writes the figures. */
    boolean draws(Communicator comm) {
        return comm.rank() == 0 && !noFigures;
    }
}
