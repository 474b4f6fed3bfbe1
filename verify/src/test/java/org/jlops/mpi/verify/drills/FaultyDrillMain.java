package org.jlops.mpi.verify.drills;

import java.util.List;
import org.jlops.mpi.verify.run.DrillMain;

/**
 * {@link DrillMain} over broken methods ({@link FaultyDrills}): two that fail without a hang, then
 * one that hangs. Run under mpirun by {@link MpirunDrillsTest} to show that failures are agreed and
 * reported by every rank, and that a hang ends the whole job with {@code DRILL HANG <case>}.
 */
public final class FaultyDrillMain {

    private FaultyDrillMain() {
    }

    /**
     * Runs the job.
     *
     * @param args DrillMain's command line
     */
    public static void main(String[] args) {
        DrillMain job = new DrillMain(List.of(FaultyDrills.DIVERGENT.drill(), FaultyDrills.MESSAGE_DIFFERS.drill(),
                FaultyDrills.AGREED_RESULT.drill(), FaultyDrills.COLLECTIVE_BEFORE_CHECK.drill()));
        System.exit(DrillMain.execute(job, args));
    }
}
