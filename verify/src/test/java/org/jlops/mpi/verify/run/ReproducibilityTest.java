package org.jlops.mpi.verify.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.verify.MpiJobs;
import org.junit.jupiter.api.Test;

/**
 * The problems of {@link ReproducibilityMain} give the same bits at 1, 2, 3 and 5 in-JVM ranks,
 * and under mpirun (Open MPI, np 2 and 3; MPICH, np 2) the same bits as in one JVM.
 */
class ReproducibilityTest {

    private static final int N = 32;

    /** The rows without their backend and np columns. */
    private static List<String> results(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String r : rows) {
            out.add(r.substring(r.indexOf(',', r.indexOf(',') + 1) + 1));
        }
        return out;
    }

    private static List<String> inJvm(int np) {
        ReproducibilityMain job = new ReproducibilityMain();
        job.n = N;
        return results(LocalCluster.call(np, job::run).get(0));
    }

    @Test
    void theSameBitsAtEveryRankCount() {
        List<String> one = inJvm(1);
        assertEquals(3, one.size(), one.toString());
        for (int np : new int[] {2, 3, 5}) {
            assertEquals(one, inJvm(np), "np=" + np);
        }
    }

    @Test
    void theSameBitsUnderMpirun() throws Exception {
        List<String> one = inJvm(1);
        for (List<String> launcher : List.of(MpiJobs.openMpi(2), MpiJobs.openMpi(3), MpiJobs.mpich(2))) {
            MpiJobs.Job job = MpiJobs.run(launcher, "mpi-ffm", ReproducibilityMain.class, "--n", Integer.toString(N));
            assertEquals(0, job.exit(), job.output());
            List<String> rows = new ArrayList<>();
            for (String line : job.output().split("\n")) {
                if (line.startsWith("mpi-ffm,")) {
                    rows.add(line.strip());
                }
            }
            assertTrue(rows.size() == 3, job.output());
            assertEquals(one, results(rows), launcher + ":\n" + job.output());
        }
    }
}
