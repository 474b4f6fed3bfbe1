package org.jlops.mpi.verify.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.verify.drills.Drill;
import org.jlops.mpi.verify.drills.DrillRunner;
import org.jlops.mpi.verify.drills.DrillSuite;
import org.jlops.mpi.verify.drills.Result;
import org.jlops.mpi.verify.drills.Status;
import org.jlops.mpi.verify.drills.Watchdog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The drill suite of issue 14 as a job ({@code scripts/drills.sh}): every drill of
 * {@link DrillSuite} — a bad argument on one rank of every public distributed method — with its
 * verdict agreed on by every rank. Under {@code mpirun -np N} (N at least 2) every rank runs the
 * same drills on the MPI world, each case on its own duplicate of it and under a per-process
 * {@link Watchdog}: a case that does not end within {@code --timeout} seconds prints
 * {@code DRILL HANG <case>} and ends the job with status {@value Watchdog#HANG_STATUS}. Without a
 * launcher it runs on {@code --np} in-JVM ranks, each case under a time limit of the in-JVM
 * cluster (a hang is then reported as {@code hang} and the run goes on).
 *
 * <p>Rank 0 prints one line per drill group (and one per drill that did not pass), a summary with
 * the counts per status and per kind of badness, and writes
 * {@code results/drills-<date>-np<N>-<backend>.csv} with the columns
 * {@code backend,np,group,method,argument,kind,bad_rank,expected,status,seconds,detail}. Exit status
 * 1 when a drill failed or hung (an accepted argument is not a failure; its expectation is in the
 * CSV).
 */
@Command(name = "drills", mixinStandardHelpOptions = true,
        description = "Bad input on one rank: every public distributed method must reject it on every rank alike.")
public final class DrillMain implements Callable<Integer> {

    @Option(names = "--np", description = "in-JVM rank count when not started by mpirun, at least 2 (default ${DEFAULT-VALUE})")
    int np = 3;

    @Option(names = "--timeout", description = "seconds one case may take before it counts as a hang (default ${DEFAULT-VALUE})")
    double timeout = 60;

    @Option(names = "--only", description = "comma-separated name prefixes (operator/MPIHStack, array, solver/cg/x0) or kinds (split)")
    String only;

    @Option(names = "--out", description = "folder for the CSV (default ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--launcher", description = "the MPI library's name in the CSV's file name and backend column"
            + " (mpich, so that an MPICH run does not overwrite the Open MPI one); empty by default")
    String launcher = "";

    @Option(names = "--no-csv", description = "do not write the CSV")
    boolean noCsv;

    @Option(names = "--list", description = "print the drills' names and exit")
    boolean list;

    private final List<Drill> drills;

    /** A job over the whole {@link DrillSuite}. */
    public DrillMain() {
        this(DrillSuite.drills());
    }

    /**
     * A job over the given drills (tests use it to run drills with injected faults).
     *
     * @param drills the drills
     */
    public DrillMain(List<Drill> drills) {
        this.drills = List.copyOf(drills);
    }

    /**
     * Runs the job and exits with its status.
     *
     * @param args the command line (see the class documentation)
     */
    public static void main(String[] args) {
        System.exit(execute(new DrillMain(), args));
    }

    /**
     * Runs a job with a command line and returns its exit status (0: no drill failed or hung).
     *
     * @param job  the job
     * @param args the command line
     * @return the exit status
     */
    public static int execute(DrillMain job, String[] args) {
        return new CommandLine(job).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (!(timeout > 0)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--timeout must be positive, got " + timeout);
        }
        List<Drill> selected = DrillSuite.select(drills, only);
        if (list) {
            selected.forEach(d -> System.out.println(d.name() + " (bad rank: " + d.victim().name().toLowerCase()
                    + ", expected " + d.expected().label() + ")"));
            return 0;
        }
        boolean mpi = Communicators.launchedByMpi() || Communicators.requestedBackend() != Backend.LOCAL;
        Communicator world = mpi ? Communicators.world() : null;
        int size = world == null ? np : world.size();
        if (size < 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "the drills need at least 2 ranks (a bad"
                    + " argument on one of them), got " + size);
        }
        boolean root = world == null || world.rank() == 0;
        String backend = (world == null ? "local" : world.backend()) + (launcher.isEmpty() ? "" : "-" + launcher);
        Duration limit = Duration.ofMillis((long) (timeout * 1000));
        DrillRunner runner = world == null ? DrillRunner.inJvm(np, limit)
                : DrillRunner.on(world, limit, new Watchdog(world.rank(), System.out));
        if (root) {
            System.out.printf("JLops-MPI drills: backend %s, %d ranks%s, %d drills, %.0f s per case%n", backend, size,
                    world == null ? " in-JVM" : "", selected.size(), timeout);
            System.out.flush();
        }
        long t0 = System.nanoTime();
        List<Result> results = DrillSuite.run(runner, selected, group -> {
            if (root) {
                System.out.println(DrillSuite.describe(group));
                System.out.flush();
            }
        });
        if (root) {
            System.out.println(summary(results, (System.nanoTime() - t0) / 1e9));
            if (!noCsv) {
                Path csv = out.resolve("drills-" + LocalDate.now() + "-np" + size + "-" + backend + ".csv");
                writeCsv(csv, backend, results);
                System.out.println("wrote " + csv);
            }
        }
        return results.stream().allMatch(r -> r.status().passed()) ? 0 : 1;
    }

    /**
     * The summary lines: counts per status, then drills per kind of badness.
     *
     * @param results (Input) the results. Not modified.
     * @param seconds the wall time
     * @return the text
     */
    static String summary(List<Result> results, double seconds) {
        Map<Status, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        for (Result r : results) {
            byStatus.merge(r.status(), 1, Integer::sum);
            byKind.merge(r.drill().badness().label(), 1, Integer::sum);
        }
        return String.format("drills: %d cases, %d rejected, %d accepted, %d failed, %d hung in %.1f s%n"
                + "  by kind: %s", results.size(), byStatus.getOrDefault(Status.REJECTED, 0),
                byStatus.getOrDefault(Status.ACCEPTED, 0), byStatus.getOrDefault(Status.FAILED, 0),
                byStatus.getOrDefault(Status.HANG, 0), seconds, byKind.toString().replaceAll("[{}]", ""));
    }

    /**
     * Writes the results as CSV (columns
     * {@code backend,np,group,method,argument,kind,bad_rank,expected,status,seconds,detail}).
     *
     * @param csv     the file
     * @param backend the backend name
     * @param results (Input) the results. Not modified.
     * @throws IOException when the file cannot be written
     */
    static void writeCsv(Path csv, String backend, List<Result> results) throws IOException {
        if (csv.getParent() != null) {
            Files.createDirectories(csv.getParent());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            w.println("backend,np,group,method,argument,kind,bad_rank,expected,status,seconds,detail");
            for (Result r : results) {
                Drill d = r.drill();
                w.printf("%s,%d,%s,%s,%s,%s,%d,%s,%s,%.3f,%s%n", backend, r.np(), quote(d.group()), quote(d.method()),
                        quote(d.argument()), d.kind(), r.badRank(), d.expected().label(), r.status().label(),
                        r.seconds(), quote(r.detail()));
            }
        }
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"").replace("\n", " ") + "\"";
        }
        return s;
    }
}
