package org.jlops.mpi.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One of PyLops-MPI's examples as a program: a subclass computes in {@link #run(Communicator,
 * Report)} and writes what it prints and draws into the {@link Report}; this class supplies the
 * rest — the command line shared by every example ({@code --np}, {@code --out}, {@code --full},
 * {@code --no-figures}; subclasses add their sizes as picocli options), the launch on the MPI world
 * under {@code mpirun} or on {@code --np} in-JVM ranks without a launcher, and rank 0 printing.
 *
 * <p>A subclass is a picocli {@link Command} whose {@code name} is the example's short name
 * ({@code cgls}) and whose {@code main} is one line:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Example.main(new CglsExample(), args);
 * }
 * }</pre>
 *
 * and it is registered with one line in {@link Examples#ALL}. Tests call {@link
 * #run(Communicator)} on in-JVM ranks and read the returned {@link Output}.
 */
public abstract class Example implements Callable<Integer> {

    @Option(names = "--np", description = "in-JVM ranks when not started by mpirun (default ${DEFAULT-VALUE})")
    int np = 4;

    @Option(names = "--out", description = "folder for the figures (default ${DEFAULT-VALUE})")
    Path out = Path.of("results", "examples");

    @Option(names = "--no-figures", description = "draw no figures")
    boolean noFigures;

    @Option(names = "--full", description = "PyLops-MPI's original sizes where the defaults are smaller")
    boolean full;

    @Spec
    CommandSpec spec;

    /**
     * What an example printed and drew.
     *
     * @param name      the example's short name
     * @param text      every line it printed
     * @param invariant the lines that are the same at every rank count ({@code text} without the
     *                  per-rank lines)
     * @param figures   the PNG files rank 0 wrote (empty when figures were off)
     */
    public record Output(String name, String text, String invariant, List<Path> figures) {
    }

    /** The short name ({@code cgls}): the picocli command name. */
    public final String name() {
        Command c = getClass().getAnnotation(Command.class);
        if (c == null) {
            throw new IllegalStateException(getClass().getName() + ": an Example must be a picocli @Command");
        }
        return c.name();
    }

    /** The PyLops-MPI example it follows, e.g. {@code examples/plot_cgls.py}. */
    public abstract String pylopsName();

    /** One line saying what the example shows. */
    public abstract String summary();

    /**
     * Where figures go: {@code dir}, or none when null. Returns this.
     *
     * @param dir the folder, created when needed; null for no figures
     */
    public final Example figures(Path dir) {
        this.out = dir;
        this.noFigures = dir == null;
        return this;
    }

    /** PyLops-MPI's original sizes ({@code true}) or the small defaults. Returns this. */
    public final Example full(boolean full) {
        this.full = full;
        return this;
    }

    /** Whether PyLops-MPI's original sizes were asked for. */
    protected final boolean isFull() {
        return full;
    }

    /**
     * Runs the example silently. Collective; every rank returns the same output, and rank 0
     * writes the figures.
     *
     * @param comm the ranks
     */
    public final Output run(Communicator comm) {
        return runEchoing(comm, null);
    }

    /** Runs the example, rank 0 printing each line to {@code echo} (null: silent). Collective. */
    final Output runEchoing(Communicator comm, PrintStream echo) {
        Report report = new Report(comm, noFigures ? null : out, echo);
        report.line("== %s (PyLops-MPI %s): %s", name(), pylopsName(), summary());
        report.perRank("   %d rank%s, backend %s", comm.size(), comm.size() == 1 ? "" : "s", comm.backend());
        run(comm, report);
        return new Output(name(), report.text(), report.invariant(), report.figures());
    }

    /**
     * The example's body. Collective: every rank runs it with the same arguments.
     *
     * @param comm   the ranks
     * @param report where it prints and draws
     */
    protected abstract void run(Communicator comm, Report report);

    @Override
    public final Integer call() throws Exception {
        checkNp(np, spec);
        onRanks(np, comm -> runEchoing(comm, System.out));
        return 0;
    }

    /** Runs {@code example}'s command line and exits with its status. */
    protected static void main(Example example, String[] args) {
        System.exit(new CommandLine(example).execute(args));
    }

    /**
     * The global indices {@code [first, end)} of the blocks this rank holds when {@code blocks}
     * blocks are spread over the ranks in order, the first ranks taking one more (the balanced
     * split; ranks beyond the block count hold none). Examples where PyLops-MPI puts one block on
     * each rank use it to build the same global operator at every rank count. Local.
     */
    protected static int[] myBlocks(int blocks, Communicator comm) {
        long[] counts = LocalSplit.counts(blocks, comm.size());
        int first = (int) LocalSplit.offsets(counts)[comm.rank()];
        return new int[] {first, first + (int) counts[comm.rank()]};
    }

    /** How many blocks each rank holds ({@link #myBlocks}), e.g. {@code "2, 1, 1"}. Local. */
    protected static String blocksPerRank(int blocks, Communicator comm) {
        StringBuilder s = new StringBuilder();
        for (long c : LocalSplit.counts(blocks, comm.size())) {
            s.append(s.isEmpty() ? "" : ", ").append(c);
        }
        return s.toString();
    }

    /** Rejects an {@code --np} below 1 as a usage error of the command {@code spec}. */
    static void checkNp(int np, CommandSpec spec) {
        if (np < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--np: " + np + ", expected at least 1");
        }
    }

    /**
     * Runs {@code task} on the MPI world when an MPI launcher started this process (or a backend
     * was named), else on {@code np} in-JVM ranks; returns each rank's result (one under MPI).
     */
    static <T> List<T> onRanks(int np, LocalCluster.RankTask<T> task) throws Exception {
        boolean mpi = Communicators.launchedByMpi() || Communicators.requestedBackend() != Backend.LOCAL;
        return mpi ? Collections.singletonList(task.call(Communicators.world())) : LocalCluster.call(np, task);
    }
}
