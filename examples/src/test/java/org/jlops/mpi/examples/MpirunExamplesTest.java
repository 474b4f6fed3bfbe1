package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples under {@code mpirun -np 4} (Open MPI, backend mpi-ffm): every example in one job
 * through {@link Examples}, and one example through its own {@code main}. What rank 0 prints must
 * be what the same examples print on 4 in-JVM ranks (but the backend's name and the figure lines),
 * and every promised figure must be a valid PNG. Skipped with the reason when Open MPI's launcher
 * is missing, unless {@code JLOPS_REQUIRE_MPI} is set (as {@code scripts/test.sh} does after
 * installing it), as {@code verify}'s mpirun tests do.
 */
class MpirunExamplesTest {

    private static final int NP = 4;
    private static final long TIMEOUT_S = 300;

    @Test
    void everyExampleRunsUnderMpirunAndPrintsWhatInJvmRanksPrint(@TempDir Path dir) throws Exception {
        Path figures = dir.resolve("figures");
        String out = mpirun(dir, Examples.class, "--out", figures.toString());
        StringBuilder expected = new StringBuilder();
        for (String name : ExamplesTest.FIGURES.keySet()) {
            expected.append(expected.isEmpty() ? "" : "\n").append(Runs.output(name, NP).text());
        }
        assertEquals(asMpi(expected.toString()), printedLines(out), "rank 0's output under mpirun vs in-JVM ranks");
        for (Map.Entry<String, List<String>> e : ExamplesTest.FIGURES.entrySet()) {
            for (String f : e.getValue()) {
                ExamplesTest.checkPng(figures.resolve(f));
                if (!out.contains("   figure " + figures.resolve(f) + ": ")) {
                    fail("no line for figure " + f + " in\n" + out);
                }
            }
        }
    }

    @Test
    void anExamplesOwnMainRunsUnderMpirun(@TempDir Path dir) throws Exception {
        String out = mpirun(dir, HaloExample.class, "--no-figures");
        assertEquals(asMpi(Runs.output("halo", NP).text()), printedLines(out), "HaloExample under mpirun");
    }

    /** In-JVM text as mpirun prints it: the backend's name. */
    private static String asMpi(String text) {
        return text.replace("   " + NP + " ranks, backend local", "   " + NP + " ranks, backend mpi-ffm");
    }

    /** The job's output from the first example header on, without figure lines. */
    private static String printedLines(String out) {
        int start = out.indexOf("== ");
        if (start < 0) {
            fail("no example header in\n" + out);
        }
        StringBuilder b = new StringBuilder();
        for (String line : out.substring(start).split("\n", -1)) {
            if (!line.startsWith("   figure ")) {
                b.append(line).append('\n');
            }
        }
        return b.toString().stripTrailing() + "\n";
    }

    /**
     * Runs {@code main} with {@code args} under {@code mpirun -np 4} in {@code dir} with this JVM's
     * java and class path; returns the output after checking the exit status.
     */
    private static String mpirun(Path dir, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-run-as-root");
        }
        cmd.addAll(List.of("--oversubscribe", "-np", Integer.toString(NP)));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djlops.comm.backend=mpi-ffm", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("mpirun.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!done) {
            fail("mpirun did not finish within " + TIMEOUT_S + " s: " + String.join(" ", cmd) + "\n" + out);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    /** Open MPI's launcher; skips the test when it is missing, fails when JLOPS_REQUIRE_MPI is set. */
    private static String launcher() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "mpirun.openmpi");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (System.getenv("JLOPS_REQUIRE_MPI") != null) {
            fail("mpirun.openmpi not found on PATH although JLOPS_REQUIRE_MPI is set (scripts/setup.sh installs it)");
        }
        Assumptions.abort("mpirun.openmpi not found on PATH: run scripts/setup.sh to install Open MPI");
        return null;
    }
}
