package org.jlops.mpi.bench.scale;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jlops.mpi.bench.BenchMain;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.bench.report.CsvWriter;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code BenchMain scale}: the scaling study. On the {@code local} backend it runs every rank count
 * of {@code --np} in this JVM (ranks as threads), then prints the summary and writes the plots; on
 * an MPI backend (under {@code mpirun}) it runs the world's rank count once and rank 0 merges the
 * rows ({@code scripts/bench.sh} runs one {@code mpirun} per np, the C floors beside it, then
 * {@code scale --report-only}). Rows go to {@code <out>/bench-<date>-<mode>.csv}, each with its fraction of
 * its floor in the notes ({@link Floors}); plots next to it ({@link Plots}).
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Scaling study (strong or weak) of the workloads; CSV report, summary table and plots.")
public final class ScaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--workloads", split = ",", paramLabel = "NAME",
            description = "workloads to run, comma-separated (default: all)")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--np", split = ",", description = "rank counts for the local backend (default 1,2)")
    List<Integer> nps = new ArrayList<>(List.of(1, 2));

    @Option(names = "--mode", description = "strong (fixed global size) or weak (global size grows with np); "
            + "default ${DEFAULT-VALUE}")
    String mode = "strong";

    @Option(names = "--size", description = "scale factor on every default size (default ${DEFAULT-VALUE})")
    double size = 1.0;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "local, mpi-ffm or ompi-java; default: as Communicators.world() chooses")
    String backend;

    @Option(names = "--reps", description = "repetitions per workload (default ${DEFAULT-VALUE}; --quick: 1)")
    Integer reps;

    @Option(names = "--target-seconds", description = "duration of one timed loop (default ${DEFAULT-VALUE})")
    double targetSeconds = 0.2;

    @Option(names = "--out", paramLabel = "DIR", description = "folder of the report (default ${DEFAULT-VALUE})")
    Path outDir = Path.of("results");

    @Option(names = "--date", description = "date in the report's name (default today)")
    String date = LocalDate.now().toString();

    @Option(names = "--quick", description = "tiny sizes, 1 repetition, one call per loop (tests, smoke runs)")
    boolean quick;

    @Option(names = "--cores", description = "cores of the machine, for the oversubscription flag (default: the JVM's)")
    int cores = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-blas-floor", description = "local backend: do not measure the BLAS floor")
    boolean noBlasFloor;

    @Option(names = "--floors-only", description = "only measure the single-core BLAS floor and merge it")
    boolean floorsOnly;

    @Option(names = "--report-only", description = "only print the summary and write the plots of the report")
    boolean reportOnly;

    @Option(names = "--no-plots", description = "skip the plots")
    boolean noPlots;

    @Option(names = "--notes", description = "text added to every row's notes")
    String notes = "";

    @Option(names = "--comment", paramLabel = "TEXT", description = "comment line for the report; repeatable")
    List<String> comments = new ArrayList<>();

    private final Workloads registry;

    /** The command on the standard workloads. */
    public ScaleCommand() {
        this(Workloads.standard());
    }

    /**
     * The command on a given registry (tests).
     *
     * @param registry the workloads
     */
    public ScaleCommand(Workloads registry) {
        this.registry = registry;
    }

    /**
     * The report file: {@code <out>/bench-<date>-<mode>.csv} (one file per mode: a strong and a
     * weak run share their np = 1 rows' keys, so one file would keep only the later).
     */
    Path report() {
        return outDir.resolve("bench-" + date + "-" + mode.trim().toLowerCase(java.util.Locale.ROOT) + ".csv");
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!mode.equals("strong") && !mode.equals("weak")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode: expected strong or weak, got '"
                    + mode + "'");
        }
        int r = reps == null ? (quick ? 1 : 7) : reps;
        if (r < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reps: must be at least 1, got " + r);
        }
        for (int np : nps) {
            if (np < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--np: must be at least 1, got " + np);
            }
        }
        List<Workload> selected;
        try {
            selected = registry.select(workloads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path file = report();
        Map<String, Workload.Floor> kinds = Floors.kinds(registry.all());
        if (reportOnly) {
            reannotate(file, kinds);
            report(file, out);
            return 0;
        }
        boolean dense = selected.stream().anyMatch(w -> w.floor() == Workload.Floor.GEMM);
        Workload.Scale one = new Workload.Scale(1, size, mode.equals("weak"), quick);
        if (floorsOnly) {
            List<BenchRow> rows = new ArrayList<>(Floors.blas(Math.max(r, quick ? 1 : 5), quick));
            if (dense) {
                rows.addAll(Floors.gemm(Math.max(r, quick ? 1 : 5), one));
            }
            CsvWriter.merge(file, comments, rows);
            for (BenchRow row : rows) {
                out.printf(Locale.ROOT, "[bench] floor %s %s: %.4f ms, %.2f GB/s (%s)%n", row.workload(),
                        row.globalShape(), row.medianS() * 1e3, row.gbytesPerS(), row.notes());
            }
            out.flush();
            return 0;
        }
        ScaleRunner runner = new ScaleRunner(r, targetSeconds, quick, cores);
        Backend chosen = BenchMain.chosenBackend(spec, backend);
        boolean weak = mode.equals("weak");
        try {
            if (chosen == Backend.LOCAL) {
                out.printf("[bench] backend local: %s ranks as threads in this JVM (no mpirun); %s scaling, %d "
                        + "workloads, size x%s%s%n", nps, mode, selected.size(), ScaleRunner.fmt(size),
                        quick ? ", quick" : "");
                out.flush();
                if (!noBlasFloor) {
                    CsvWriter.merge(file, comments, Floors.blas(quick ? 1 : 5, quick));
                    if (dense) {
                        CsvWriter.merge(file, comments, Floors.gemm(quick ? 1 : 5, one));
                    }
                }
                for (int np : nps) {
                    Workload.Scale scale = new Workload.Scale(np, size, weak, quick);
                    List<BenchRow> rows = LocalCluster.call(np, comm -> runner.run(comm, selected, scale, notes,
                            line -> {
                                out.println(line);
                                out.flush();
                            })).get(0);
                    write(file, rows, kinds);
                }
                report(file, out);
            } else {
                Communicator world = BenchMain.openWorld(spec, chosen);
                if (world == null) {
                    return BenchMain.BACKEND_UNAVAILABLE;
                }
                int np = world.size();
                if (world.rank() == 0) {
                    out.printf("[bench] backend %s: %d MPI ranks under mpirun; %s scaling, %d workloads, size x%s%s%n",
                            chosen, np, mode, selected.size(), ScaleRunner.fmt(size), quick ? ", quick" : "");
                    out.flush();
                }
                List<BenchRow> rows = runner.run(world, selected, new Workload.Scale(np, size, weak, quick), notes,
                        line -> {
                            out.println(line);
                            out.flush();
                        });
                boolean writer = world.rank() == 0;
                world.close();
                if (writer) {
                    write(file, rows, kinds);
                }
            }
        } catch (RuntimeException e) {
            err.println("jlops-bench scale: " + failure(e));
            err.flush();
            return 1;
        }
        return 0;
    }

    private void write(Path file, List<BenchRow> rows, Map<String, Workload.Floor> kinds) throws IOException {
        // the floors: the report's rows and this batch's own (the solvers' products rows come with them)
        List<BenchRow> report = new ArrayList<>(CsvWriter.read(file).rows());
        report.addAll(rows);
        CsvWriter.merge(file, comments, Floors.annotate(rows, kinds, report));
    }

    /**
     * Our rows' floor items computed again against the floors the report holds now: a run of
     * several rounds keeps the fastest row of each key, floors included, so a row's ratio must be
     * taken against the final floor, not the one of its own round.
     */
    private void reannotate(Path file, Map<String, Workload.Floor> kinds) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<BenchRow> all = CsvWriter.read(file).rows();
        List<BenchRow> ours = new ArrayList<>();
        for (BenchRow r : all) {
            if (r.impl().equals("jlops-mpi")) {
                ours.add(ScaleReport.withoutFloor(r));
            }
        }
        CsvWriter.merge(file, comments, Floors.annotate(ours, kinds, all));
    }

    private void report(Path file, PrintWriter out) throws IOException {
        List<BenchRow> rows = CsvWriter.read(file).rows();
        out.println();
        out.println("[bench] summary of " + file + " (" + mode + " scaling):");
        out.print(ScaleReport.summary(rows, mode));
        if (!noPlots) {
            // bench-<date>-<mode>.csv -> plots bench-<date>-<mode>-<kind>.png
            String stem = file.toString().replaceFirst("\\.csv$", "").replaceFirst("-" + mode + "$", "");
            List<Path> written = Plots.write(Plots.charts(rows, mode, date), Path.of(stem), mode);
            out.println("[bench] plots: " + written.size() + " files " + stem + "-" + mode + "-{time,speedup,"
                    + "efficiency,bandwidth}.{png,svg}");
        }
        out.flush();
    }

    /** The message of the first {@link ScaleRunner.WorkloadFailedException} in the cause chain, else e's. */
    static String failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ScaleRunner.WorkloadFailedException) {
                return t.getMessage();
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
