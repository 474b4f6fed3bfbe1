package org.jlops.mpi.verify.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
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
    private static final long JOB_TIMEOUT_S = 240;

    @ParameterizedTest(name = "mpi-ffm under Open MPI, np={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void ffmUnderOpenMpi(int np) throws Exception {
        Job job = run(openMpi(np), "mpi-ffm", CommunicatorConformance.class);
        job.assertAllPassed();
    }

    @Test
    void ffmUnderMpich() throws Exception {
        Job job = run(mpich(3), "mpi-ffm", CommunicatorConformance.class);
        job.assertAllPassed();
    }

    @Test
    void ompiJavaUnderOpenMpi() throws Exception {
        Job job = run(openMpi(3), "ompi-java", CommunicatorConformance.class);
        job.assertAllPassed();
    }

    @ParameterizedTest(name = "a throwing rank ends the {0} job")
    @ValueSource(strings = {"mpi-ffm", "ompi-java"})
    void throwingRankEndsTheJob(String backend) throws Exception {
        Job job = run(openMpi(3), backend, FailureDrill.class);
        assertNotEquals(0, job.exit, "job must exit non-zero\n" + job.output);
        assertTrue(job.output.contains("drill: rank 1 fails on purpose"), "exception on stderr\n" + job.output);
        assertTrue(!job.output.contains("was not stopped"), "a rank went on\n" + job.output);
        Matcher m = Pattern.compile("drill: throwing at (\\d+)").matcher(job.output);
        assertTrue(m.find(), job.output);
        long stopSeconds = (job.endMillis - Long.parseLong(m.group(1))) / 1000;
        assertTrue(stopSeconds <= 10, "the job took " + stopSeconds + " s to stop after the exception (limit 10 s)");
    }

    @ParameterizedTest(name = "a throwing rank ends the mpi-ffm job under MPICH")
    @ValueSource(ints = {3})
    void throwingRankEndsTheMpichJob(int np) throws Exception {
        Job job = run(mpich(np), "mpi-ffm", FailureDrill.class);
        assertNotEquals(0, job.exit, "job must exit non-zero\n" + job.output);
        assertTrue(job.output.contains("drill: rank 1 fails on purpose"), job.output);
    }

    // ------------------------------------------------------------------------------------------

    private record Job(int exit, String output, long endMillis) {
        void assertAllPassed() {
            assertEquals(0, exit, "exit status\n" + output);
            assertTrue(output.contains("conformance: " + CHECKS + " passed, 0 failed"), output);
        }
    }

    private static List<String> openMpi(int np) {
        String launcher = find("mpirun.openmpi", "JLOPS_REQUIRE_MPI");
        List<String> cmd = new ArrayList<>(List.of(launcher));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-run-as-root");
        }
        cmd.addAll(List.of("--oversubscribe", "-np", Integer.toString(np)));
        return cmd;
    }

    private static List<String> mpich(int np) {
        String launcher = find("mpiexec.hydra", "JLOPS_REQUIRE_MPICH");
        return new ArrayList<>(List.of(launcher, "-n", Integer.toString(np)));
    }

    private static String find(String launcher, String requireVar) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, launcher);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (System.getenv(requireVar) != null) {
            fail(launcher + " not found on PATH although " + requireVar + " is set (scripts/setup.sh installs it)");
        }
        Assumptions.abort(launcher + " not found on PATH: run scripts/setup.sh to install MPI");
        return null;
    }

    private static Job run(List<String> launcher, String backend, Class<?> main)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(launcher);
        String java = ProcessHandle.current().info().command().orElse("java");
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djlops.comm.backend=" + backend, "-Djlops.comm.chunkElements=1000"));
        String libDir = System.getProperty("jlops.test.mpiJavaLibDir");
        if (libDir != null && !libDir.isBlank()) {
            cmd.add("-Djava.library.path=" + libDir);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = Files.createTempFile("jlops-mpirun", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(JOB_TIMEOUT_S, TimeUnit.SECONDS);
        long end = System.currentTimeMillis();
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (!done) {
            fail("job did not finish within " + JOB_TIMEOUT_S + " s: " + String.join(" ", cmd) + "\n" + out);
        }
        return new Job(p.exitValue(), out, end);
    }
}
