package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The examples as programs: the registry, the same global values at 1..4 in-JVM ranks, the figures
 * (valid PNGs of a sensible size, the files each example promises), and the command lines. The
 * values themselves are checked in {@link ExampleValuesTest}, the runs under mpirun in
 * {@link MpirunExamplesTest}.
 */
class ExamplesTest {

    /** The figures each example writes (the README's table lists the same). */
    static final Map<String, List<String>> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("distributed_array", List.of("distributed-array-axis0.png", "distributed-array-axis1.png",
                "distributed-array-local-shapes.png", "distributed-array-arithmetic.png"));
        FIGURES.put("stacked_array", List.of("stacked-array.png", "stacked-array-inversion.png"));
        FIGURES.put("derivative", List.of("derivative-first.png", "derivative-second.png", "derivative-laplacian.png",
                "derivative-gradient.png"));
        FIGURES.put("mpilinop", List.of("mpilinop-forward.png", "mpilinop-adjoint.png"));
        FIGURES.put("stacking", List.of("stacking-vstack.png", "stacking-hstack.png", "stacking-blockdiag.png"));
        FIGURES.put("cgls", List.of("cgls-cost.png", "cgls-inversion.png"));
        FIGURES.put("halo", List.of("halo-1d.png", "halo-2d.png"));
        FIGURES.put("matrixmult", List.of("matrixmult.png"));
        FIGURES.put("summamatrixmult", List.of("summamatrixmult.png"));
        FIGURES.put("ffts", List.of("ffts-2d.png", "ffts-nd.png"));
        FIGURES.put("mdc", List.of("mdc.png"));
        FIGURES.put("nonstatconv", List.of("nonstatconv-1d.png", "nonstatconv-2d.png"));
        FIGURES.put("prox", List.of("prox.png"));
        FIGURES.put("proxsolver", List.of("proxsolver-pg.png", "proxsolver-admm.png"));
    }

    @Test
    void everyExampleIsRegisteredOnceUnderItsCommandName() {
        Set<String> names = new HashSet<>();
        Set<Class<?>> classes = new HashSet<>();
        for (Supplier<Example> s : Examples.ALL) {
            Example e = s.get();
            assertTrue(names.add(e.name()), "registered twice: " + e.name());
            assertTrue(classes.add(e.getClass()), "class registered twice: " + e.getClass());
            assertTrue(e.pylopsName().startsWith("examples/plot_") && e.pylopsName().endsWith(".py"), e.pylopsName());
            assertFalse(e.summary().isBlank(), e.name());
        }
        assertEquals(FIGURES.keySet(), names, "the examples and their promised figures");
    }

    @Test
    void everyExamplePrintsTheSameGlobalValuesAtEveryRankCount() {
        for (String name : FIGURES.keySet()) {
            Example.Output one = Runs.output(name, 1);
            assertTrue(one.invariant().startsWith("== " + name + " (PyLops-MPI "), one.text());
            assertTrue(one.invariant().lines().count() > 8, name + " printed little:\n" + one.text());
            for (int np = 2; np <= Runs.MAX_NP; np++) {
                Example.Output o = Runs.output(name, np);
                assertEquals(one.invariant(), o.invariant(), name + ": np=" + np + " differs from np=1");
                assertTrue(o.text().contains("   " + np + " ranks, backend local"), o.text());
                assertNotEquals(o.invariant(), o.text(), name + " at np=" + np + " printed no per-rank line");
            }
        }
    }

    @Test
    void everyDotTestPassesAndNothingFails() {
        for (String name : FIGURES.keySet()) {
            for (int np = 1; np <= Runs.MAX_NP; np++) {
                String text = Runs.output(name, np).text();
                assertFalse(text.contains("FAILED") || text.contains("False") || text.contains(" NO"),
                        name + " at np=" + np + ":\n" + text);
            }
        }
    }

    @Test
    void everyExampleWritesItsFiguresAsPngs(@TempDir Path dir) throws IOException {
        for (Map.Entry<String, List<String>> e : FIGURES.entrySet()) {
            Path out = dir.resolve(e.getKey());
            List<Example.Output> outs = LocalCluster.call(2, comm -> Runs.example(e.getKey()).figures(out).run(comm));
            List<Path> expected = new ArrayList<>();
            for (String f : e.getValue()) {
                expected.add(out.resolve(f));
            }
            assertEquals(expected, outs.get(0).figures(), e.getKey() + ": figures");
            assertEquals(outs.get(0), outs.get(1), e.getKey() + ": ranks differ");
            try (var files = Files.list(out)) {
                assertEquals(expected.size(), files.count(), e.getKey() + ": files in " + out);
            }
            for (Path p : expected) {
                checkPng(p);
                assertTrue(outs.get(0).text().contains("   figure " + p + ": "), "the figure's line: " + p);
            }
        }
    }

    /** A PNG (signature), readable, at least 400x300 pixels, under 2 MB, and not blank. */
    static void checkPng(Path p) throws IOException {
        assertTrue(Files.isRegularFile(p), "missing " + p);
        byte[] bytes = Files.readAllBytes(p);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < signature.length; i++) {
            assertEquals(signature[i], bytes[i], p + ": not a PNG");
        }
        assertTrue(bytes.length < 2_000_000, p + ": " + bytes.length + " bytes");
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null, p + ": unreadable");
        assertTrue(img.getWidth() >= 400 && img.getHeight() >= 300 && img.getWidth() <= 2400 && img.getHeight() <= 1600,
                p + ": " + img.getWidth() + "x" + img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, p + ": only " + colours.size() + " colours, blank?");
    }

    @Test
    void anExamplesMainRunsOnInJvmRanksAndRankZeroPrints() {
        String text = console(new CglsExample(), "--np", "3", "--no-figures", "--niter", "4");
        assertTrue(text.startsWith("== cgls (PyLops-MPI examples/plot_cgls.py)"), text);
        assertTrue(text.contains("   3 ranks, backend local"), text);
        assertEquals(1, text.split("== cgls", -1).length - 1, "printed once, by rank 0:\n" + text);
        assertTrue(text.contains("4 iterations, istop = 2 (niter reached)"), text);
    }

    @Test
    void theExamplesProgramRunsTheChosenOnesAndRejectsUnknownNames() {
        String text = console(new Examples(), "--np", "2", "--no-figures", "--only", "stacking,halo");
        assertTrue(text.contains("== stacking (") && text.contains("== halo ("), text);
        assertFalse(text.contains("== cgls ("), text);
        assertTrue(text.indexOf("== stacking (") < text.indexOf("== halo ("), "in the order asked");

        String list = console(new Examples(), "--list");
        for (String name : FIGURES.keySet()) {
            assertTrue(list.contains(name), list);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new Examples());
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        assertEquals(2, cl.execute("--only", "nope"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--only: no example 'nope'; the examples are "
                + String.join(", ", FIGURES.keySet())), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, new CommandLine(new CglsExample()).setErr(new java.io.PrintWriter(new ByteArrayOutputStream()))
                .execute("--np", "0"));
    }

    /** What a command prints to System.out; fails when its exit status is not 0. */
    static String console(Callable<Integer> command, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int status;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            status = new CommandLine(command).execute(args);
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        return text;
    }
}
