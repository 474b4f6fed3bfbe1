package org.jlops.mpi.comm.ompijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link OmpiJavaSmoke} under Open MPI's {@code mpirun}. Skipped when Open MPI or a half of
 * the Java bindings is missing (no {@code mpirun}, no {@code mpi.jar}: {@code scripts/setup.sh}
 * provides both); with {@code JLOPS_REQUIRE_MPI=1} a missing Open MPI fails instead.
 */
class OmpiJavaMpirunTest {

    /** A guard against a hung job, not a timing assertion. */
    private static final long JOB_LIMIT_SECONDS = 180;

    private static String mpirun;

    @BeforeAll
    static void findOpenMpi() {
        mpirun = openMpiLauncher().orElse(null);
        if (mpirun == null && "1".equals(System.getenv("JLOPS_REQUIRE_MPI"))) {
            fail("JLOPS_REQUIRE_MPI=1 but no Open MPI mpirun on PATH");
        }
        assumeTrue(mpirun != null, "Open MPI's mpirun is not on PATH");
        BindingsLocator locator = BindingsLocator.fromSystem();
        String missing = null;
        try {
            locator.jar(locator.library());
        } catch (IllegalStateException e) {
            missing = e.getMessage();
        }
        assumeTrue(missing == null, missing);
    }

    private static Optional<String> openMpiLauncher() {
        for (String name : List.of("mpirun.openmpi", "mpirun")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p) && isOpenMpi(p)) {
                    return Optional.of(p.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isOpenMpi(Path launcher) {
        try {
            Process pr = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return pr.waitFor(30, TimeUnit.SECONDS) && out.contains("Open MPI");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Job(int exitCode, String output) {
    }

    private static Job mpirun(int np, List<String> jvmOptions, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mpirun, "-np", String.valueOf(np), "--oversubscribe"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-run-as-root");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Djlops.comm.backend=ompi-java");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OmpiJavaSmoke.class.getName(), mode));
        Path log = Files.createTempFile("ompijava-mpirun", ".log");
        try {
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!pr.waitFor(JOB_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                pr.descendants().forEach(ProcessHandle::destroyForcibly);
                pr.destroyForcibly();
                fail("mpirun job did not end within " + JOB_LIMIT_SECONDS + " s: " + cmd + "\n"
                        + Files.readString(log));
            }
            return new Job(pr.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void everyCallWithMixedHeapAndOffHeapBuffersAtThreeRanks() throws Exception {
        Job job = mpirun(3, List.of(), "ok");
        assertEquals(0, job.exitCode(), job.output());
    }

    @Test
    void messagesLongerThanTheChunkAreCutAndReassembled() throws Exception {
        Job job = mpirun(2, List.of("-Djlops.comm.chunkElements=100", "-D" + OmpiJavaCommunicator.CALL_BYTES_PROPERTY
                + "=512"), "ok");
        assertEquals(0, job.exitCode(), job.output());
    }

    @Test
    void uncaughtExceptionOnOneRankAbortsTheJob() throws Exception {
        Job job = mpirun(3, List.of(), "throw");
        assertNotEquals(0, job.exitCode(), job.output());
        assertTrue(job.output().contains("[ompi-java] rank 1: uncaught exception"), job.output());
        assertTrue(job.output().contains("smoke: rank 1 fails on purpose"), job.output());
    }
}
