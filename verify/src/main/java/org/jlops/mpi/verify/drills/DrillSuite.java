package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jlops.mpi.verify.catalog.OperatorCatalog;

/**
 * The whole drill suite of issue 14: the operator drills generated from the
 * {@link OperatorCatalog}, the array drills, the helper drills, the solver drills (CG, CGLS, and
 * since issue 16 ISTA and FISTA), the proximal drills (the maps, and since issue 16
 * ProximalGradient and ADMML2) and the constructor drills. The
 * in-JVM JUnit test and {@code DrillMain} (under mpirun) run this same list; every rank generates
 * it identically.
 */
public final class DrillSuite {

    private DrillSuite() {
    }

    /** Every drill, in report order (groups contiguous). */
    public static List<Drill> drills() {
        List<Drill> out = new ArrayList<>(OperatorDrills.drills(OperatorCatalog.subjects()));
        out.addAll(ArrayDrills.drills());
        out.addAll(HelperDrills.drills());
        out.addAll(SolverDrills.drills());
        out.addAll(ProximalDrills.drills());
        out.addAll(ConstructorDrills.drills());
        return out;
    }

    /**
     * The drills whose name starts with one of the comma-separated prefixes of {@code only}
     * ({@code operator/MPIHStack}, {@code array}, {@code solver/cg/x0}), or whose kind is one of
     * them ({@code split}); all for null.
     *
     * @param drills the drills
     * @param only   the filter, or null
     * @return the matching drills, in order
     * @throws IllegalArgumentException naming the filter when nothing matches
     */
    public static List<Drill> select(List<Drill> drills, String only) {
        if (only == null || only.isBlank()) {
            return drills;
        }
        List<String> prefixes = List.of(only.split(","));
        List<Drill> out = drills.stream().filter(d -> prefixes.stream().anyMatch(p -> d.name().startsWith(p.strip())
                || d.kind().equals(p.strip()))).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("only: no drill matches '" + only + "'");
        }
        return out;
    }

    /** The drills by group, in order. */
    public static Map<String, List<Drill>> byGroup(List<Drill> drills) {
        Map<String, List<Drill>> out = new LinkedHashMap<>();
        for (Drill d : drills) {
            out.computeIfAbsent(d.group(), k -> new ArrayList<>()).add(d);
        }
        return out;
    }

    /**
     * Runs the drills group by group. Collective when the runner runs on a communicator.
     *
     * @param runner  the runner
     * @param drills  the drills
     * @param onGroup called with each group's results as it completes (may be a no-op)
     * @return every result, in order
     */
    public static List<Result> run(DrillRunner runner, List<Drill> drills, Consumer<List<Result>> onGroup) {
        List<Result> out = new ArrayList<>();
        for (List<Drill> group : byGroup(drills).values()) {
            List<Result> results = new ArrayList<>();
            for (Drill d : group) {
                results.add(runner.run(d));
            }
            onGroup.accept(results);
            out.addAll(results);
        }
        return out;
    }

    /**
     * One report line for a group's results: {@code ok} when every drill passed (was rejected or
     * accepted), the counts, the time; then one indented line per drill that did not pass.
     *
     * @param results (Input) one group's results. Not modified.
     * @return the text (one or more lines)
     */
    public static String describe(List<Result> results) {
        long rejected = results.stream().filter(r -> r.status() == Status.REJECTED).count();
        long accepted = results.stream().filter(r -> r.status() == Status.ACCEPTED).count();
        long failed = results.stream().filter(r -> !r.status().passed()).count();
        double seconds = results.stream().mapToDouble(Result::seconds).sum();
        StringBuilder b = new StringBuilder(String.format("%s %-46s %4d drills: %4d rejected, %2d accepted%s  %.1f s",
                failed == 0 ? "ok  " : "FAIL", results.get(0).drill().group(), results.size(), rejected, accepted,
                failed == 0 ? "" : ", " + failed + " FAILED", seconds));
        for (Result r : results) {
            if (!r.status().passed()) {
                b.append(System.lineSeparator()).append("     ").append(r.describe());
            }
        }
        return b.toString();
    }
}
