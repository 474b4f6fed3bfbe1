package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.FftKernels;

/**
 * Chooses the host's FFT kernels once, on first use: FFTW through FFM ({@link NativeFftw}) when the
 * system has {@code libfftw3} and {@code libfftw3f} and they pass their self-test, else JTransforms
 * ({@link JTransformsFft}). The system property {@value #BACKEND_PROPERTY} forces one:
 * {@code fftw}, {@code jtransforms}, or {@code auto} (the default: FFTW when it loads — measured
 * faster on every size of the bench, see {@code results/README.md}).
 */
final class HostFftKernels {

    /** The system property choosing the FFT backend: {@code auto} (default), {@code fftw} or {@code jtransforms}. */
    static final String BACKEND_PROPERTY = "jlops.fft.backend";

    private HostFftKernels() {
    }

    private static final class Holder {
        static final FftKernels SELECTED = select();
    }

    /** The kernels in use. Loads on the first call. */
    static FftKernels selected() {
        return Holder.SELECTED;
    }

    private static FftKernels select() {
        String choice = System.getProperty(BACKEND_PROPERTY, "auto");
        return switch (choice) {
            case "jtransforms" -> JTransformsFft.INSTANCE;
            case "fftw", "auto" -> NativeFftw.kernels(choice.equals("fftw"));
            default -> NativeFftw.fallback("-D" + BACKEND_PROPERTY + "=" + choice
                    + " is none of auto, fftw, jtransforms");
        };
    }
}
