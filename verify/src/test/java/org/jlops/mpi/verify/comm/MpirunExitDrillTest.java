package org.jlops.mpi.verify.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jlops.mpi.verify.MpiJobs;
import org.jlops.mpi.verify.MpiJobs.Job;
import org.jlops.mpi.verify.MpiJobs.Running;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14's exit drills ({@link ExitDrill}) under real launchers, each job in a fresh working
 * directory: {@code System.exit} on one rank, SIGTERM and SIGINT while every rank is inside an MPI
 * call, a normal end, and an MPI library that is not the launcher's. A job must end within
 * {@value #BOUND_S} s of the event, with the status and message asked for, and leave no JVM crash
 * file ({@code hs_err_pid*.log}). Open MPI at np 2 and 3, MPICH at np 2; skipped (with the reason)
 * when a launcher is missing, unless {@code JLOPS_REQUIRE_MPI} / {@code JLOPS_REQUIRE_MPICH} is set.
 */
class MpirunExitDrillTest {

    /** Seconds from the event to the end of the job (issue 14). */
    private static final long BOUND_S = 10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} np={1} {2}: {3}")
    @CsvSource({
        "openmpi, 2, mpi-ffm, exit-before",
        "openmpi, 3, mpi-ffm, exit-during",
        "mpich, 2, mpi-ffm, exit-during",
        "openmpi, 3, ompi-java, exit-during"})
    void exitOnOneRankEndsTheJob(String mpi, int np, String backend, String mode) throws Exception {
        Job job = MpiJobs.run(launcher(mpi, np), List.of("-Djlops.comm.backend=" + backend), dir, ExitDrill.class,
                mode);
        String out = job.output();
        Matcher exit = Pattern.compile("drill: rank 1 calls System.exit\\(0\\) at (\\d+)").matcher(out);
        assertTrue(exit.find(), out);
        long ms = job.endMillis() - Long.parseLong(exit.group(1));
        assertTrue(ms <= BOUND_S * 1000, "the job ended " + ms + " ms after System.exit (limit " + BOUND_S + " s)\n"
                + out);
        assertNotEquals(0, job.exit(), out);
        assertTrue(out.contains("rank 1 of " + np + ": MPI_Finalize did not return within 5.0 s"), out);
        assertFalse(out.contains("was not stopped"), out);
        assertNoCrash(out);
    }

    @ParameterizedTest(name = "{0} np={1} {2}")
    @CsvSource({"openmpi, 3, mpi-ffm", "mpich, 2, mpi-ffm", "openmpi, 2, ompi-java"})
    void normalEndsFinaliseWithStatusZero(String mpi, int np, String backend) throws Exception {
        Job job = MpiJobs.run(launcher(mpi, np), List.of("-Djlops.comm.backend=" + backend), dir, ExitDrill.class,
                "normal");
        String out = job.output();
        assertEquals(0, job.exit(), out);
        for (int r = 0; r < np; r++) {
            assertTrue(out.contains("drill: rank " + r + " ends normally, sum " + np * (np - 1) / 2 + ".0"), out);
        }
        assertFalse(out.contains("MPI_Finalize did not return"), out);
        assertNoCrash(out);
    }

    /**
     * A signal while every rank waits inside an MPI call. {@code status}: {@code nonzero}, or
     * {@code launcher's} where MPICH's {@code mpiexec} itself got SIGINT: it forwards it and then
     * reports 0 or not as it likes, whatever the processes returned (it reports 0 for
     * {@code mpiexec -n 2 sleep 30} too); a terminal's Ctrl-C also reaches the ranks, the row above.
     */
    @ParameterizedTest(name = "{0} np={1} {2}: SIG{3} to {4}")
    @CsvSource({
        "openmpi, 2, mpi-ffm, TERM, ranks, nonzero",
        "openmpi, 3, mpi-ffm, TERM, rank 1, nonzero",
        "openmpi, 3, mpi-ffm, INT, launcher, nonzero",
        "mpich, 2, mpi-ffm, TERM, ranks, nonzero",
        "mpich, 2, mpi-ffm, INT, ranks, nonzero",
        "mpich, 2, mpi-ffm, INT, launcher, launcher's",
        "openmpi, 2, ompi-java, TERM, ranks, nonzero"})
    void signalWhileEveryRankIsInsideAnMpiCallEndsTheJob(String mpi, int np, String backend, String signal,
            String target, String status) throws Exception {
        try (Running job = MpiJobs.start(launcher(mpi, np), List.of("-Djlops.comm.backend=" + backend), dir,
                ExitDrill.class, "in-mpi")) {
            List<String> pids = job.await(Pattern.compile("drill: rank \\d+ pid (\\d+) enters MPI"), np, 120);
            Thread.sleep(1000); // every rank now waits inside MPI_Recv or MPI_Allreduce
            List<String> to = switch (target) {
                case "ranks" -> pids;
                case "launcher" -> List.of(Long.toString(job.launcherPid()));
                default -> List.of(rankPid(job.output(), 1));
            };
            long sent = System.currentTimeMillis();
            kill(signal, to);
            Job done = job.finish(MpiJobs.JOB_TIMEOUT_S);
            String out = done.output();
            long ms = done.endMillis() - sent;
            assertTrue(ms <= BOUND_S * 1000, "the job ended " + ms + " ms after SIG" + signal + " (limit " + BOUND_S
                    + " s)\n" + out);
            if (status.equals("nonzero")) {
                assertNotEquals(0, done.exit(), out);
            }
            assertFalse(out.contains("left MPI"), out);
            assertNoCrash(out);
        }
    }

    @ParameterizedTest(name = "{1} under {0}'s launcher, np=2")
    @CsvSource({
        "mpich, -Djlops.mpi.abi=openmpi, PMI_SIZE=2, 'mpi-ffm (openmpi ABI, libmpi.so.40, forced by -Djlops.mpi.abi=openmpi)'",
        "openmpi, -Djlops.mpi.abi=mpich, OMPI_COMM_WORLD_SIZE=2, 'mpi-ffm (mpich ABI, libmpich.so.12, forced by -Djlops.mpi.abi=mpich)'",
        "mpich, -Djlops.comm.backend=ompi-java, PMI_SIZE=2, ompi-java (Open MPI Java bindings"})
    void anMpiThatIsNotTheLaunchersIsReported(String mpi, String option, String variable, String library)
            throws Exception {
        MpiJobs.openMpi(2); // both MPIs are needed: skips (or fails when required) without Open MPI
        Job job = MpiJobs.run(launcher(mpi, 2), List.of(option), dir, ExitDrill.class, "normal");
        String out = job.output();
        assertNotEquals(0, job.exit(), out);
        assertTrue(out.contains(library), out);
        assertTrue(out.contains("the launcher started 2 processes (" + variable + ") but MPI_Comm_size(MPI_COMM_WORLD)"
                + " = 1 in this library"), out);
        assertFalse(out.contains("ends normally"), "a rank ran alone\n" + out);
        assertNoCrash(out);
    }

    // ------------------------------------------------------------------------------------------

    private static List<String> launcher(String mpi, int np) {
        return mpi.equals("mpich") ? MpiJobs.mpich(np) : MpiJobs.openMpi(np);
    }

    private static String rankPid(String output, int rank) {
        Matcher m = Pattern.compile("drill: rank " + rank + " pid (\\d+) enters MPI").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    private static void kill(String signal, List<String> pids) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        cmd.addAll(pids);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    /** No JVM crashed: no crash file in the job's working directory, no fatal-error banner. */
    private void assertNoCrash(String output) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> crashes = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid"))
                    .toList();
            assertEquals(List.of(), crashes, "JVM crash files\n" + output);
        }
        assertFalse(output.contains("A fatal error has been detected by the Java Runtime Environment"), output);
    }
}
