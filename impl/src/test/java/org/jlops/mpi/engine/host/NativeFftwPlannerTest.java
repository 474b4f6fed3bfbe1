package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.FftKernels;
import org.jlops.mpi.engine.host.NativeFftw.Planner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFTW's planner effort ({@code jlops.fft.planner}) and wisdom ({@code jlops.fft.wisdom}): the
 * values parse, {@code FFTW_MEASURE} and {@code FFTW_PATIENT} plans give what {@code FFTW_ESTIMATE}
 * plans give and leave the caller's arrays alone, and wisdom written by one backend makes another
 * backend's plans the same bits. Skipped where FFTW does not load. FFTW's wisdom is one per process,
 * so the tests that need plans made afresh forget it first, and the class forgets it at the end (the
 * classes after it plan {@code FFTW_ESTIMATE} as without it).
 */
class NativeFftwPlannerTest {

    private static final int[] LENGTHS = {1, 2, 3, 7, 16, 4096, 1000};

    @AfterAll
    static void forgetTheMeasuredPlans() {
        if (NativeFftw.kernels(false, Planner.ESTIMATE, null) instanceof NativeFftw f) {
            f.forgetWisdom();
        }
    }

    /** FFTW with this effort and wisdom directory; the test is skipped where FFTW does not load. */
    private static NativeFftw fftw(Planner effort, Path wisdom) {
        FftKernels k = NativeFftw.kernels(false, effort, wisdom);
        assumeTrue(k instanceof NativeFftw, () -> "no FFTW here: " + k.implementation(ElementType.COMPLEX128));
        return (NativeFftw) k;
    }

