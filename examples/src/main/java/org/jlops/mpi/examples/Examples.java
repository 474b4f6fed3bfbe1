package org.jlops.mpi.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jlops.mpi.comm.Communicator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Every example in one launch ({@code scripts/examples.sh}): under {@code mpirun} on the MPI world,
 * else on {@code --np} in-JVM ranks, one after the other with their default sizes (PyLops-MPI's
 * with {@code --full}); {@code --only} picks some by name. Each example's own {@code main} runs it
 * alone with its size options.
 *
 * <p>Adding an example is one class (an {@link Example}) and one line in {@link #ALL}.
 */
@Command(name = "examples", mixinStandardHelpOptions = true,
        description = "Runs PyLops-MPI's examples (all, or those named with --only) and writes their figures.")
public final class Examples implements Callable<Integer> {

    /** Every example, in the order they run. */
    static final List<Supplier<Example>> ALL = List.of(
            DistributedArrayExample::new,
            StackedArrayExample::new,
            DerivativeExample::new,
            MpiLinopExample::new,
            StackingExample::new,
            CglsExample::new,
            HaloExample::new,
            MatrixMultExample::new,
            SummaMatrixMultExample::new,
            FftsExample::new,
            MdcExample::new,
            NonStatConvExample::new,
            ProxExample::new,
            ProxSolverExample::new);

    @Option(names = "--np", description = "in-JVM ranks when not started by mpirun (default ${DEFAULT-VALUE})")
    int np = 4;

    @Option(names = "--out", description = "folder for the figures (default ${DEFAULT-VALUE})")
    Path out = Path.of("results", "examples");

    @Option(names = "--no-figures", description = "draw no figures")
    boolean noFigures;

    @Option(names = "--full", description = "PyLops-MPI's original sizes where the defaults are smaller")
    boolean full;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "run only these examples (comma-separated names; see --list)")
    List<String> only = List.of();

    @Option(names = "--list", description = "print the examples' names and exit")
    boolean list;

    @Spec
    CommandSpec spec;

    /** Runs the examples; exit status 0 when all ran. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Examples()).execute(args));
    }

    /** The examples by name, in order. */
    static Map<String, Supplier<Example>> byName() {
        Map<String, Supplier<Example>> m = new LinkedHashMap<>();
        for (Supplier<Example> s : ALL) {
            m.put(s.get().name(), s);
        }
        return m;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Supplier<Example>> all = byName();
        if (list) {
            for (Supplier<Example> s : all.values()) {
                Example e = s.get();
                System.out.printf("%-18s %-40s %s%n", e.name(), e.pylopsName(), e.summary());
            }
            return 0;
        }
        Example.checkNp(np, spec);
        List<Supplier<Example>> chosen = new ArrayList<>();
        for (String name : only) {
            Supplier<Example> s = all.get(name.trim());
            if (s == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--only: no example '" + name + "'; the examples are " + String.join(", ", all.keySet()));
            }
            chosen.add(s);
        }
        List<Supplier<Example>> run = chosen.isEmpty() ? List.copyOf(all.values()) : chosen;
        Example.onRanks(np, comm -> runAll(comm, run));
        return 0;
    }

    private Void runAll(Communicator comm, List<Supplier<Example>> run) {
        for (int i = 0; i < run.size(); i++) {
            if (i > 0 && comm.rank() == 0) {
                System.out.println();
            }
            run.get(i).get().figures(noFigures ? null : out).full(full).runEchoing(comm, System.out);
        }
        return null;
    }
}
