package org.jlops.mpi.verify.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jlops.mpi.verify.MpiJobs;
import org.jlops.mpi.verify.run.DrillMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole drill suite under mpirun with the FFM backend: Open MPI at np = 2 and 3, MPICH at
 * np = 2, every drill with the verdict it expects (the counts printed, one CSV row each); and a
 * job of broken methods ({@link FaultyDrillMain}) whose failures every rank reports and whose hang
 * ends the job with {@code DRILL HANG <case>} and a non-zero status. A missing launcher skips (with
 * the reason) unless {@code JLOPS_REQUIRE_MPI} / {@code JLOPS_REQUIRE_MPICH} is set, as
 * {@code scripts/test.sh} does.
 */
class MpirunDrillsTest {

    @TempDir
    Path out;

    @ParameterizedTest(name = "every drill under Open MPI, np={0}")
    @ValueSource(ints = {2, 3})
    void everyDrillUnderOpenMpi(int np) throws Exception {
        check(MpiJobs.run(MpiJobs.openMpi(np), "mpi-ffm", DrillMain.class, "--out", out.toString()), np);
    }

    @Test
    void everyDrillUnderMpich() throws Exception {
        check(MpiJobs.run(MpiJobs.mpich(2), "mpi-ffm", DrillMain.class, "--out", out.toString()), 2);
    }

    @Test
    void failuresAreReportedAndAHangEndsTheJobNamingTheCase() throws Exception {
        MpiJobs.Job job = MpiJobs.run(MpiJobs.openMpi(2), "mpi-ffm", FaultyDrillMain.class, "--timeout", "15",
                "--no-csv");
        assertNotEquals(0, job.exit(), job.output());
        assertTrue(job.output().contains("FAIL fault/divergent"), job.output());
        assertTrue(job.output().contains("failed   fault/divergent/call/other:size (bad rank 1 of 2): divergent: rank 1"
                + " threw IllegalArgumentException(\"other: factor NaN"), job.output());
        assertTrue(job.output().contains("failed   fault/message-differs/call/other:size (bad rank 1 of 2): messages "
                + "differ"), job.output());
        assertTrue(job.output().contains("ok   fault/agreed-result"), job.output());
        assertTrue(job.output().contains("DRILL HANG fault/collective-before-check/call/other:size (rank "),
                job.output());
        assertFalse(job.output().contains("drills: 4 cases"), "the job must end at the hang: " + job.output());
    }

    private void check(MpiJobs.Job job, int np) throws IOException {
        List<Drill> drills = DrillSuite.drills();
        long accepted = drills.stream().filter(d -> d.expected() == Status.ACCEPTED).count();
        assertEquals(0, job.exit(), job.output());
        assertTrue(job.output().contains("drills: " + drills.size() + " cases, " + (drills.size() - accepted)
                + " rejected, " + accepted + " accepted, 0 failed, 0 hung"), job.output());
        List<String> csv;
        try (var files = Files.list(out)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("drills-.*-np" + np
                    + "-mpi-ffm\\.csv")).toList();
            assertEquals(1, found.size(), found.toString());
            csv = Files.readAllLines(found.get(0));
        }
        assertEquals("backend,np,group,method,argument,kind,bad_rank,expected,status,seconds,detail", csv.get(0));
        assertEquals(drills.size() + 1, csv.size());
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",", -1);
            assertEquals("mpi-ffm", f[0], row);
            assertEquals(Integer.toString(np), f[1], row);
            assertEquals(f[7], f[8], "expected vs status: " + row);
        }
    }
}
