package org.jlops.mpi.verify.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.verify.MpiJobs;
import org.jlops.mpi.verify.MpiJobs.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spectral operators' failure drills ({@link SpectralDrills}) under Open MPI's {@code mpirun} on the
 * FFM backend at np = 2 (where the irregular-positions drill has only two filters and is skipped)
 * and np = 4. Every drill must end with the same exception
 * on every rank and the job with status 0 (a hang would hit the job timeout). Skipped with the
 * reason when the launcher is missing, unless {@code JLOPS_REQUIRE_MPI} is set.
 */
class MpirunSpectralDrillsTest {

    @ParameterizedTest(name = "mpi-ffm under Open MPI, np={0}")
    @ValueSource(ints = {2, 4})
    void drillsEndAlikeOnEveryRank(int np) throws Exception {
        Job job = MpiJobs.run(MpiJobs.openMpi(np), List.of("-Djlops.comm.backend=mpi-ffm"), SpectralDrills.class);
        assertEquals(0, job.exit(), "exit status\n" + job.output());
        String expect = np == 4 ? "spectral drills: 16 passed, 0 skipped" : "spectral drills: 15 passed, 1 skipped";
        assertTrue(job.output().contains(expect), job.output());
    }
}
