package org.jlops.mpi.bench.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlops.mpi.bench.BenchMain;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code BenchMain operators}: the operator benchmark ({@link OperatorBench}) on one backend;
 * under {@code mpirun} on the MPI world, else on {@code --np} in-JVM ranks. Rank 0 merges its
 * rows into the report. {@code scripts/bench-operators.sh} drives it beside the C STREAM floor.
 */
@Command(name = "operators", mixinStandardHelpOptions = true,
        description = "Derivative, Laplacian, BlockDiag (beside bare dgemv) and CGLS-iteration timings.")
public final class OperatorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "local, mpi-ffm or ompi-java; default: as Communicators.world() chooses")
    String backend;

    @Option(names = "--np", description = "in-JVM ranks for the local backend (default ${DEFAULT-VALUE})")
    int np = 1;

    @Option(names = "--reps", description = "repetitions per case, at least 5 (default ${DEFAULT-VALUE})")
    int reps = 7;

    @Option(names = "--n", description = "side of the derivative arrays (default ${DEFAULT-VALUE})")
    int n = 4096;

    @Option(names = "--m", description = "side of the Laplacian array (default ${DEFAULT-VALUE})")
    int m = 2048;

    @Option(names = "--out", paramLabel = "FILE", description = "report (default results/operators-<date>.csv)")
    Path out;

    @Option(names = "--quick", description = "tiny sizes and loops (tests and smoke runs)")
    boolean quick;

    @Option(names = "--notes", description = "text added to every row's notes")
    String notes = "";

    @Option(names = "--comment", paramLabel = "TEXT", description = "comment line for the report; repeatable")
    List<String> comments = new ArrayList<>();

    @Option(names = "--block", description = "side of the dense blocks (default ${DEFAULT-VALUE})")
    int block = 1000;

    @Option(names = "--blocks", description = "dense blocks per rank (default ${DEFAULT-VALUE})")
    int blocks = 4;

    private List<OperatorBench.Product> products(Communicator comm, int side, int lap) {
        List<OperatorBench.Product> p = new ArrayList<>(OperatorBench.stencilProducts(comm, side, lap));
        p.addAll(OperatorBench.denseProducts(comm, quick ? 16 : block, quick ? 2 : blocks));
        return p;
    }

    @Override
    public Integer call() throws IOException {
        if (reps < 5) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reps: at least 5 repetitions are needed for a median, got " + reps);
        }
        if (np < 1 || n < 8 || m < 8) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--np must be at least 1 and --n, --m at least 8, got " + np + ", " + n + ", " + m);
        }
        Path file = out == null ? Path.of("results", "operators-" + LocalDate.now() + ".csv") : out;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("stencil kernels: %s%n", Engine.host().stencils().implementation());
        stdout.printf("allocation: %s%n", Engine.host().allocationImplementation());
        stdout.flush();
        int side = quick ? 64 : n;
        int lap = quick ? 32 : m;
        String rowNotes = (quick ? "quick" : "") + (quick && !notes.isBlank() ? "; " : "") + notes;
        OperatorBench bench = new OperatorBench(new OsuHarness(reps), quick ? 2 : 5, quick ? 0 : 0.5, quick ? 2 : 5);
        Backend chosen = BenchMain.chosenBackend(spec, backend);
        List<BenchRow> rows;
        if (chosen == Backend.LOCAL) {
            rows = LocalCluster.call(np, comm -> bench.run(comm, products(comm, side, lap), rowNotes)).get(0);
        } else {
            Communicator world = BenchMain.openWorld(spec, chosen);
            if (world == null) {
                return BenchMain.BACKEND_UNAVAILABLE;
            }
            rows = bench.run(world, products(world, side, lap), rowNotes);
            boolean writer = world.rank() == 0;
            world.close();
            if (!writer) {
                return 0;
            }
        }
        CsvWriter.merge(file, comments, rows);
        stdout.printf("%d rows written to %s%n", rows.size(), file);
        stdout.flush();
        return 0;
    }
}
