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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        return run(launcher, jvmOptions, null, main, args);
    }

    /**
     * Runs {@code main} under {@code launcher} like {@link #run(List, List, Class, String...)}, in
     * the working directory {@code workDir} (where a crashing JVM would leave its
     * {@code hs_err_pid*.log}).
     *
     * @param workDir the job's working directory; null for this JVM's
     */
    public static Job run(List<String> launcher, List<String> jvmOptions, Path workDir, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = command(launcher, jvmOptions, main, args);
        Job job = start(cmd, workDir).finish(JOB_TIMEOUT_S);
        if (job.exit() != 0 && job.output().isBlank()) {
            // The launcher itself failed before any rank printed anything (seen once with MPICH's
            // Hydra on a loaded machine); one more try tells a launcher hiccup from a broken job.
            job = start(cmd, workDir).finish(JOB_TIMEOUT_S);
        }
        return job;
    }

    /**
     * Starts {@code main} under {@code launcher} and returns at once, for tests that act on the
     * job while it runs (signal it). Close the result to kill what is left of the job.
     *
     * @param workDir the job's working directory; null for this JVM's
     */
    public static Running start(List<String> launcher, List<String> jvmOptions, Path workDir, Class<?> main,
            String... args) throws IOException {
        return start(command(launcher, jvmOptions, main, args), workDir);
    }

    /** The command line: launcher, this JVM's java and class path, short-job JVM options, main and args. */
    private static List<String> command(List<String> launcher, List<String> jvmOptions, Class<?> main, String... args) {
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
        return cmd;
    }

    private static Running start(List<String> cmd, Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Path log = Files.createTempFile("jlops-mpirun", ".log");
        pb.redirectOutput(log.toFile());
        return new Running(pb.start(), log, cmd);
    }

    /** A job started by {@link #start}: the launcher's process and the job's output so far. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final List<String> cmd;

        private Running(Process process, Path log, List<String> cmd) {
            this.process = process;
            this.log = log;
            this.cmd = cmd;
        }

        /** The launcher's process id. */
        public long launcherPid() {
            return process.pid();
        }

        /** stdout and stderr of every rank so far. */
        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /**
         * Waits until the output holds {@code count} matches of {@code pattern}; fails the test
         * when the job ends first or {@code timeoutS} pass.
         *
         * @return the matches' first groups (or whole matches when the pattern has no group)
         */
        public List<String> await(Pattern pattern, int count, long timeoutS) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (true) {
                List<String> found = new ArrayList<>();
                Matcher m = pattern.matcher(output());
                while (m.find()) {
                    found.add(m.groupCount() > 0 ? m.group(1) : m.group());
                }
                if (found.size() >= count) {
                    return found;
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail((process.isAlive() ? "no " : "the job ended before ") + count + " lines matching '" + pattern
                            + "' within " + timeoutS + " s: " + String.join(" ", cmd) + "\n" + output());
                }
                Thread.sleep(100);
            }
        }

        /**
         * Waits for the job to end; fails the test (and kills what is left) when it does not
         * end within {@code timeoutS}.
         */
        public Job finish(long timeoutS) throws IOException, InterruptedException {
            boolean done = process.waitFor(timeoutS, TimeUnit.SECONDS);
            long end = System.currentTimeMillis();
            String out = output();
            close();
            if (!done) {
                fail("job did not finish within " + timeoutS + " s: " + String.join(" ", cmd) + "\n" + out);
            }
            return new Job(process.exitValue(), out, end);
        }

        /** Kills what is left of the job and deletes its output. */
        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }
}
