package org.jlops.mpi.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.bench.array.ArrayBench;
import org.jlops.mpi.bench.comm.CommBench;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.ops.OperatorsCommand;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.jlops.mpi.bench.report.Summary;
import org.jlops.mpi.bench.scale.ScaleCommand;
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
 * Command-line entry point of the benchmarks ({@code scripts/bench-comm.sh} drives it).
 *
 * <ul>
 *   <li>{@code comm}: the communication benchmark ({@link CommBench}) on one backend; under
 *       {@code mpirun} on {@link Communicators#world()}, else on {@code --np} in-JVM ranks.
 *       Rank 0 merges its rows into the report ({@code --out}).</li>
 *   <li>{@code operators}: the operator benchmark ({@link org.jlops.mpi.bench.ops.OperatorBench}),
 *       likewise.</li>
 *   <li>{@code scale}: the scaling study ({@link ScaleCommand}): workloads over rank counts,
 *       floors, summary and plots ({@code scripts/bench.sh}).</li>
 *   <li>{@code merge}: adds rows read from standard input (the C program's output) to a report.</li>
 *   <li>{@code summary}: prints a report side by side, with each time's ratio to C.</li>
 * </ul>
 * Exit status: 0 done, 2 bad arguments, 3 the requested backend is unavailable, 1 other failure.
 */
@Command(name = "jlops-bench", mixinStandardHelpOptions = true,
        description = "JLops-MPI benchmarks: CSV reports in the bench columns of results/README.md.",
        subcommands = {BenchMain.Comm.class, BenchMain.ArraysCmd.class, OperatorsCommand.class, ScaleCommand.class,
            BenchMain.Merge.class, BenchMain.Summarize.class})
public final class BenchMain {

    /** Exit status when the requested backend cannot be loaded. */
    public static final int BACKEND_UNAVAILABLE = 3;

    private BenchMain() {
    }

    /** The default report of the day: {@code results/comm-<yyyy-mm-dd>.csv}. */
    static Path defaultReport() {
        return Path.of("results", "comm-" + LocalDate.now() + ".csv");
    }

    /**
     * The backend a {@code --backend} option names, or {@link Communicators#requestedBackend()}
     * when it was not given.
     *
     * @param spec the command, for its error
     * @param name the option's value, or null
     * @throws CommandLine.ParameterException (exit status 2) naming the option for an unknown name
     */
    public static Backend chosenBackend(CommandSpec spec, String name) {
        if (name == null) {
            return Communicators.requestedBackend();
        }
        try {
            return Backend.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }

    /**
     * The MPI world of {@code backend}, or null after printing why it is unavailable to the
     * command's error stream.
     *
     * @param spec    the command, for its error stream
     * @param backend {@link Backend#MPI_FFM} or {@link Backend#OMPI_JAVA}
     */
    public static Communicator openWorld(CommandSpec spec, Backend backend) {
        try {
            return Communicators.world(backend);
        } catch (IllegalStateException | UnsupportedOperationException | LinkageError e) {
            spec.commandLine().getErr().printf("jlops-bench: backend %s unavailable: %s%n", backend,
                    e.getMessage() == null ? e.toString() : e.getMessage());
            spec.commandLine().getErr().flush();
            return null;
        }
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The picocli command line of this program (tests call {@code execute} on it). */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchMain());
    }

    /** {@code comm}: the communication benchmark on one backend. */
    @Command(name = "comm", mixinStandardHelpOptions = true,
            description = "Allreduce, allgather and ping-pong timings (OSU method) on one backend.")
    static final class Comm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--backend", paramLabel = "NAME",
                description = "local (in-JVM ranks), mpi-ffm or ompi-java; default: as Communicators.world() "
                        + "chooses (the jlops.comm.backend property, else mpi-ffm under mpirun, else local)")
        String backend;

        @Option(names = "--np", description = "in-JVM ranks for the local backend (default ${DEFAULT-VALUE})")
        int np = 2;

        @Option(names = "--reps", description = "repetitions per case, at least 5 (default ${DEFAULT-VALUE})")
        int reps = 7;

        @Option(names = "--out", paramLabel = "FILE",
                description = "report to merge the rows into (default results/comm-<date>.csv)")
        Path out;

        @Option(names = "--quick", description = "tiny sizes and loops (tests and smoke runs)")
        boolean quick;

        @Option(names = "--notes", description = "text added to every row's notes")
        String notes = "";

        @Option(names = "--comment", paramLabel = "TEXT",
                description = "comment line for the report (machine, command); repeatable")
        List<String> comments = new ArrayList<>();

        @Option(names = "--skipped", paramLabel = "REASON",
                description = "do not run: write rows marked 'skipped: REASON' for --backend at --np")
        String skipped;

        @Override
        public Integer call() throws IOException {
            PrintWriter stdout = spec.commandLine().getOut();
            if (reps < 5) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--reps: at least 5 repetitions are needed for a median, got " + reps);
            }
            if (np < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--np: must be at least 1, got " + np);
            }
            Path file = out == null ? defaultReport() : out;
            List<CommBench.Case> cases = quick ? CommBench.quickCases() : CommBench.standardCases();
            Backend chosen = chosenBackend(spec, backend);
            if (skipped != null) {
                List<BenchRow> rows = CommBench.skippedRows(chosen.toString(), np, cases, skipped);
                CsvWriter.merge(file, comments, rows);
                stdout.printf("%s: skipped (%s); %d rows written to %s%n", chosen, skipped, rows.size(), file);
                return 0;
            }
            CommBench bench = new CommBench(new OsuHarness(reps));
            String rowNotes = (quick ? "quick" : "") + (quick && !notes.isBlank() ? "; " : "") + notes;
            List<BenchRow> rows;
            if (chosen == Backend.LOCAL) {
                rows = LocalCluster.call(np, comm -> bench.run(comm, cases, rowNotes)).get(0);
            } else {
                Communicator world = openWorld(spec, chosen);
                if (world == null) {
                    return BACKEND_UNAVAILABLE;
                }
                rows = bench.run(world, cases, rowNotes);
                boolean writer = world.rank() == 0;
                world.close();
                if (!writer) {
                    return 0;
                }
            }
            CsvWriter.merge(file, comments, rows);
            for (BenchRow r : rows) {
                stdout.printf(Locale.ROOT, "%-10s %-9s np=%d %-10s %-8s median %.3e s%n", r.backend(), r.workload(), r.np(),
                        r.globalShape(), r.dtype(), r.medianS());
            }
            stdout.printf("%d rows written to %s%n", rows.size(), file);
            return 0;
        }
    }

    /** {@code arrays}: the DistributedArray benchmark on one backend (rows {@code workload=array}). */
    @Command(name = "arrays", mixinStandardHelpOptions = true,
            description = "DistributedArray add, iadd, scale, dot and norms (2, 1, inf) of float64 data on one backend; "
                    + "float32 vs float64 bytes per element.")
    static final class ArraysCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--backend", paramLabel = "NAME",
                description = "local (in-JVM ranks) or mpi-ffm; default: as Communicators.world() chooses")
        String backend;

        @Option(names = "--np", description = "in-JVM ranks for the local backend (default ${DEFAULT-VALUE})")
        int np = 1;

        @Option(names = "--elements", description = "global element count (default 2^24 = ${DEFAULT-VALUE})")
        long elements = 1L << 24;

        @Option(names = "--reps", description = "repetitions per operation, at least 5 (default ${DEFAULT-VALUE})")
        int reps = 7;

        @Option(names = "--rounds", description = "measure every operation this many times and keep the fastest "
                + "round's median (default ${DEFAULT-VALUE})")
        int rounds = 1;

        @Option(names = "--triad-gbs", paramLabel = "GB/s",
                description = "the STREAM triad floor of this run, for each row's fraction of it")
        double triadGbs = Double.NaN;

        @Option(names = "--triad-o3-gbs", paramLabel = "GB/s",
                description = "the triad of the -O3 (vectorised) C build in this run, stated next to the floor")
        double triadO3Gbs = Double.NaN;

        @Option(names = "--out", paramLabel = "FILE",
                description = "report to merge the rows into (default results/arrays-<date>.csv)")
        Path out;

        @Option(names = "--quick", description = "2^16 elements, few calls (tests and smoke runs)")
        boolean quick;

        @Option(names = "--notes", description = "text added to every row's notes")
        String notes = "";

        @Option(names = "--comment", paramLabel = "TEXT",
                description = "comment line for the report (machine, command); repeatable")
        List<String> comments = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            PrintWriter stdout = spec.commandLine().getOut();
            if (reps < 5) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--reps: at least 5 repetitions are needed for a median, got " + reps);
            }
            if (np < 1 || rounds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--np/--rounds: must be at least 1, got " + np + "/" + rounds);
            }
            long n = quick ? 1L << 16 : elements;
            Path file = out == null ? Path.of("results", "arrays-" + LocalDate.now() + ".csv") : out;
            Backend chosen = chosenBackend(spec, backend);
            String rowNotes = (quick ? "quick" : "") + (quick && !notes.isBlank() ? "; " : "") + notes;
            ArrayBench bench = new ArrayBench(new OsuHarness(reps), quick ? 2 : 10, quick ? 2 : 5);
            RankTask<Result> task = comm -> {
                double[] f32 = ArrayBench.bytesPerElement(comm, DType.FLOAT32, n);
                double[] f64 = ArrayBench.bytesPerElement(comm, DType.FLOAT64, n);
                String memory = String.format(Locale.ROOT, "memory per element at np=%d (rank 0, %d elements in "
                        + "total): float32 %.2f B storage / %.2f B heap growth, float64 %.2f B storage / %.2f B heap "
                        + "growth; float32/float64 = %.3f", comm.size(), n, f32[0], f32[1], f64[0], f64[1],
                        f32[1] / f64[1]);
                List<BenchRow> best = null;
                for (int r = 0; r < rounds; r++) {
                    List<BenchRow> rows = bench.run(comm, n, chosen.toString(), triadGbs, triadO3Gbs, rowNotes
                            + (rounds > 1 ? (rowNotes.isBlank() ? "" : "; ") + "fastest of " + rounds + " rounds" : ""));
                    if (best == null) {
                        best = new ArrayList<>(rows);
                    } else {
                        for (int i = 0; i < rows.size(); i++) {
                            if (rows.get(i).medianS() < best.get(i).medianS()) {
                                best.set(i, rows.get(i));
                            }
                        }
                    }
                }
                return new Result(best, memory, comm.rank() == 0);
            };
            Result result;
            if (chosen == Backend.LOCAL) {
                result = LocalCluster.call(np, task::run).get(0);
            } else {
                Communicator world = openWorld(spec, chosen);
                if (world == null) {
                    return BACKEND_UNAVAILABLE;
                }
                result = task.run(world);
                world.close();
                if (!result.writer()) {
                    return 0;
                }
            }
            List<String> all = new ArrayList<>(comments);
            all.add(result.memory());
            CsvWriter.merge(file, all, result.rows());
            for (BenchRow r : result.rows()) {
                stdout.printf(Locale.ROOT, "%-8s %-8s np=%d median %.3e s  %7.2f GB/s  %s%n", r.backend(), r.op(),
                        r.np(), r.medianS(), r.gbytesPerS(), r.notes());
            }
            stdout.println(result.memory());
            stdout.printf("%d rows written to %s%n", result.rows().size(), file);
            return 0;
        }

        /** What one rank returns. */
        private record Result(List<BenchRow> rows, String memory, boolean writer) {
        }

        /** A per-rank program that may throw checked exceptions. */
        @FunctionalInterface
        private interface RankTask<T> {
            T run(Communicator comm);
        }
    }

    /** {@code merge}: adds CSV rows from standard input to a report. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Adds bench CSV rows read from standard input (header and # lines ignored) to a report.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", description = "report (default results/comm-<date>.csv)")
        Path out;

        @Option(names = "--comment", paramLabel = "TEXT", description = "comment line for the report; repeatable")
        List<String> comments = new ArrayList<>();

        @Option(names = "--best", description = "of input rows with the same key, keep the one with the smallest "
                + "median (best-of several runs)")
        boolean best;

        @Override
        public Integer call() throws IOException {
            Path file = out == null ? defaultReport() : out;
            List<BenchRow> rows = new ArrayList<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#") || line.equals(BenchRow.HEADER)) {
                    continue;
                }
                rows.add(BenchRow.parse(line));
            }
            if (best) {
                java.util.Map<String, BenchRow> fastest = new java.util.LinkedHashMap<>();
                for (BenchRow r : rows) {
                    fastest.merge(r.key(), r, (a, b) -> b.medianS() < a.medianS() ? b : a);
                }
                rows = new ArrayList<>(fastest.values());
            }
            CsvWriter.merge(file, comments, rows);
            spec.commandLine().getOut().printf("%d rows written to %s%n", rows.size(), file);
            return 0;
        }
    }

    /** {@code summary}: the side-by-side table of a report. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Prints a report's rows side by side with each time's ratio to C.")
    static final class Summarize implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--in", paramLabel = "FILE", description = "report (default results/comm-<date>.csv)")
        Path in;

        @Option(names = "--np", description = "rank count of the rows to show (default ${DEFAULT-VALUE})")
        int np = 2;

        @Override
        public Integer call() throws IOException {
            CsvWriter.Report report = CsvWriter.read(in == null ? defaultReport() : in);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(Summary.format(report.rows(), np));
            stdout.flush();
            return 0;
        }
    }
}
