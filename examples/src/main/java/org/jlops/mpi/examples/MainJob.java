package org.jlops.mpi.examples;

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
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.verify.comm.CommunicatorConformance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The project's main job ({@code scripts/run.sh}): the communicator self-check, the seed
 * example ({@link SeedExample}) and a short benchmark ({@link QuickBench}) on N ranks. Under {@code mpirun} it runs on the MPI world; without a launcher it runs
 * {@code --np} in-JVM ranks. Rank 0 prints the report and writes
 * {@code results/selfcheck-<date>-np<N>-<backend>.csv}.
 */
@Command(name = "main-job", mixinStandardHelpOptions = true,
        description = "Communicator self-check, the seed example and a short benchmark on N ranks.")
public final class MainJob implements Callable<Integer> {

    @Option(names = "--np", description = "in-JVM rank count when not started by mpirun (default ${DEFAULT-VALUE})")
    int np = 4;

    @Option(names = "--out", description = "folder for result files (default ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    /** Runs the job; exit status 0 when every check passed. */
    public static void main(String[] args) {
        int status = new CommandLine(new MainJob()).execute(args);
        System.exit(status);
    }

    @Override
    public Integer call() throws Exception {
        if (np < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--np must be at least 1, got " + np);
        }
        boolean mpi = Communicators.launchedByMpi() || Communicators.requestedBackend() != Backend.LOCAL;
        List<Integer> failures = mpi ? List.of(runOn(Communicators.world()))
                : LocalCluster.call(np, this::runOn);
        return failures.get(0) == 0 ? 0 : 1;
    }

    private int runOn(Communicator comm) throws IOException {
        long t0 = System.nanoTime();
        List<CommunicatorConformance.Result> results = CommunicatorConformance.run(comm);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int failed = (int) results.stream().filter(r -> !r.passed()).count();
        if (comm.rank() == 0) {
            System.out.printf("JLops-MPI main job: backend %s, %d ranks%n", comm.backend(), comm.size());
            System.out.println("1. communicator self-check");
            for (CommunicatorConformance.Result r : results) {
                System.out.printf("   %-4s %s %s%n", r.passed() ? "ok" : "FAIL", r.check(), r.firstProblem());
            }
            System.out.printf("   %d passed, %d failed in %.2f s%n", results.size() - failed, failed, seconds);
            Path file = writeCsv(comm, results);
            System.out.println("   self-check written to " + file);
        }
        SeedExample.Result seed = SeedExample.run(comm);
        if (comm.rank() == 0) {
            System.out.printf("2. seed example: %dx%d spike scattered on axis 0, y = D x (MPIFirstDerivative), "
                    + "x_adj = D^H y, x_inv = CGLS(D, y, x0 = 0, %d iterations)%n", SeedExample.NX, SeedExample.NY,
                    SeedExample.NITER);
            System.out.print(seed.format());
        }
        List<QuickBench.Line> bench = QuickBench.run(comm);
        if (comm.rank() == 0) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.println("3. short benchmark (median of 5, slowest rank; scripts/bench-*.sh for the full reports)"
                    + (comm.size() > cores ? ": OVERSUBSCRIBED, " + comm.size() + " ranks on " + cores
                            + " cores, times are not representative" : ""));
            for (QuickBench.Line l : bench) {
                System.out.println("   " + l.text());
            }
            Path file = out.resolve("mainjob-bench-" + LocalDate.now() + "-np" + comm.size() + "-" + comm.backend()
                    + ".csv");
            QuickBench.write(file, comm, bench);
            System.out.println("   written to " + file);
        }
        return failed;
    }

    private Path writeCsv(Communicator comm, List<CommunicatorConformance.Result> results) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve("selfcheck-" + LocalDate.now() + "-np" + comm.size() + "-" + comm.backend() + ".csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("backend,np,check,status,notes");
            for (CommunicatorConformance.Result r : results) {
                w.printf("%s,%d,%s,%s,\"%s\"%n", comm.backend(), comm.size(), r.check(), r.passed() ? "pass" : "fail",
                        r.firstProblem().replace("\"", "\"\""));
            }
        }
        return file;
    }
}
