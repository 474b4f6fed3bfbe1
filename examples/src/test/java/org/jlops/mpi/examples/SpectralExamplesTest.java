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
 * The spectral examples' values ({@link FftsExample}, {@link MdcExample}, {@link NonStatConvExample}
 * print checks that must hold) and the {@code mdd} tutorial ({@link MddTutorial}) at a tiny size:
 * the same values at 1 and 3 in-JVM ranks, CGLS lowering the data residual, the inversion closer
 * to the model than the best-scaled adjoint, and its figure a valid PNG.
 */
class SpectralExamplesTest {

    @TempDir
    Path dir;

    private static double number(String text, String before) {
        Matcher m = Pattern.compile(Pattern.quote(before) + "\\s*([-+0-9.eE]+)").matcher(text);
        assertTrue(m.find(), "no '" + before + "' in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void examplesPrintTheirChecks() {
        String ffts = Runs.output("ffts", 3).text();
        assertEquals(2, ffts.lines().filter(l -> l.contains("max |d - dinv| = < 1e-10")).count(), ffts);
        assertTrue(ffts.contains("|D| peaks at f1 = 9.3750 Hz"), ffts);
        assertTrue(ffts.contains("total = < 1e-20"), ffts);
        String nonstat = Runs.output("nonstatconv", 3).text();
        assertEquals(4, nonstat.lines().filter(l -> l.endsWith("_serial| = 0.0")).count(), nonstat);
        String mdc = Runs.output("mdc", 2).text();
        assertTrue(mdc.contains("relative difference < 1e-4 (float32)"), mdc);
    }

    @Test
    void mddInvertsBetterThanTheAdjoint() throws Exception {
        String one = run(1, false);
        String three = run(3, true);
        assertEquals(one.replaceAll("(?m)^==.*$", ""), three.replaceAll("(?m)^==.*$", "").replace(
                "   wrote " + dir.resolve("mdd.png") + "\n", ""));
        double first = number(three, "||d - MDCop m|| from");
        double last = number(three, first == 0 ? "to" : String.format(java.util.Locale.ROOT, "from %.3e to", first));
        assertTrue(last < 0.1 * first, three);
        double inv = number(three, "||minv - m|| / ||m|| =");
        double adj = number(three, "(best-scaled adjoint:");
        assertTrue(inv < adj, three);
        Path png = dir.resolve("mdd.png");
        try (InputStream in = Files.newInputStream(png); DataInputStream d = new DataInputStream(in)) {
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, d.readNBytes(8));
        }
    }

    private String run(int np, boolean figures) {
        MddTutorial t = new MddTutorial();
        t.out = dir;
        t.noFigures = !figures;
        t.tiny = true;
        List<String> texts = LocalCluster.call(np, t::run);
        return texts.get(0);
    }
}
