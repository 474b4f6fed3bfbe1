package org.jlops.mpi.verify.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlops.mpi.verify.MpiJobs;
import org.jlops.mpi.verify.MpiJobs.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite and the failure drill under real MPI launchers: the FFM backend under
 * Open MPI at np = 1..4 and under MPICH at np = 3, the Open MPI Java bindings at np = 3.
 * Skipped (with the reason) when a launcher is missing, unless {@code JLOPS_REQUIRE_MPI} /
 * {@code JLOPS_REQUIRE_MPICH} is set, as {@code scripts/test.sh} does after installing them.
 */
class MpirunConformanceTest {

    private static final int CHECKS = CommunicatorConformance.checkNames().size();

    @ParameterizedTest(name = "mpi-ffm under Open MPI, np={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void ffmUnderOpenMpi(int np) throws Exception {
        Job job = MpiJobs.run(MpiJobs.openMpi(np), "mpi-ffm", CommunicatorConformance.class);
        assertAllPassed(job);
    }

    @Test
    void ffmUnderMpich() throws Exception {
        Job job = MpiJobs.run(MpiJobs.mpich(3), "mpi-ffm", CommunicatorConformance.class);
        assertAllPassed(job);
    }

    @Test
    void ompiJavaUnderOpenMpi() throws Exception {
        Job job = MpiJobs.run(MpiJobs.openMpi(3), "ompi-java", CommunicatorConformance.class);
        assertAllPassed(job);
    }

    @ParameterizedTest(name = "a throwing rank ends the {0} job")
    @ValueSource(strings = {"mpi-ffm", "ompi-java"})
    void throwingRankEndsTheJob(String backend) throws Exception {
        Job job = MpiJobs.run(MpiJobs.openMpi(3), backend, FailureDrill.class);
        assertNotEquals(0, job.exit(), "job must exit non-zero\n" + job.output());
        assertTrue(job.output().contains("drill: rank 1 fails on purpose"), "exception on stderr\n" + job.output());
        assertTrue(!job.output().contains("was not stopped"), "a rank went on\n" + job.output());
        Matcher m = Pattern.compile("drill: throwing at (\\d+)").matcher(job.output());
        assertTrue(m.find(), job.output());
        long stopSeconds = (job.endMillis() - Long.parseLong(m.group(1))) / 1000;
        assertTrue(stopSeconds <= 10, "the job took " + stopSeconds + " s to stop after the exception (limit 10 s)");
    }

    @ParameterizedTest(name = "a throwing rank ends the mpi-ffm job under MPICH")
    @ValueSource(ints = {3})
    void throwingRankEndsTheMpichJob(int np) throws Exception {
        Job job = MpiJobs.run(MpiJobs.mpich(np), "mpi-ffm", FailureDrill.class);
        assertNotEquals(0, job.exit(), "job must exit non-zero\n" + job.output());
        assertTrue(job.output().contains("drill: rank 1 fails on purpose"), job.output());
    }

    // ------------------------------------------------------------------------------------------

    private static void assertAllPassed(Job job) {
        assertEquals(0, job.exit(), "exit status\n" + job.output());
        assertTrue(job.output().contains("conformance: " + CHECKS + " passed, 0 failed"), job.output());
    }
}
