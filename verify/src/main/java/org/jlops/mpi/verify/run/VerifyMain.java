package org.jlops.mpi.verify.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.verify.harness.Case;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Outcome;
import org.jlops.mpi.verify.harness.Ranks;
import org.jlops.mpi.verify.harness.Report;
import org.jlops.mpi.verify.harness.Runner;
import org.jlops.mpi.verify.properties.Suite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The property suite as a job ({@code scripts/verify.sh}). Under {@code mpirun -np N} every rank
 * runs the same checks with the same seed on the MPI world; the verdict of each case is agreed by
 * all ranks, so they shrink along the same path. Without a launcher it runs on in-JVM ranks, the
 * rank count drawn per case from {@code 1..--np}. Rank 0 prints one line per property and subject
 * and writes {@code results/verify-<date>-np<N>-<backend>.csv} with the columns
 * {@code backend,np,property,subject,tries,seed,status,max_rel_err,notes}. Exit status 1 when any
 * check failed.
 *
 * <p>{@code --only P[/S]} restricts the run; {@code --case SEED:SIZE} (with {@code --only P/S})
 * replays the one case a failure report printed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Property suite: adjoint, reference, partition, algebra, unchanged, solver, arrays.")
public final class VerifyMain implements Callable<Integer> {

    @Option(names = "--np", description = "largest in-JVM rank count when not started by mpirun (default ${DEFAULT-VALUE})")
    int np = 8;

    @Option(names = "--tries", description = "cases per property and subject (default ${DEFAULT-VALUE})")
    int tries = 50;

    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed = 20261203L;

    @Option(names = "--max-size", description = "largest size hint of the generators (default ${DEFAULT-VALUE})")
    int maxSize = 6;

    @Option(names = "--only", description = "a property, a subject or property/subject")
    String only;

    @Option(names = "--case", description = "replay one case SEED:SIZE of the --only check")
    String replay;

    @Option(names = "--out", description = "folder for the CSV (default ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--no-csv", description = "do not write the CSV")
    boolean noCsv;

    private final List<Check> checks;

    /** A job over the whole {@link Suite}. */
    public VerifyMain() {
        this(Suite.checks());
    }

    /**
     * A job over the given checks (tests use it to run a suite with injected faults).
     *
     * @param checks the checks
     */
    public VerifyMain(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * Runs the job and exits with its status.
     *
     * @param args the command line (see the class documentation)
     */
    public static void main(String[] args) {
        System.exit(execute(new VerifyMain(), args));
    }

    /**
     * Runs a job with a command line and returns its exit status (0: every check passed).
     *
     * @param job  the job
     * @param args the command line
     * @return the exit status
     */
    public static int execute(VerifyMain job, String[] args) {
        return new CommandLine(job).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (np < 1 || tries < 1 || maxSize < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--np, --tries and --max-size must be"
                    + " at least 1, got " + np + ", " + tries + ", " + maxSize);
        }
        boolean mpi = Communicators.launchedByMpi() || Communicators.requestedBackend() != Backend.LOCAL;
        Communicator world = mpi ? Communicators.world() : null;
        Ranks ranks = mpi ? Ranks.on(world) : Ranks.inJvm(np);
        boolean root = world == null || world.rank() == 0;
        String backend = world == null ? "local" : world.backend();
        int npLabel = world == null ? np : world.size();
        List<Check> selected = Suite.select(checks, only);
        Runner runner = new Runner(ranks, maxSize);
        if (replay != null) {
            if (selected.size() != 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--case needs --only naming one"
                        + " property/subject, got " + selected.size() + " checks");
            }
            Case c = Case.parse(replay, world == null ? np : world.size());
            Outcome o = runner.replay(selected.get(0), c);
            if (root) {
                System.out.printf("%s %s/%s %s max_rel_err %.3e%n  case: %s%n  %s%n", o.passed() ? "ok  " : "FAIL",
                        selected.get(0).property(), selected.get(0).subject(), c, o.maxRelErr(), o.description(),
                        o.problem());
            }
            return o.passed() ? 0 : 1;
        }
        if (root) {
            System.out.printf("JLops-MPI verify: backend %s, %s ranks, %d checks x %d tries, seed %d%n", backend,
                    world == null ? "1.." + np + " in-JVM" : Integer.toString(world.size()), selected.size(), tries,
                    seed);
        }
        long t0 = System.nanoTime();
        List<Report> reports = Suite.run(runner, selected, seed, tries, r -> {
            if (root) {
                System.out.println(r.describe());
                System.out.flush();
            }
        });
        long failed = reports.stream().filter(r -> !r.passed()).count();
        if (root) {
            System.out.printf("verify: %d passed, %d failed in %.1f s%n", reports.size() - failed, failed,
                    (System.nanoTime() - t0) / 1e9);
            if (!noCsv) {
                Path csv = out.resolve("verify-" + LocalDate.now() + "-np" + npLabel + "-" + backend + ".csv");
                writeCsv(csv, backend, npLabel, reports);
                System.out.println("wrote " + csv);
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * Writes the reports as CSV (columns {@code backend,np,property,subject,tries,seed,status,max_rel_err,notes}).
     *
     * @param csv     the file
     * @param backend the backend name
     * @param np      the rank count (the largest one in one JVM)
     * @param reports (Input) the reports. Not modified.
     * @throws IOException when the file cannot be written
     */
    static void writeCsv(Path csv, String backend, int np, List<Report> reports) throws IOException {
        if (csv.getParent() != null) {
            Files.createDirectories(csv.getParent());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            w.println("backend,np,property,subject,tries,seed,status,max_rel_err,notes");
            for (Report r : reports) {
                String notes = r.passed() ? String.format("%.2f s", r.seconds())
                        : "smallest " + r.smallest() + ": " + r.failure().description() + ": " + r.failure().problem();
                w.printf("%s,%d,%s,%s,%d,%d,%s,%.3e,%s%n", backend, np, quote(r.property()), quote(r.subject()),
                        r.tries(), r.seed(), r.passed() ? "passed" : "failed", r.maxRelErr(), quote(notes));
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
