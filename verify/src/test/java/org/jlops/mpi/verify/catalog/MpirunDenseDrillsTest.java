package org.jlops.mpi.verify.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.verify.MpiJobs;
import org.jlops.mpi.verify.MpiJobs.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dense operators' failure drills ({@link DenseDrills}) under Open MPI's {@code mpirun} on the
 * FFM backend: np = 2 (a rank count that is not a square, a one-rank grid) and np = 4 (a 2 × 2
 * grid, and 3 of its ranks for the non-square drill). Every drill must end with the same exception
 * on every rank and the job with status 0 (a hang would hit the job timeout). Skipped with the
 * reason when the launcher is missing, unless {@code JLOPS_REQUIRE_MPI} is set.
 */
class MpirunDenseDrillsTest {

    @ParameterizedTest(name = "mpi-ffm under Open MPI, np={0}")
    @ValueSource(ints = {2, 4})
    void drillsEndAlikeOnEveryRank(int np) throws Exception {
        Job job = MpiJobs.run(MpiJobs.openMpi(np), List.of("-Djlops.comm.backend=mpi-ffm"), DenseDrills.class);
        assertEquals(0, job.exit(), "exit status\n" + job.output());
        String expect = np == 4 ? "dense drills: 7 passed, 0 skipped" : "dense drills: 3 passed, 4 skipped";
        assertTrue(job.output().contains(expect), job.output());
    }
}
