package org.jlops.mpi.verify.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.verify.MpiJobs;
import org.jlops.mpi.verify.MpiJobs.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The array conformance suite under Open MPI's {@code mpirun} on the FFM backend at np = 1..4.
 * Skipped (with the reason) when the launcher is missing, unless {@code JLOPS_REQUIRE_MPI} is set.
 */
class MpirunArrayConformanceTest {

    @ParameterizedTest(name = "mpi-ffm under Open MPI, np={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void ffmUnderOpenMpi(int np) throws Exception {
        // the default chunk size: the chunked paths are the communicator suite's business
        Job job = MpiJobs.run(MpiJobs.openMpi(np), List.of("-Djlops.comm.backend=mpi-ffm"), ArrayConformance.class);
        int checks = ArrayConformance.checkNames(np).size();
        assertEquals(0, job.exit(), "exit status\n" + job.output());
        assertTrue(job.output().contains("array conformance: " + checks + " passed, 0 failed"), job.output());
    }
}
