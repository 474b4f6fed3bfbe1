package org.jlops.mpi.examples;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.FFTND;
import org.jlops.mpi.ops.signal.MPIFFT2D;
import org.jlops.mpi.ops.signal.MPIFFTND;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_ffts}: {@link MPIFFT2D} on a 128 × 256 signal (a 10 Hz sine along
 * time, its amplitude growing with the trace number; sampling 0.005 s × 5 m), the forward
 * transform and the exact inverse {@code FFTop / D} ({@link MPIFFT2D#inverse}); then
 * {@link MPIFFTND} on the 128 × 64 × 13 cube of the same traces repeated along the third axis.
 * It prints the frequency axes, where the spectrum peaks (10 Hz), the inverse's largest error and
 * which rows each rank holds, and draws PyLops-MPI's two figures (signal, spectrum's modulus
 * with the wavenumbers centred, inverse, error).
 *
 * <p>Differences from PyLops-MPI's example: it also prints values (PyLops-MPI only plots); the
 * 3-d spectrum is drawn at the zero wavenumber of the third axis, where its energy is (PyLops-MPI
 * draws the slice {@code ny/2}, which holds only rounding noise since the traces are constant
 * along that axis).
 */
@Command(name = "ffts", mixinStandardHelpOptions = true,
        description = "MPIFFT2D and MPIFFTND: forward transform of a sinusoid and the exact inverse.")
public final class FftsExample extends Example {

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new FftsExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_ffts.py";
    }

    @Override
    public String summary() {
        return "MPIFFT2D on a 128x256 sinusoid and MPIFFTND on 128x64x13: forward and exact inverse";
    }

    /** {@code sin(2π f0 t) · (ix + 1)} on {@code nt × nx}, repeated {@code ny} times along a third axis. */
    static NdArray signal(int nt, int nx, int ny, double dt, double f0) {
        NdArray d = NdArray.zeros(DType.FLOAT64, (long) nt * nx * ny);
        for (int it = 0; it < nt; it++) {
            double s = Math.sin(2 * Math.PI * f0 * it * dt);
            for (int ix = 0; ix < nx; ix++) {
                for (int iy = 0; iy < ny; iy++) {
                    d.set(((long) it * nx + ix) * ny + iy, s * (ix + 1), 0);
                }
            }
        }
        return d;
    }

    @Override
    protected void run(Communicator comm, Report out) {
        double dt = 0.005;
        double dx = 5;
        int nt = 128;
        int nx = 256;
        double f0 = 10;
        NdArray d = signal(nt, nx, 1, dt, f0);
        MPIFFT2D op = new MPIFFT2D(new long[] {nt, nx}, MPIFFT2D.options().sampling(dt, dx), comm);
        out.line("   FFTop = %s", op);
        DistributedArray dist = DistributedArray.toDist(d, comm);
        DistributedArray spectrum = op.matvec(dist);
        DistributedArray back = op.inverse(spectrum);
        out.perRank("   rows of D per rank (the row slabs of its %d frequencies): %s", nt,
                Arrays.toString(org.jlops.mpi.array.LocalSplit.counts(nt, comm.size())));
        NdArray dd = spectrum.asArray();
        double[] dinv = back.asArray().astype(DType.FLOAT64).doubles();
        double[] f1 = op.f1();
        out.line("   f1 (Hz): %d frequencies, df = %.4f, from %.4f to %.4f", f1.length, f1[1] - f1[0],
                Arrays.stream(f1).min().orElse(0), Arrays.stream(f1).max().orElse(0));
        out.line("   f2 (1/m): %d wavenumbers, dk = %.6f", op.f2().length, op.f2()[1] - op.f2()[0]);
        out.line("   |D| peaks at f1 = %.4f Hz (the sine's %.0f Hz, to the bin)", Math.abs(f1[peakRow(dd, nt, nx)]), f0);
        double err = maxError(d.doubles(), dinv);
        out.line("   dinv = FFTop / D: max |d - dinv| = %s (max |d| = %.1f)", err < 1e-10 ? "< 1e-10" : err,
                (double) nx);
        double[][] modulus = centredModulus(dd, nt, nx);
        out.figure("ffts-2d.png", "MPIFFT2D: signal, spectrum (modulus, wavenumbers centred), inverse, error",
                () -> Figures.heatmaps("MPIFFT2D: 128 x 256 sinusoid", 2,
                        Figures.Heat.of("Signal", Figures.rows(d.doubles(), nt), Figures.Scale.DIVERGING)
                                .range(-100, 100),
                        Figures.Heat.of("Fourier transform |D| (first nt/2 rows)", modulus,
                                Figures.Scale.SEQUENTIAL),
                        Figures.Heat.of("Inverted", Figures.rows(dinv, nt), Figures.Scale.DIVERGING).range(-100, 100),
                        Figures.Heat.of("Error", Figures.rows(difference(d.doubles(), dinv), nt),
                                Figures.Scale.DIVERGING).range(-100, 100)));

        out.section("MPIFFTND on (nt, nx, ny) = (128, 64, 13), sampling (0.005, 5, 3)");
        int nx3 = 64;
        int ny = 13;
        NdArray cube = signal(nt, nx3, ny, dt, f0);
        MPIFFTND nd = new MPIFFTND(new long[] {nt, nx3, ny}, MPIFFTND.options().sampling(dt, dx, 3), comm);
        out.line("   FFTop = %s", nd);
        DistributedArray cd = nd.matvec(DistributedArray.toDist(cube, comm));
        double[] cinv = nd.inverse(cd).asArray().astype(DType.FLOAT64).doubles();
        NdArray cg = cd.asArray();
        out.line("   dinv = FFTop / D: max |d - dinv| = %s", maxError(cube.doubles(), cinv) < 1e-10 ? "< 1e-10"
                : maxError(cube.doubles(), cinv));
        // the traces are constant along the third axis: all the energy sits in its zero wavenumber
        double off = 0;
        double on = 0;
        for (long q = 0; q < cg.size(); q++) {
            double a = Math.hypot(cg.re(q), cg.im(q));
            if (q % ny == 0) {
                on += a * a;
            } else {
                off += a * a;
            }
        }
        out.line("   energy off the zero wavenumber of the third axis / total = %s",
                off / (on + off) < 1e-20 ? "< 1e-20" : off / (on + off));
        double[] slice = new double[nt * nx3];
        double[] sliceInv = new double[nt * nx3];
        double[] specSlice = new double[nt * nx3];
        for (int q = 0; q < nt * nx3; q++) {
            slice[q] = cube.re((long) q * ny + ny / 2);
            sliceInv[q] = cinv[q * ny + ny / 2];
            specSlice[q] = Math.hypot(cg.re((long) q * ny), cg.im((long) q * ny));
        }
        NdArray specNd = NdArray.wrap(DType.FLOAT64, specSlice, nt, nx3);
        NdArray shifted = FFTND.fftshift(specNd, 1);
        double[][] specRows = Figures.rows(Arrays.copyOf(shifted.doubles(), nt / 2 * nx3), nt / 2);
        out.figure("ffts-nd.png", "MPIFFTND: the middle slice of signal, spectrum, inverse, error",
                () -> Figures.heatmaps("MPIFFTND: 128 x 64 x 13 cube, slice ny/2", 2,
                        Figures.Heat.of("Signal", Figures.rows(slice, nt), Figures.Scale.DIVERGING).range(-20, 20),
                        Figures.Heat.of("|D|, wavenumber 0 of axis 2", specRows,
                                Figures.Scale.SEQUENTIAL),
                        Figures.Heat.of("Inverted", Figures.rows(sliceInv, nt), Figures.Scale.DIVERGING)
                                .range(-20, 20),
                        Figures.Heat.of("Error", Figures.rows(difference(slice, sliceInv), nt),
                                Figures.Scale.DIVERGING).range(-20, 20)));
    }

    /** The row (frequency) of the largest modulus. */
    static int peakRow(NdArray d, int rows, int cols) {
        double best = -1;
        int at = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double a = Math.hypot(d.re((long) i * cols + j), d.im((long) i * cols + j));
                if (a > best) {
                    best = a;
                    at = i;
                }
            }
        }
        return at;
    }

    /** {@code |fftshift(D, axes=1)[:rows/2, :]|}. */
    static double[][] centredModulus(NdArray d, int rows, int cols) {
        double[][] m = new double[rows / 2][cols];
        for (int i = 0; i < rows / 2; i++) {
            for (int j = 0; j < cols; j++) {
                int src = (j + cols - cols / 2) % cols;
                m[i][j] = Math.hypot(d.re((long) i * cols + src), d.im((long) i * cols + src));
            }
        }
        return m;
    }

    static double maxError(double[] a, double[] b) {
        double e = 0;
        for (int q = 0; q < a.length; q++) {
            e = Math.max(e, Math.abs(a[q] - b[q]));
        }
        return e;
    }

    static double[] difference(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int q = 0; q < a.length; q++) {
            c[q] = a[q] - b[q];
        }
        return c;
    }
}
