package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.FftKernels;

/**
 * Chooses the host's FFT kernels once, on first use: FFTW through FFM ({@link NativeFftw}) when the
 * system has {@code libfftw3} and {@code libfftw3f} and they pass their self-test, else JTransforms
 * ({@link JTransformsFft}). The system property {@value #BACKEND_PROPERTY} forces one:
 * {@code fftw}, {@code jtransforms}, or {@code auto} (the default: FFTW when it loads — measured
 * faster on every size of the bench, see {@code results/README.md}). With FFTW ({@code auto} or
 * {@code fftw}), {@value NativeFftw#PLANNER_PROPERTY} sets the transform plans' planner effort and
 * {@value NativeFftw#WISDOM_PROPERTY} a wisdom directory (see {@link NativeFftw}); a bad value of
 * either, or a wisdom file FFTW does not import, fails every call of {@link #selected()} with the
 * reason.
 */
final class HostFftKernels {

    /** The system property choosing the FFT backend: {@code auto} (default), {@code fftw} or {@code jtransforms}. */
    static final String BACKEND_PROPERTY = "jlops.fft.backend";

    private HostFftKernels() {
    }

    /** The choice, made once: the kernels, or why there are none. */
    private static final class Holder {
        static final FftKernels SELECTED;
        static final RuntimeException FAILURE;

        static {
            FftKernels k = null;
            RuntimeException f = null;
            try {
                k = select(System.getProperty(BACKEND_PROPERTY, "auto"));
            } catch (IllegalArgumentException | IllegalStateException e) {
                f = e;
            }
            SELECTED = k;
            FAILURE = f;
        }

        private Holder() {
        }
    }

    /**
     * The kernels in use. Loads on the first call.
     *
     * @throws IllegalArgumentException when the planner or wisdom property holds a bad value
     * @throws IllegalStateException    when a wisdom file exists but FFTW does not import it
     */
    static FftKernels selected() {
        RuntimeException f = Holder.FAILURE;
        if (f instanceof IllegalArgumentException) {
            throw new IllegalArgumentException(f.getMessage(), f);
        }
        if (f != null) {
            throw new IllegalStateException(f.getMessage(), f);
        }
        return Holder.SELECTED;
    }

    /** The kernels for the backend choice {@code choice} (FFTW's planner and wisdom from their properties). */
    static FftKernels select(String choice) {
        return switch (choice) {
            case "jtransforms" -> JTransformsFft.INSTANCE;
            case "fftw", "auto" -> NativeFftw.kernels(choice.equals("fftw"));
            default -> NativeFftw.fallback("-D" + BACKEND_PROPERTY + "=" + choice
                    + " is none of auto, fftw, jtransforms");
        };
    }
}
