package org.jlops.mpi.verify.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The property suite under Open MPI with the FFM backend at np = 1, 2, 3 and 4 (few tries), and a run with
 * an injected bug that must fail on every rank with exit status 1. Skipped (with the reason) when
 * {@code mpirun.openmpi} is missing, unless {@code JLOPS_REQUIRE_MPI} is set, as
 * {@code scripts/test.sh} does after installing it.
 */
class MpirunVerifyTest {

    private static final long JOB_TIMEOUT_S = 300;

    @TempDir
    Path out;

    @ParameterizedTest(name = "the whole suite under mpirun, np={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void wholeSuitePasses(int np) throws Exception {
        Job job = run(np, "org.jlops.mpi.verify.run.VerifyMain", "--tries", "3", "--out", out.toString());
        int checks = Suite.checks().size();
        assertEquals(0, job.exit, job.output);
        assertTrue(job.output.contains("verify: " + checks + " passed, 0 failed"), job.output);
        List<String> csv = Files.readAllLines(onlyCsv());
        assertEquals("backend,np,property,subject,tries,seed,status,max_rel_err,notes", csv.get(0));
        assertEquals(checks + 1, csv.size(), String.join("\n", csv));
        for (String row : csv.subList(1, csv.size())) {
            assertTrue(row.startsWith("mpi-ffm," + np + ",") && row.contains(",3,20261203,passed,"), row);
        }
    }

    @Test
    void anInjectedBugFailsTheJobOnEveryRank() throws Exception {
        Job job = run(2, FaultyVerifyMain.class.getName(), "--tries", "20", "--out", out.toString());
        assertEquals(1, job.exit, job.output);
        assertTrue(job.output.contains("FAIL adjoint/MPIBlockDiag+wrong-sign-adjoint"), job.output);
        assertTrue(job.output.contains("ok   reference/MPIBlockDiag"), job.output);
        assertTrue(job.output.contains("verify: 1 passed, 1 failed"), job.output);
        String csv = Files.readString(onlyCsv());
        assertTrue(csv.contains(",failed,") && csv.contains(",passed,"), csv);
    }

    // ------------------------------------------------------------------------------------------

    private Path onlyCsv() throws IOException {
        try (var files = Files.list(out)) {
            List<Path> csvs = files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
            assertEquals(1, csvs.size(), csvs.toString());
            return csvs.get(0);
        }
    }

    private record Job(int exit, String output) {
    }

    private static String launcher() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "mpirun.openmpi");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (System.getenv("JLOPS_REQUIRE_MPI") != null) {
            fail("mpirun.openmpi not found on PATH although JLOPS_REQUIRE_MPI is set (scripts/setup.sh installs it)");
        }
        Assumptions.abort("mpirun.openmpi not found on PATH: run scripts/setup.sh to install MPI");
        return null;
    }

    private static Job run(int np, String main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-run-as-root");
        }
        cmd.addAll(List.of("--oversubscribe", "-np", Integer.toString(np)));
        String java = ProcessHandle.current().info().command().orElse("java");
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djlops.comm.backend=mpi-ffm", "-cp",
                System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("jlops-verify", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(JOB_TIMEOUT_S, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (!done) {
            fail("job did not finish within " + JOB_TIMEOUT_S + " s: " + String.join(" ", cmd) + "\n" + output);
        }
        return new Job(p.exitValue(), output);
    }
}
