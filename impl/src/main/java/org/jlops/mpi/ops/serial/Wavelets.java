package org.jlops.mpi.ops.serial;

/**
 * Seismic wavelets for the convolution operators ({@link Convolve1D},
 * {@link PoststackLinearModelling}); PyLops' {@code pylops.utils.wavelets}.
 */
public final class Wavelets {

    private Wavelets() {
    }

    /**
     * The Ricker wavelet (PyLops' {@code ricker(t[:half + 1], f0)}) on the symmetric time axis
     * {@code t_k = (k − half)·dt}, {@code k = 0 .. 2·half}:
     *
     * <pre>
     *     w(t) = (1 − 2 (π f0 t)²) exp(−(π f0 t)²)
     * </pre>
     *
     * Its centre (the peak, value 1) is at index {@code half}: give {@code offset = half} to
     * {@link Convolve1D}. PyLops-MPI's tutorials use {@code half = 20}, {@code dt = 0.004},
     * {@code f0 = 15}: 41 taps.
     *
     * @param half the samples on each side of the centre, at least 0
     * @param dt   the sampling step (seconds), positive
     * @param f0   the peak frequency (Hz), positive
     * @return a new array of {@code 2·half + 1} samples
     * @throws IllegalArgumentException naming the bad argument
     */
    public static double[] ricker(int half, double dt, double f0) {
        if (half < 0) {
            throw new IllegalArgumentException("half: " + half + ", expected at least 0");
        }
        if (!(dt > 0) || !(f0 > 0) || Double.isInfinite(dt) || Double.isInfinite(f0)) {
            throw new IllegalArgumentException("dt/f0: " + dt + ", " + f0 + ", expected positive finite numbers");
        }
        double[] w = new double[2 * half + 1];
        for (int k = 0; k < w.length; k++) {
            double a = Math.PI * f0 * (k - half) * dt;
            w[k] = (1 - 2 * a * a) * Math.exp(-a * a);                          // (1 − 2(πf0t)²) e^{−(πf0t)²}
        }
        return w;
    }
}
