package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jlops.mpi.verify.catalog.OperatorCatalog;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Report;
import org.jlops.mpi.verify.harness.Runner;

/**
 * The whole property suite: every operator property over the {@link OperatorCatalog}, the stencil
 * operators on both kernel paths ({@link PathProperties}), and every array property. The in-JVM
 * JUnit test and {@code VerifyMain} (under mpirun) run this same list.
 */
public final class Suite {

    private Suite() {
    }

    /** Every check, in report order. */
    public static List<Check> checks() {
        List<Check> out = new ArrayList<>(OperatorProperties.checks(OperatorCatalog.subjects()));
        out.addAll(PathProperties.checks());
        out.addAll(SolverProperties.checks());
        out.addAll(SparsityProperties.checks());
        out.addAll(ArrayProperties.checks());
        return out;
    }

    /**
     * The checks whose {@code property/subject} name matches {@code only} (a property name, a
     * {@code property/subject} pair, or null for all).
     *
     * @param checks the checks
     * @param only   the filter, or null
     * @return the matching checks
     * @throws IllegalArgumentException naming the filter when nothing matches
     */
    public static List<Check> select(List<Check> checks, String only) {
        if (only == null || only.isBlank()) {
            return checks;
        }
        List<Check> out = checks.stream().filter(c -> only.equals(c.property())
                || only.equals(c.property() + "/" + c.subject()) || only.equals(c.subject())).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("only: no check matches '" + only + "'");
        }
        return out;
    }

    /**
     * Runs the checks, one report each. Collective when the runner's ranks are a communicator.
     *
     * @param runner   the runner
     * @param checks   the checks
     * @param seed     the run seed
     * @param tries    cases per check
     * @param onReport called with each report as it completes (may be a no-op)
     * @return the reports
     */
    public static List<Report> run(Runner runner, List<Check> checks, long seed, int tries,
            Consumer<Report> onReport) {
        List<Report> out = new ArrayList<>();
        for (Check c : checks) {
            Report r = runner.run(c, seed, tries);
            onReport.accept(r);
            out.add(r);
        }
        return out;
    }
}
