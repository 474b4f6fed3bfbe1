package org.jlops.mpi.examples;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.ops.serial.FFT;
import org.jlops.mpi.ops.serial.FftNorm;

/**
 * The synthetic model and kernel of PyLops-MPI's {@code plot_mdc} example and {@code mdd}
 * tutorial: hyperbolic events ({@code t(x) = sqrt(t0² + x²/v²)}) convolved with a Ricker wavelet,
 * the kernel {@code G(y, x, t)} of three events per source position {@code y}, tapered over the
 * spatial edges (Hanning, 5 samples), made two-sided by {@code nt − 1} leading zeros and
 * transformed along time (the first {@code nfmax} bins of the real DFT of length {@code 2nt − 1});
 * the model one event, two-sided the same way.
 *
 * <p>Differences from PyLops' helpers ({@code hyperbolic2d}, {@code taper3d}, {@code ricker}):
 * an event's amplitude is split linearly between the two samples around its time, and the taper is
 * {@code 0.5 (1 − cos(π (k + 1) / (ntap + 1)))} on the first and last {@code ntap} samples; the
 * figures and the inversion do not depend on these details.
 *
 * @param nt    time samples (one-sided)
 * @param dt    time sampling
 * @param nx    receivers (the model's second axis)
 * @param dx    receiver spacing
 * @param ox    first receiver
 * @param ny    sources (the data's second axis)
 * @param dy    source spacing
 * @param oy    first source
 * @param f0    the wavelet's peak frequency
 * @param nfmax the kernel's frequencies
 */
record MdcModel(int nt, double dt, int nx, double dx, double ox, int ny, double dy, double oy, double f0, int nfmax) {

    /** PyLops-MPI's {@code plot_mdc} sizes: nt 400, 61 receivers, 101 sources, 200 frequencies. */
    static MdcModel plotMdc() {
        return new MdcModel(400, 0.004, 61, 10, -300, 101, 10, -500, 20, 200);
    }

    /** PyLops-MPI's {@code mdd} tutorial sizes: nt 800, 121 receivers, 201 sources, 400 frequencies. */
    static MdcModel mddTutorial() {
        return new MdcModel(800, 0.002, 121, 5, -300, 201, 5, -500, 20, 400);
    }

    /** The two-sided time samples, {@code 2 nt − 1}. */
    int nt2() {
        return 2 * nt - 1;
    }

    /** PyLops' {@code ricker(t[:41], f0)}: 81 samples, centred at 40. */
    double[] wavelet() {
        int half = 40;
        double[] w = new double[2 * half + 1];
        for (int k = 0; k < w.length; k++) {
            double t = (k - half) * dt;
            double a = Math.PI * f0 * t;
            w[k] = (1 - 2 * a * a) * Math.exp(-a * a);
        }
        return w;
    }

    /**
     * Hyperbolic events on {@code (offsets, nt)}: spikes, or convolved with the wavelet.
     *
     * @param offsets the lateral positions
     * @param t0      the events' zero-offset times
     * @param v       their velocities
     * @param amp     their amplitudes
     * @param wav     whether to convolve with the wavelet
     */
    double[][] hyperbolic(double[] offsets, double[] t0, double[] v, double[] amp, boolean wav) {
        double[][] d = new double[offsets.length][nt];
        for (int ix = 0; ix < offsets.length; ix++) {
            for (int e = 0; e < t0.length; e++) {
                double te = Math.sqrt(t0[e] * t0[e] + offsets[ix] * offsets[ix] / (v[e] * v[e])) / dt;
                int it = (int) Math.floor(te);
                double frac = te - it;
                if (it >= 0 && it < nt) {
                    d[ix][it] += amp[e] * (1 - frac);
                }
                if (it + 1 >= 0 && it + 1 < nt) {
                    d[ix][it + 1] += amp[e] * frac;
                }
            }
        }
        if (!wav) {
            return d;
        }
        double[] w = wavelet();
        int half = w.length / 2;
        double[][] out = new double[offsets.length][nt];
        for (int ix = 0; ix < offsets.length; ix++) {
            for (int it = 0; it < nt; it++) {
                double s = d[ix][it];
                if (s == 0) {
                    continue;
                }
                for (int k = 0; k < w.length; k++) {
                    int j = it + k - half;
                    if (j >= 0 && j < nt) {
                        out[ix][j] += s * w[k];
                    }
                }
            }
        }
        return out;
    }

    double[] receivers() {
        double[] x = new double[nx];
        for (int i = 0; i < nx; i++) {
            x[i] = ox + i * dx;
        }
        return x;
    }

    static double taper(int k, int n, int ntap) {
        int e = Math.min(k, n - 1 - k);
        return e >= ntap ? 1 : 0.5 * (1 - Math.cos(Math.PI * (e + 1) / (ntap + 1)));
    }

    /** The model's single event, two-sided, as {@code (2nt − 1, nx)} row-major: spikes or with the wavelet. */
    double[] model(boolean wav) {
        double[][] m = hyperbolic(receivers(), new double[] {0.2}, new double[] {1100}, new double[] {1}, wav);
        double[] out = new double[nt2() * nx];
        for (int ix = 0; ix < nx; ix++) {
            for (int it = 0; it < nt; it++) {
                out[(nt - 1 + it) * nx + ix] = m[ix][it];
            }
        }
        return out;
    }

    /** The kernel with the wavelet, tapered, two-sided: {@code (ny, nx, 2nt − 1)} for the section of source {@code iy}. */
    double[][] kernelTraces(int iy) {
        double[] x = receivers();
        double y0 = oy + iy * dy;
        double[] off = new double[nx];
        for (int i = 0; i < nx; i++) {
            off[i] = x[i] - y0;
        }
        double[][] g = hyperbolic(off, new double[] {0.2, 0.5, 0.7}, new double[] {1200, 1500, 2000},
                new double[] {1, 0.6, 0.5}, true);
        double[][] two = new double[nx][nt2()];
        for (int ix = 0; ix < nx; ix++) {
            double tap = taper(iy, ny, 5) * taper(ix, nx, 5);
            for (int it = 0; it < nt; it++) {
                two[ix][nt - 1 + it] = g[ix][it] * tap;
            }
        }
        return two;
    }

    /**
     * The kernel's frequency slab {@code [from, to)}: {@code (to − from, ny, nx)} complex64, the bins
     * of the unnormalised DFT of length {@code 2nt − 1} of every two-sided trace.
     */
    NdArray kernel(long from, long to) {
        int n = nt2();
        FFT fft = new FFT(new long[] {n}, FFT.options().norm(FftNorm.NONE).dtype(DType.COMPLEX128));
        NdArray g = NdArray.zeros(DType.COMPLEX64, to - from, ny, nx);
        for (int iy = 0; iy < ny; iy++) {
            double[][] traces = kernelTraces(iy);
            for (int ix = 0; ix < nx; ix++) {
                NdArray spec = fft.matvec(NdArray.wrap(DType.FLOAT64, traces[ix], n));
                for (long f = from; f < to; f++) {
                    g.set(((f - from) * ny + iy) * nx + ix, spec.re(f), spec.im(f));
                }
            }
        }
        return g;
    }
}
