package org.jlops.mpi.verify;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support shared by the mpirun tests: finds a launcher (Open MPI's {@code mpirun} or MPICH's
 * {@code mpiexec.hydra}) and runs a {@code main} class of the test class path under it on a given
 * backend, collecting the job's exit status and output. A missing launcher skips the calling test
 * (with the reason), unless {@code JLOPS_REQUIRE_MPI} / {@code JLOPS_REQUIRE_MPICH} is set, as
 * {@code scripts/test.sh} does after installing them; a job that does not finish in time is killed
 * and fails the test.
 */
public final class MpiJobs {

    /** Wall-clock limit of one job. */
    public static final long JOB_TIMEOUT_S = 240;

    private MpiJobs() {
    }

    /**
     * The outcome of one job.
     *
     * @param exit      the launcher's exit status
     * @param output    stdout and stderr of every rank, interleaved
     * @param endMillis when the job ended ({@link System#currentTimeMillis()})
     */
    public record Job(int exit, String output, long endMillis) {
    }

    /** Open MPI's launcher for {@code np} ranks (as root with {@code --allow-run-as-root}, always oversubscribing). */
    public static List<String> openMpi(int np) {
        String launcher = find("mpirun.openmpi", "JLOPS_REQUIRE_MPI");
        List<String> cmd = new ArrayList<>(List.of(launcher));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-run-as-root");
        }
        cmd.addAll(List.of("--oversubscribe", "-np", Integer.toString(np)));
        return cmd;
    }

    /** MPICH's Hydra launcher for {@code np} ranks. */
    public static List<String> mpich(int np) {
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

    /**
     * Runs {@code main} under {@code launcher} with this JVM's java and class path, the given
     * communicator backend, C1-only compilation (short jobs) and a small chunk size so that large
     * messages cross the chunking path. Fails the test if the job does not end within
     * {@link #JOB_TIMEOUT_S}. A job that exits non-zero without printing anything (the launcher
     * failed before any rank ran) is started once more.
     *
     * @param launcher the launcher command ({@link #openMpi}, {@link #mpich})
     * @param backend  the value of {@code jlops.comm.backend}
     * @param main     the class whose {@code main} each rank runs
     * @param args     its arguments
     */
    public static Job run(List<String> launcher, String backend, Class<?> main, String... args)
            throws IOException, InterruptedException {
        return run(launcher, List.of("-Djlops.comm.backend=" + backend, "-Djlops.comm.chunkElements=1000"), main, args);
    }

    /**
     * Runs {@code main} under {@code launcher} like {@link #run(List, String, Class, String...)},
     * with the given JVM options instead of the backend and chunk-size properties.
     *
     * @param launcher   the launcher command
     * @param jvmOptions options for every rank's JVM, e.g. {@code -Djlops.comm.backend=mpi-ffm}
     * @param main       the class whose {@code main} each rank runs
     * @param args       its arguments
     */
    public static Job run(List<String> launcher, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(launcher);
        String java = ProcessHandle.current().info().command().orElse("java");
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        String libDir = System.getProperty("jlops.test.mpiJavaLibDir");
        if (libDir != null && !libDir.isBlank()) {
            cmd.add("-Djava.library.path=" + libDir);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Job job = launch(cmd);
        if (job.exit() != 0 && job.output().isBlank()) {
            // The launcher itself failed before any rank printed anything (seen once with MPICH's
            // Hydra on a loaded machine); one more try tells a launcher hiccup from a broken job.
            job = launch(cmd);
        }
        return job;
    }

    private static Job launch(List<String> cmd) throws IOException, InterruptedException {
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