    private static double[] random(Random rnd, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = 2 * rnd.nextDouble() - 1;
        }
        return v;
    }

    private static Buffer buffer(ElementType t, double[] v) {
        return FftKernelsTest.buffer(t, v);
    }

    private static double[] values(Buffer b) {
        return FftKernelsTest.values(b);
    }

    /**
     * The outputs of {@code k} on one input set: for each length, complex forward and inverse and
     * real forward and inverse of a {@code (2, n, 3)} block (strided lines, partial panels) and of a
     * {@code (19, n, 1)} block (a full panel and a partial one), one after the other in one array.
     */
    private static double[] outputs(FftKernels k, boolean dbl, int[] lengths) {
        ElementType ct = dbl ? ElementType.COMPLEX128 : ElementType.COMPLEX64;
        ElementType rt = dbl ? ElementType.FLOAT64 : ElementType.FLOAT32;
        Random rnd = new Random(29);
        List<double[]> all = new ArrayList<>();
        for (int n : lengths) {
            for (long[] shape : new long[][] {{2, 3}, {19, 1}}) {
                long outer = shape[0];
                long inner = shape[1];
                int lines = (int) (outer * inner);
                int h = n / 2 + 1;
                for (boolean inverse : new boolean[] {false, true}) {
                    Buffer x = buffer(ct, random(rnd, 2 * n * lines));
                    k.complex(x, 0, outer, n, inner, inverse);
                    all.add(values(x));
                }
                Buffer r = buffer(rt, random(rnd, n * lines));
                Buffer spectrum = Engine.host().allocate(ct, (long) h * lines);
                k.realForward(r, 0, spectrum, 0, outer, n, inner);
                all.add(values(spectrum));
                Buffer half = buffer(ct, random(rnd, 2 * h * lines));
                Buffer back = Engine.host().allocate(rt, (long) n * lines);
                k.realInverse(half, 0, back, 0, outer, n, inner);
                all.add(values(back));
            }
        }
        double[] joined = new double[all.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (double[] a : all) {
            System.arraycopy(a, 0, joined, at, a.length);
            at += a.length;
        }
        return joined;
    }

    private static void assertClose(double[] want, double[] got, double rel, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= rel * scale, what + ": max |difference| " + worst + " over max |value| " + scale);
    }

    @Test
    void plannerValuesParseInAnyCaseAndSetFftwsFlags() {
        assertSame(Planner.ESTIMATE, Planner.parse(null));
        assertSame(Planner.ESTIMATE, Planner.parse("estimate"));
        assertSame(Planner.MEASURE, Planner.parse("MEASURE"));
        assertSame(Planner.PATIENT, Planner.parse("Patient"));
        assertEquals(1 << 6, Planner.ESTIMATE.flag);
        assertEquals(0, Planner.MEASURE.flag);
        assertEquals(1 << 5, Planner.PATIENT.flag);
        assertEquals("FFTW_PATIENT", Planner.PATIENT.fftwName());
        assertNull(NativeFftw.wisdomDirectory(null));
        assertNull(NativeFftw.wisdomDirectory(""));
        assertEquals(Path.of("w", "dir"), NativeFftw.wisdomDirectory("w/dir"));
    }

    @Test
    void aBadPlannerValueIsRefusedNamingThePropertyTheValueAndTheChoices() {
        for (String bad : new String[] {"exhaustive", "", " measure", "wisdom-only"}) {
            assertEquals("-Djlops.fft.planner=" + bad + " is none of estimate, measure, patient",
                    assertThrows(IllegalArgumentException.class, () -> Planner.parse(bad)).getMessage());
        }
        // read from the property when the backend is chosen (and not turned into the JTransforms fallback)
        String before = System.getProperty(NativeFftw.PLANNER_PROPERTY);
        System.setProperty(NativeFftw.PLANNER_PROPERTY, "fast");
        try {
            String message = "-Djlops.fft.planner=fast is none of estimate, measure, patient";
            assertEquals(message, assertThrows(IllegalArgumentException.class,
                    () -> NativeFftw.kernels(false)).getMessage());
            assertEquals(message, assertThrows(IllegalArgumentException.class,
                    () -> HostFftKernels.select("auto")).getMessage());
            assertSame(JTransformsFft.INSTANCE, HostFftKernels.select("jtransforms"));
        } finally {
            if (before == null) {
                System.clearProperty(NativeFftw.PLANNER_PROPERTY);
            } else {
                System.setProperty(NativeFftw.PLANNER_PROPERTY, before);
            }
        }
    }

    @Test
    void theDefaultSaysWhatItSaidBefore() {
        NativeFftw f = fftw(Planner.ESTIMATE, null);
        String impl = f.implementation(ElementType.COMPLEX128);
        assertTrue(impl.startsWith("FFTW 3") && impl.endsWith(
                " (FFM, guru64 plans, FFTW_ESTIMATE, panels through aligned scratch)"), impl);
        assertTrue(fftw(Planner.MEASURE, null).implementation(ElementType.FLOAT32)
                .contains(", FFTW_MEASURE, panels"));
    }

    @Test
    void measuredPlansGiveWhatEstimatedPlansGive() {
        assertEffortGivesWhatEstimateGives(Planner.MEASURE, true);
    }

    @Test
    @Tag("slow") // FFTW_PATIENT plans the lengths for about 15 s; left out of mutation runs (impl/pom.xml)
    void patientPlansGiveWhatEstimatedPlansGive() {
        assertEffortGivesWhatEstimateGives(Planner.PATIENT, false);
    }

    /** The outputs of {@code effort}'s plans within 1e-12 (float64) and 1e-5 (float32, if asked) of ESTIMATE's. */
    private static void assertEffortGivesWhatEstimateGives(Planner effort, boolean single) {
        fftw(Planner.ESTIMATE, null).forgetWisdom();   // plans chosen by the cost model, not reused from a measured run
        NativeFftw estimate = fftw(Planner.ESTIMATE, null);
        double[] want = outputs(estimate, true, LENGTHS);
        double[] wantSingle = single ? outputs(estimate, false, LENGTHS) : null;
        NativeFftw f = fftw(effort, null);
        assertTrue(f.linesIndependent());
        assertClose(want, outputs(f, true, LENGTHS), 1e-12, effort + " float64");
        if (single) {
            assertClose(wantSingle, outputs(f, false, LENGTHS), 1e-5, effort + " float32");
        }
    }

    @Test
    void measuredPlansLeaveTheCallersArraysAloneOutsideTheBlock() {
        fftw(Planner.ESTIMATE, null).forgetWisdom();
        NativeFftw estimate = fftw(Planner.ESTIMATE, null);
        NativeFftw measure = fftw(Planner.MEASURE, null);
        double sentinel = -7.25e300;
        int pad = 5;
        for (int n : new int[] {5, 12, 64, 1000}) {
            for (long[] shape : new long[][] {{2, 3}, {19, 1}}) {
                long outer = shape[0];
                long inner = shape[1];
                int lines = (int) (outer * inner);
                int h = n / 2 + 1;
                String what = "n " + n + ", block (" + outer + ", " + n + ", " + inner + ")";
                Random rnd = new Random(n);
                // complex, in place and out of place: the block at element pad of a padded array
                double[] x = padded(random(rnd, 2 * n * lines), 2 * pad, sentinel);
                Buffer inPlace = Engine.host().wrap(x.clone(), ElementType.COMPLEX128);
                measure.complex(inPlace, pad, outer, n, inner, false);
                Buffer ref = Engine.host().wrap(x.clone(), ElementType.COMPLEX128);
                estimate.complex(ref, pad, outer, n, inner, false);
                assertPadded((double[]) inPlace.hostArray(), 2 * pad, sentinel, what + " complex in place");
                assertClose(values(ref), values(inPlace), 1e-12, what + " complex in place");
                Buffer src = Engine.host().wrap(x.clone(), ElementType.COMPLEX128);
                Buffer dst = Engine.host().wrap(padded(new double[2 * n * lines], 2 * pad, sentinel),
                        ElementType.COMPLEX128);
                measure.complex(src, pad, dst, pad, outer, n, inner, true);
                assertArrayEquals(x, (double[]) src.hostArray(), what + ": the input changed");
                assertPadded((double[]) dst.hostArray(), 2 * pad, sentinel, what + " complex out of place");
                // real forward: the input is not modified at all
                double[] r = padded(random(rnd, n * lines), pad, sentinel);
                Buffer real = Engine.host().wrap(r.clone(), ElementType.FLOAT64);
                Buffer spectrum = Engine.host().wrap(padded(new double[2 * h * lines], 2 * pad, sentinel),
                        ElementType.COMPLEX128);
                measure.realForward(real, pad, spectrum, pad, outer, n, inner);
                Buffer refSpectrum = Engine.host().allocate(ElementType.COMPLEX128, (long) h * lines + 2 * pad);
                estimate.realForward(Engine.host().wrap(r.clone(), ElementType.FLOAT64), pad, refSpectrum, pad, outer,
                        n, inner);
                assertArrayEquals(r, (double[]) real.hostArray(), what + ": the real input changed");
                assertPadded((double[]) spectrum.hostArray(), 2 * pad, sentinel, what + " real forward");
                assertClose(inside(values(refSpectrum), 2 * pad), inside(values(spectrum), 2 * pad), 1e-12,
                        what + " real forward");
                // real inverse: the input block is work space, but nothing outside it
                double[] half = padded(random(rnd, 2 * h * lines), 2 * pad, sentinel);
                Buffer in = Engine.host().wrap(half.clone(), ElementType.COMPLEX128);
                Buffer back = Engine.host().wrap(padded(new double[n * lines], pad, sentinel), ElementType.FLOAT64);
                measure.realInverse(in, pad, back, pad, outer, n, inner);
                Buffer refBack = Engine.host().allocate(ElementType.FLOAT64, (long) n * lines + 2 * pad);
                estimate.realInverse(Engine.host().wrap(half.clone(), ElementType.COMPLEX128), pad, refBack, pad,
                        outer, n, inner);
                assertPadded((double[]) in.hostArray(), 2 * pad, sentinel, what + " real inverse input");
                assertPadded((double[]) back.hostArray(), pad, sentinel, what + " real inverse");
                assertClose(inside(values(refBack), pad), inside(values(back), pad), 1e-12, what + " real inverse");
            }
        }
    }

    /** {@code block} with {@code pad} sentinels before and after. */
    private static double[] padded(double[] block, int pad, double sentinel) {
        double[] a = new double[block.length + 2 * pad];
        Arrays.fill(a, sentinel);
        System.arraycopy(block, 0, a, pad, block.length);
        return a;
    }

    private static void assertPadded(double[] a, int pad, double sentinel, String what) {
        for (int i = 0; i < pad; i++) {
            assertEquals(sentinel, a[i], what + ": element " + i + " before the block changed");
            assertEquals(sentinel, a[a.length - 1 - i], what + ": element " + (a.length - 1 - i)
                    + " after the block changed");
        }
    }

    private static double[] inside(double[] a, int pad) {
        return Arrays.copyOfRange(a, pad, a.length - pad);
    }

    @Test
    void wisdomWrittenByOneBackendMakesAnothersPlansTheSameBits(@TempDir Path dir) throws IOException {
        Path wisdom = dir.resolve("wisdom");       // made by the first export
        NativeFftw a = fftw(Planner.MEASURE, wisdom);
        a.forgetWisdom();                          // only the plans below and the self-test's
        int[] lengths = {7, 1000, 4096};
        double[] fromA = outputs(a, true, lengths);
        double[] fromASingle = outputs(a, false, lengths);
        for (String file : new String[] {NativeFftw.DOUBLE_WISDOM, NativeFftw.FLOAT_WISDOM}) {
            Path f = wisdom.resolve(file);
            assertTrue(Files.isRegularFile(f) && Files.size(f) > 0, f + " missing or empty");
            assertTrue(Files.readString(f).startsWith("(fftw"), f + " is not FFTW wisdom");
        }
        try (Stream<Path> files = Files.list(wisdom)) {
            assertEquals(2, files.count(), "temporary files were left in " + wisdom);
        }
        String aSays = a.implementation(ElementType.COMPLEX128);
        assertTrue(aSays.contains(", FFTW_MEASURE, wisdom " + wisdom + ", panels"), aSays);

        a.forgetWisdom();                          // b's plans come from the files, not from this process's memory
        NativeFftw b = fftw(Planner.MEASURE, wisdom);
        String bSays = b.implementation(ElementType.COMPLEX128);
        assertTrue(bSays.contains(", FFTW_MEASURE, wisdom " + wisdom + " (fftw3.wisdom imported), panels"), bSays);
        assertTrue(b.implementation(ElementType.COMPLEX64).contains("(fftw3f.wisdom imported)"),
                b.implementation(ElementType.COMPLEX64));
        assertArrayEquals(fromA, outputs(b, true, lengths), "float64 with the imported wisdom");
        assertArrayEquals(fromASingle, outputs(b, false, lengths), "float32 with the imported wisdom");
    }

    @Test
    void aWisdomFileFftwDoesNotImportIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        fftw(Planner.ESTIMATE, null);
        Path file = dir.resolve(NativeFftw.DOUBLE_WISDOM);
        Files.writeString(file, "(not wisdom at all");
        String message = assertThrows(IllegalStateException.class,
                () -> NativeFftw.kernels(false, Planner.MEASURE, dir)).getMessage();
        assertTrue(message.startsWith("-Djlops.fft.wisdom: " + file + " is not wisdom that "), message);
    }

    @Test
    void aWisdomDirectoryThatCannotBeWrittenIsReportedAndTheTransformsRun(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        NativeFftw f = fftw(Planner.ESTIMATE, notADirectory);   // the self-test's plans already tried to export
        String says = f.implementation(ElementType.COMPLEX128);
        assertTrue(says.contains(", wisdom " + notADirectory + " (fftw3.wisdom not written: "), says);
        assertFalse(says.contains("imported"), says);
        double[] x = {1, 0, 0, 2, -1, 0, 3, 0, 0, 0};
        Buffer b = Engine.host().wrap(x.clone(), ElementType.COMPLEX128);
        f.complex(b, 0, 1, 5, 1, false);
        Buffer ref = Engine.host().wrap(x.clone(), ElementType.COMPLEX128);
        JTransformsFft.INSTANCE.complex(ref, 0, 1, 5, 1, false);
        assertClose(values(ref), values(b), 1e-14, "complex of 5 with wisdom not written");
    }
}
