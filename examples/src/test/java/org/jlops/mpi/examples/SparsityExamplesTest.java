package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparsity examples and tutorials on in-JVM ranks: the checks they print pass, the recoveries
 * are accurate, the promised figures are valid PNGs, and the tutorials print the same values at 1
 * and 3 ranks (headers aside; the registered examples {@code prox} and {@code proxsolver} are
 * compared at 1..4 ranks by {@link ExamplesTest}).
 */
class SparsityExamplesTest {

    @TempDir
    Path dir;

    /** What {@code program} prints at {@code np} in-JVM ranks (rank 0's text; every rank returns it). */
    private String run(SparsityProgram program, int np, boolean figures) {
        program.out = dir;
        program.noFigures = !figures;
        program.tiny = true;
        List<String> texts = LocalCluster.call(np, program::run);
        return texts.get(0);
    }

    /** What {@code example} prints at {@code np} in-JVM ranks (rank 0's text), figures into the test's folder or none. */
    private String run(Example example, int np, boolean figures) {
        example.figures(figures ? dir : null);
        return LocalCluster.call(np, comm -> example.run(comm).text()).get(0);
    }

    /** The text without the lines naming the rank count. */
    private static String values(String text) {
        return text.replaceAll("(?m)^.*\\d+ ranks.*$", "");
    }

    private static double number(String text, String before) {
        String words = String.join("\\s+", java.util.Arrays.stream(before.trim().split("\\s+")).map(Pattern::quote)
                .toList());
        Matcher m = Pattern.compile(words + "\\s*([-+0-9.eE]+)").matcher(text);
        assertTrue(m.find(), "no '" + before + "' in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static void assertPng(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " written");
        try (InputStream in = Files.newInputStream(png); DataInputStream d = new DataInputStream(in)) {
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, d.readNBytes(8), png
                    .toString());
        }
    }

    @Test
    void proxPrintsItsChecksAndTheFigure() throws Exception {
        // the same values at every rank count: ExamplesTest (a registered example)
        String three = run(new ProxExample(), 3, true);
        assertTrue(three.lines().filter(l -> l.contains(" equal to ")).allMatch(l -> l.endsWith(": true")), three);
        assertEquals(7, three.lines().filter(l -> l.contains(" equal to ")).count(), three);
        assertEquals(540.0, number(three, "||x||_1 (sigma 2): distributed"), 0);
        assertTrue(number(three, "(1 + tau sigma) =") < 1e-12, three);
        assertTrue(three.contains("Box [1, 5]: f = Infinity (the indicator; inside: false)"), three);
        assertPng(dir.resolve("prox.png"));
    }

    @Test
    void proxSolverRecoversTheSpikesAndDenoises() throws Exception {
        String three = run(new ProxSolverExample(), 3, true);
        assertTrue(number(three, "relative difference") < 1e-10, three);
        assertTrue(number(three, "||x_pg - x_true|| / ||x_true|| =") < 0.02, three);
        double noisy = number(three, "||noisy - true|| / ||true|| =");
        double denoised = number(three, "100 x 5 iterations: ||x - true|| / ||true|| =");
        assertTrue(denoised < 0.5 * noisy, three);
        assertPng(dir.resolve("proxsolver-pg.png"));
        assertPng(dir.resolve("proxsolver-admm.png"));
    }

    @Test
    void reflectivityRecoversTheReflectivity() throws Exception {
        String one = run(new ReflectivityTutorial(), 1, false);
        String three = run(new ReflectivityTutorial(), 3, true);
        assertEquals(values(one), values(three));
        Matcher m = Pattern.compile("\\|\\|r_inv - r\\|\\| / \\|\\|r\\|\\| = ([0-9.]+)").matcher(three);
        int found = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) < 0.05, three);
            found++;
        }
        assertEquals(2, found, three);
        assertPng(dir.resolve("reflectivity.png"));
        assertPng(dir.resolve("reflectivity-trace.png"));
    }

    @Test
    void poststackInversionsImproveOnTheBackground() throws Exception {
        String one = run(new PoststackTutorial(), 1, false);
        String three = run(new PoststackTutorial(), 3, true);
        assertEquals(values(one), values(three));
        double background = number(three, "background:         ||m_inv - m|| / ||m|| =");
        assertTrue(number(three, "CGLS:               ||m_inv - m|| / ||m|| =") < background, three);
        assertTrue(number(three, "TV (ADMML2):        ||m_inv - m|| / ||m|| =") < background, three);
        assertPng(dir.resolve("poststack.png"));
    }
}
